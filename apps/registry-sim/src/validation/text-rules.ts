/** DRS `validators.py` string rules: the first failing rule gives the one message. */
export function textRuleError(label: string, value: string): string | undefined {
  if (value.length < 1 || value.length > 1000) return `${label} value should be between 1 and 1000`;
  if (value.startsWith(' ') || value.endsWith(' '))
    return `${label} cannot start or ends with spaces`;
  if (value.startsWith('\t') || value.endsWith('\t'))
    return `${label} cannot start or ends with tabs`;
  if (value.endsWith('\n') || value.endsWith('\r')) return `${label} cannot end with line breaks`;
  return undefined;
}

export type FieldErrors = Record<string, string[]>;

export function addError(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

/** Marshmallow's Integer: missing is handled by the caller; anything not an integer literal fails. */
export function parseInteger(value: string): number | undefined {
  const trimmed = value.trim();
  return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

export const fieldText = (body: Record<string, unknown>, name: string): string | undefined => {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
};
