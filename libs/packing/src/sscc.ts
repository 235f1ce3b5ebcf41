/**
 * SSCC (GS1 Serial Shipping Container Code): extension digit + GS1 company prefix + serial
 * reference (17 digits together) + the GS1 mod-10 check digit = 18 digits.
 *
 * We treat the extension digit and the serial reference as one number from the prefix's
 * counter: counter value n, zero-padded to 17 - prefix length digits, gives the extension
 * digit (its first digit) and the serial reference (the rest). The extension digit exists to
 * widen the company's number space, which is what this uses it for.
 */

/** GS1 mod-10 check digit over the data digits: weights 3, 1, 3, ... from the right. */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new Error(`not digits: ${digits}`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidSscc(sscc: string): boolean {
  return /^\d{18}$/.test(sscc) && gs1CheckDigit(sscc.slice(0, 17)) === Number(sscc[17]);
}

/** How many SSCCs a company prefix can issue (extension digit included). */
export function ssccCapacity(companyPrefix: string): bigint {
  return 10n ** BigInt(17 - companyPrefix.length);
}

/** The SSCC for the prefix's n-th number (n from 0 to capacity - 1). */
export function ssccFor(companyPrefix: string, n: bigint): string {
  if (!/^\d{7,10}$/.test(companyPrefix))
    throw new Error(`GS1 company prefix must be 7 to 10 digits: ${companyPrefix}`);
  if (n < 0n || n >= ssccCapacity(companyPrefix))
    throw new Error(`SSCC number ${n} is outside the prefix's range`);
  const width = 17 - companyPrefix.length;
  const padded = n.toString().padStart(width, '0');
  const data = padded[0] + companyPrefix + padded.slice(1);
  return data + String(gs1CheckDigit(data));
}

/** "(00) 1 0614141 123456789 7": the human-readable form printed under a barcode. */
export function formatSscc(sscc: string, companyPrefixLength?: number): string {
  if (!companyPrefixLength) return `(00) ${sscc}`;
  return `(00) ${sscc[0]} ${sscc.slice(1, 1 + companyPrefixLength)} ${sscc.slice(1 + companyPrefixLength, 17)} ${sscc[17]}`;
}
