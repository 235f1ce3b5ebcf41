/**
 * The IMEIs of an uploaded CSV: the first column of each non-empty line, quotes removed;
 * a first line that is not a number is taken as a header.
 */
export function parseImeiCsv(text: string): string[] {
  const values = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) =>
      line
        .split(/[,;\t]/)[0]
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    )
    .filter((value) => value.length > 0);
  if (values.length > 0 && !/^\d+$/.test(values[0])) values.shift();
  return values;
}
