import { DrsRequest } from './registry-port';

/**
 * Which of the registry's requests carrying our submission's file name is "ours", and
 * which are orphans to close. Only our submission's file name and user match; the order
 * of preference: the request already recorded in PostgreSQL, then one that has already
 * moved past `New Request` (only a request we recorded can have had its device step, but
 * a crash may have lost that record), then the oldest. Closed or failed requests are never
 * adopted. Orphans hold no IMEI (IMEIs enter only with the device step), so closing them is safe.
 */
export function chooseAdoption(
  matches: DrsRequest[],
  recordedRegId: number | null,
): { adopt: DrsRequest | null; close: DrsRequest[] } {
  const usable = matches.filter((r) => !['Closed', 'Failed', 'Rejected'].includes(r.statusLabel));
  const byId = [...usable].sort((a, b) => a.id - b.id);
  const adopt =
    byId.find((r) => r.id === recordedRegId) ??
    byId.find((r) => r.statusLabel !== 'New Request') ??
    byId[0] ??
    null;
  const close = byId.filter((r) => r !== adopt && r.statusLabel === 'New Request');
  return { adopt, close };
}

/** "Equal jitter" exponential backoff: half fixed, half random, doubling per failure in a row. */
export function backoffDelay(
  failuresInARow: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failuresInARow - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
