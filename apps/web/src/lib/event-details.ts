import type { TFunction } from 'i18next';

/** Ids the history's details carry for tracing, not for reading on the floor. */
const HIDDEN = new Set(['resultId', 'submissionId']);

/** The order phrases are read in; the API's JSON keeps keys in an order of its own. */
const ORDER = [
  'workOrder',
  'attempt',
  'defectCodes',
  'station',
  'testedAt',
  'registryStatus',
  'reason',
  'note',
];
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/**
 * A history event's details as phrases a supervisor reads ("Work order WO-12", "attempt 2",
 * "tested 28 Nov, 11:57"), in the user's language. A key without a phrase of its own is
 * shown as `key: value`.
 */
export function eventDetailParts(
  details: Record<string, unknown> | null | undefined,
  t: TFunction,
  when: (at: string) => string,
): string[] {
  const entries = Object.entries(details ?? {}).sort(([a], [b]) => rank(a) - rank(b));
  return entries.flatMap(([key, raw]) => {
    if (HIDDEN.has(key) || raw === null || raw === undefined) return [];
    const value =
      key === 'testedAt' && typeof raw === 'string'
        ? when(raw)
        : key === 'registryStatus'
          ? t(`registryStatus.${String(raw)}`, { defaultValue: String(raw) })
          : Array.isArray(raw)
            ? raw.join(', ')
            : String(raw);
    return [t(`eventDetails.${key}`, { value, defaultValue: `${key}: ${value}` })];
  });
}
