/**
 * The webpage input: a Python literal list of lists, e.g. [['35123456000000','35123456000001']].
 * Checks in DRS's order; the first failure is the one message.
 */
export function parseInlineImeis(
  text: string,
  deviceCount: number | undefined,
  imeiPerDevice: number | undefined,
): { rows: string[][] } | { error: string } {
  const rows = parseLiteral(text);
  if (!rows) return { error: 'Invalid format for IMEIs Input' };
  const all = rows.flat();
  if (new Set(all).size !== all.length) return { error: 'Duplicate IMEIs in request' };
  if (rows.length > 10) return { error: 'Only 10 device are allowed in case of webpage input' };
  if (deviceCount !== undefined && rows.length !== deviceCount)
    return { error: 'Device count should be same as no of devices' };
  if (rows.some((row) => row.length > 5))
    return { error: 'Only 5 imeis are allowed per device in webpage' };
  if (imeiPerDevice !== undefined && rows.some((row) => row.length !== imeiPerDevice)) {
    return { error: 'No of imei for each device should be same as imei per device' };
  }
  if (all.some((imei) => !/^\d+$/.test(imei))) return { error: 'invalid imei' };
  return { rows };
}

function parseLiteral(text: string): string[][] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/'/g, '"'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const rows: string[][] = [];
  for (const row of parsed) {
    if (!Array.isArray(row) || row.length === 0) return undefined;
    if (!row.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))))
      return undefined;
    rows.push(row.map(String));
  }
  return rows;
}
