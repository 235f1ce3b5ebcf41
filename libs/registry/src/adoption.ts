import { isFailedRead } from './registry-errors';
import { DrsRequest, RegistryPort, TERMINAL_LABELS } from './registry-port';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Our requests that carry this file name (DRS has no client request id; the file name is
 * ours and unique per submission). DRS's search cannot find by file name, so it finds the
 * candidates, and each is read for its file name:
 * - still moving (not Approved, Rejected, Failed or Closed), created since the first
 *   create began (a day either side: DRS compares dates in its own time zone);
 * - holding the IMEI of one of the submission's units: DRS finds IMEIs once it has
 *   processed a request, which takes in the ones that have finished. Units only leave a
 *   submission, so a request made for it earlier holds every unit it still has.
 */
export async function requestsOfFile(
  registry: RegistryPort,
  wanted: { fileName: string; userId: string; since: Date; imei: string | undefined },
  /** Which of these requests our other submissions have recorded: they never carry this file. */
  recordedByOthers: (ids: number[]) => Promise<Set<number>>,
): Promise<DrsRequest[]> {
  const moving = (
    await registry.searchOwnRegistrations({
      createdFrom: new Date(wanted.since.getTime() - DAY_MS),
      createdTo: new Date(Date.now() + DAY_MS),
    })
  ).filter((hit) => !(TERMINAL_LABELS as readonly string[]).includes(hit.statusLabel));
  const holding =
    wanted.imei === undefined ? [] : await registry.searchOwnRegistrations({ imei: wanted.imei });
  const found = [...new Set([...moving, ...holding].map((hit) => hit.id))];
  const others = await recordedByOthers(found);
  const ids = found.filter((id) => !others.has(id)).sort((a, b) => a - b);
  return readRequests(
    registry,
    ids,
    (request) => request.file === wanted.fileName && request.userId === wanted.userId,
  );
}

/**
 * Reads the search's hits in full (1.3), one by one, and keeps those `keep` takes: the
 * search shows no file name, and the file name is what tells a request of ours. A read
 * that fails throws, except that a caller which comes back later (the orphan sweep) may pass
 * `skipped` to pass over one answered 5xx; no answer in time, a refused key or a rate limit
 * always throws.
 */
export async function readRequests(
  registry: RegistryPort,
  ids: number[],
  keep: (request: DrsRequest) => boolean,
  skipped?: (id: number) => void,
): Promise<DrsRequest[]> {
  const kept: DrsRequest[] = [];
  for (const id of ids) {
    let request: DrsRequest;
    try {
      request = await registry.getRegistration(id);
    } catch (error) {
      if (skipped && isFailedRead(error)) {
        skipped(id);
        continue;
      }
      throw error;
    }
    if (keep(request)) kept.push(request);
  }
  return kept;
}

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
