import { ZipFile } from 'yazl';

/** DIRBS-Core's registration-list import format (contract section 7): 9 columns, this order. */
export const REGISTRATION_LIST_COLUMNS = [
  'approved_imei',
  'make',
  'model',
  'status',
  'model_number',
  'brand_name',
  'device_type',
  'radio_interface',
  'device_id',
] as const;

export interface RegisteredImeiRow {
  imei: string;
  brand: string;
  modelName: string;
  modelNumber: string;
  deviceType: string;
  technologies: string[];
  unitId: string;
}

const cell = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/**
 * One CSV line per registered IMEI. `device_id` groups a unit's IMEIs: the unit's id without
 * dashes (32 hex characters, so `[a-zA-Z0-9]+` as Core requires); `radio_interface` joins the
 * technologies with ", " as DRS's own list generator does.
 */
export function registrationListCsv(rows: Iterable<RegisteredImeiRow>): string {
  const lines = [REGISTRATION_LIST_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.imei,
        r.brand,
        r.modelName,
        'whitelist',
        r.modelNumber,
        r.brand,
        r.deviceType,
        r.technologies.join(', '),
        r.unitId.replace(/-/g, ''),
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** `reglist_YYYYMMDD`: the zip and the CSV inside it share this base name, as Core's importer requires. */
export function registrationListBaseName(at: Date): string {
  return `reglist_${at.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** A zip holding exactly one CSV named `<baseName>.csv`. */
export function zipOneCsv(baseName: string, csv: string): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addBuffer(Buffer.from(csv, 'utf8'), `${baseName}.csv`);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
