/**
 * The fields of `after` that differ from `before`: an edit sends only what the user changed,
 * so it cannot undo someone else's change to another field, nor resend what the API pins.
 */
export function changes<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[])
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) changed[key] = after[key];
  return changed;
}

/** An optional text field: empty means none (null clears it on an edit; see `withoutNulls`). */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** A create leaves out what is empty, rather than sending null. */
export function withoutNulls<T extends Record<string, unknown>>(body: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}
