import { addError, fieldText, FieldErrors, parseInteger, textRuleError } from './text-rules';
import { parseInlineImeis } from './inline-imeis';

export interface RegistrationInput {
  userId: string;
  userName: string;
  deviceCount: number;
  imeiPerDevice: number;
  mLocation: string;
  msisdn?: string;
  network?: string;
  /** Inline input only: the literal as sent and its rows. */
  imeisText?: string;
  inlineRows?: string[][];
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: unknown };

const EITHER = 'Either file or webpage input is required';

/** Contract section 3, step 1 (rules 1-6): every error of the form in one body, rule 1 alone. */
export function validateRegistrationForm(
  body: Record<string, unknown>,
  fileName: string | undefined,
): FormResult<RegistrationInput> {
  const imeisText = fieldText(body, 'imeis');
  const hasFile = fileName !== undefined;
  if (hasFile === (imeisText !== undefined))
    return { ok: false, errors: { imeis: [EITHER], file: [EITHER] } };

  const errors: FieldErrors = {};
  const deviceCount = integerField(body, 'device_count', 'Device count is required', errors);
  if (deviceCount !== undefined) {
    if (deviceCount <= 0)
      addError(errors, 'device_count', 'Device count must be a positive number');
    else if (deviceCount > 10000000) {
      addError(
        errors,
        'device_count',
        'Device count in single request should be less than 10000000',
      );
    }
  }
  const imeiPerDevice = integerField(
    body,
    'imei_per_device',
    'Imei per device count is required',
    errors,
  );
  const userId = textField(body, 'user_id', 'user id', 'User Id is required', errors);
  const userName = textField(body, 'user_name', 'user name', 'User Name is required', errors);
  const mLocation = fieldText(body, 'm_location');
  if (mLocation === undefined)
    addError(errors, 'm_location', 'manufacturing location is a required field');
  else if (mLocation !== 'local' && mLocation !== 'overseas') {
    addError(errors, 'm_location', 'Manufacturing location must be either local or overseas');
  }
  if (fileName !== undefined) {
    if (!fileName.endsWith('.tsv')) addError(errors, 'file', 'Only tsv files are allowed');
    if (fileName.length > 100)
      addError(errors, 'file', 'File name length should be under 100 characters');
  }
  let inlineRows: string[][] | undefined;
  if (imeisText !== undefined) {
    const inline = parseInlineImeis(imeisText, deviceCount, imeiPerDevice);
    if ('error' in inline) addError(errors, 'imeis', inline.error);
    else inlineRows = inline.rows;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      userId: userId!,
      userName: userName!,
      deviceCount: deviceCount!,
      imeiPerDevice: imeiPerDevice!,
      mLocation: mLocation!,
      msisdn: fieldText(body, 'msisdn'),
      network: fieldText(body, 'network'),
      imeisText,
      inlineRows,
    },
  };
}

function integerField(
  body: Record<string, unknown>,
  name: string,
  missing: string,
  errors: FieldErrors,
): number | undefined {
  const raw = fieldText(body, name);
  if (raw === undefined) {
    addError(errors, name, missing);
    return undefined;
  }
  const value = parseInteger(raw);
  if (value === undefined) addError(errors, name, 'Not a valid integer.');
  return value;
}

function textField(
  body: Record<string, unknown>,
  name: string,
  label: string,
  missing: string,
  errors: FieldErrors,
): string | undefined {
  const value = fieldText(body, name);
  if (value === undefined) {
    addError(errors, name, missing);
    return undefined;
  }
  const problem = textRuleError(label, value);
  if (problem) addError(errors, name, problem);
  return value;
}
