import { ImeiTable } from '../tsv-file';
import { addError, FieldErrors } from './text-rules';

const MAX_ROWS = 10000000;
const lengthOk = (imei: string) => imei.length >= 14 && imei.length <= 16;
const hasDuplicates = (values: string[]) => new Set(values).size !== values.length;

/** Contract rule 7 (`fileprocessor.py`): every failing check in one body. */
export function registrationFileErrors(
  table: ImeiTable,
  deviceCount: number,
  imeiPerDevice: number,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  const present = table.rows.flat().filter((v): v is string => v !== null);
  if (table.columns !== imeiPerDevice) {
    addError(errors, 'imei_per_device', 'IMEIs per device count in file is not same as input.');
  }
  if (table.rows.length !== deviceCount)
    addError(errors, 'device_count', 'Device count in file is not same as input');
  if (present.some((imei) => !lengthOk(imei)))
    addError(errors, 'invalid_imeis', 'Invalid IMEIs in the input file');
  if (hasDuplicates(present))
    addError(errors, 'duplicate_imeis', 'Duplicate IMEIs in the input file');
  if (present.length !== table.rows.length * table.columns) {
    addError(errors, 'missing_imeis', 'Some IMEIs are missing in the columns');
  }
  if (table.rows.length > MAX_ROWS)
    addError(errors, 'limit', `Rows limit is ${MAX_ROWS} for single request`);
  if (present.some((imei) => !/^\d+$/.test(imei)))
    addError(errors, 'invalid_format', 'Invalid IMEIs Format in input file');
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The de-registration `.txt` checks, texts as rule 7. */
export function deregistrationFileErrors(
  imeis: string[],
  deviceCount: number,
): FieldErrors | undefined {
  const errors: FieldErrors = {};
  if (imeis.length !== deviceCount)
    addError(errors, 'device_count', 'Device count in file is not same as input');
  if (imeis.some((imei) => !lengthOk(imei)))
    addError(errors, 'invalid_imeis', 'Invalid IMEIs in the input file');
  if (hasDuplicates(imeis))
    addError(errors, 'duplicate_imeis', 'Duplicate IMEIs in the input file');
  if (imeis.some((imei) => !/^\d+$/.test(imei)))
    addError(errors, 'invalid_format', 'Invalid IMEIs Format in input file');
  return Object.keys(errors).length > 0 ? errors : undefined;
}
