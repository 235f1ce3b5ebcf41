/**
 * Reads an IMEI upload the way DRS's pandas call does: whitespace-separated, no header, blank lines
 * skipped, the first row fixing the column count, longer rows dropped, shorter rows padded with null.
 */
export interface ImeiTable {
  columns: number;
  rows: (string | null)[][];
}

export function parseImeiTable(text: string): ImeiTable {
  const lines = text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length === 0) return { columns: 0, rows: [] };
  const split = lines.map((line) => line.split(/\s+/));
  const columns = split[0].length;
  const rows: (string | null)[][] = [];
  for (const fields of split) {
    if (fields.length > columns) continue;
    const row: (string | null)[] = [...fields];
    while (row.length < columns) row.push(null);
    rows.push(row);
  }
  return { columns, rows };
}

/** A de-registration upload: one IMEI per non-blank line. */
export function parseImeiLines(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
