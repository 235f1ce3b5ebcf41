import { useSyncExternalStore } from 'react';
import { api, ok } from '../api/client';
import type { components } from '../api/schema';
import { idbStore } from './idb-store';
import { memoryStore, OfflineQueue, type QueuedResult } from './offline-queue';
import { isOnline, subscribeConnection } from './connection';

export type QcResult = components['schemas']['QcResultDto'];

export function sendQcResult(item: QueuedResult): Promise<QcResult> {
  return ok(
    api.POST('/api/units/{ref}/qc-results', {
      params: { path: { ref: item.ref }, header: { 'Idempotency-Key': item.key } },
      body: {
        stage: item.stage,
        result: item.result,
        ...(item.defectCodes.length ? { defectCodes: item.defectCodes } : {}),
        station: item.station,
        testedAt: item.testedAt,
      },
    }),
  );
}

const store = typeof indexedDB === 'undefined' ? memoryStore() : idbStore('qc-results');
export const stationQueue = new OfflineQueue<QcResult>(store, sendQcResult);

// Replay when the connection comes back, and every 5 s while something waits (a server
// that answered 503 does not fire an "online" event).
let replayListeners: ((outcomes: Awaited<ReturnType<typeof stationQueue.flush>>) => void)[] = [];
export function onReplay(listener: (typeof replayListeners)[number]): () => void {
  replayListeners.push(listener);
  return () => {
    replayListeners = replayListeners.filter((other) => other !== listener);
  };
}
async function replay(): Promise<void> {
  if (!stationQueue.waiting().length) return;
  const outcomes = await stationQueue.flush();
  if (outcomes.length) replayListeners.forEach((listener) => listener(outcomes));
}
if (typeof window !== 'undefined') {
  subscribeConnection(() => {
    if (isOnline()) void replay();
  });
  window.addEventListener('online', () => void replay());
  setInterval(() => void replay(), 5000);
  void stationQueue.ready().then(replay);
}

export function useQueueItems(): QueuedResult[] {
  return useSyncExternalStore(
    (listener) => stationQueue.subscribe(listener),
    () => stationQueue.list(),
  );
}
