/** What a scanner (or a typing supervisor) sent to a Scan field. */
export type Scan =
  | { kind: 'empty' }
  | { kind: 'unit'; ref: string; imei: boolean }
  | { kind: 'defect'; code: string }
  | { kind: 'sscc'; sscc: string };

/** Prefix of the barcodes on the printed defect-code sheet. */
export const DEFECT_PREFIX = 'DC:';

/**
 * Cleans what a keyboard-wedge scanner types: surrounding blanks, control characters
 * (GS separators, stray CR/LF), an AIM symbology identifier such as "]C1", inner spaces.
 */
export function normaliseScan(raw: string): string {
  let text = raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (/^\][A-Za-z][0-9A-Za-z]/.test(text)) text = text.slice(3);
  return text.replace(/\s+/g, '').toUpperCase();
}

/** Luhn check over 15 digits, as an IMEI carries it. */
export function isImei(text: string): boolean {
  if (!/^\d{15}$/.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let digit = Number(text[14 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** GS1 mod-10 check of an 18-digit SSCC (optionally with its "(00)"/"00" application identifier). */
export function asSscc(text: string): string | null {
  const digits = text.replace(/^\(00\)/, '').replace(/^00(?=\d{18}$)/, '');
  if (!/^\d{18}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(digits[16 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits[17]) ? digits : null;
}

/**
 * Classifies a scan. A defect code is recognised by the sheet's "DC:" prefix or, when the
 * station knows its stage's codes, by an exact match; anything else is a unit reference
 * (serial or IMEI) unless sscc is allowed and it is a valid SSCC.
 */
export function parseScan(
  raw: string,
  options: { defectCodes?: string[]; allowSscc?: boolean } = {},
): Scan {
  const text = normaliseScan(raw);
  if (!text) return { kind: 'empty' };
  if (text.startsWith(DEFECT_PREFIX) && text.length > DEFECT_PREFIX.length) {
    return { kind: 'defect', code: text.slice(DEFECT_PREFIX.length) };
  }
  if (options.defectCodes?.some((code) => code.toUpperCase() === text))
    return { kind: 'defect', code: text };
  if (options.allowSscc) {
    const sscc = asSscc(text);
    if (sscc) return { kind: 'sscc', sscc };
  }
  return { kind: 'unit', ref: text, imei: isImei(text) };
}
