import { createStore, del, set, values } from 'idb-keyval';
import type { QueuedResult, QueueStore } from './offline-queue';

/** The queue's IndexedDB store: database "linetrack", object store named by the caller. */
export function idbStore(name = 'qc-results'): QueueStore {
  const store = createStore(`linetrack-${name}`, name);
  return {
    all: () => values<QueuedResult>(store),
    put: (item) => set(item.key, item, store),
    delete: (key) => del(key, store),
  };
}
