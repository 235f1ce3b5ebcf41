import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { idbStore } from './idb-store';
import { memoryStore, OfflineQueue, type QueuedResult } from './offline-queue';

const input = (n: number) => ({
  key: `key-${n}`,
  ref: `SERIAL${n}`,
  stage: 'FUNCTIONAL',
  result: 'PASS' as const,
  defectCodes: [],
  station: 'L1-FUNCTIONAL',
  testedAt: new Date(2026, 0, 1, 10, n).toISOString(),
});

/** A fake API: records by Idempotency-Key (a repeated key records nothing new), can be "down". */
function fakeApi() {
  const recorded = new Map<string, QueuedResult>();
  const calls: string[] = [];
  let down = false;
  const refuse = new Set<string>();
  return {
    recorded,
    calls,
    setDown: (value: boolean) => (down = value),
    refuse: (ref: string) => refuse.add(ref),
    sender: async (item: QueuedResult) => {
      calls.push(item.key);
      if (down) throw new ApiError(0, 'offline', 'Failed to fetch');
      if (refuse.has(item.ref))
        throw new ApiError(409, 'Conflict', `Unit ${item.ref} is due at stage RF, not FUNCTIONAL`, {
          expectedStage: 'RF',
        });
      if (!recorded.has(item.key)) recorded.set(item.key, item);
      return { serialNumber: item.ref };
    },
  };
}

describe('offline queue', () => {
  it('sends at once when online and keeps nothing', async () => {
    const api = fakeApi();
    const queue = new OfflineQueue(memoryStore(), api.sender);
    const outcome = await queue.record(input(1));
    expect(outcome.kind).toBe('recorded');
    expect(queue.list()).toEqual([]);
    expect(api.recorded.size).toBe(1);
  });

  it('keeps results while the network is down and replays each once, in order, with its key', async () => {
    const api = fakeApi();
    const store = memoryStore();
    const queue = new OfflineQueue(store, api.sender);
    api.setDown(true);
    for (let n = 1; n <= 5; n++) expect((await queue.record(input(n))).kind).toBe('waiting');
    expect(queue.waiting()).toHaveLength(5);
    expect(await store.all()).toHaveLength(5);
    expect((await queue.flush()).map((o) => o.kind)).toEqual(['waiting']); // stops at the first failure

    api.setDown(false);
    const outcomes = await queue.flush();
    expect(outcomes.map((o) => o.kind)).toEqual([
      'recorded',
      'recorded',
      'recorded',
      'recorded',
      'recorded',
    ]);
    expect(outcomes.map((o) => o.item.key)).toEqual(['key-1', 'key-2', 'key-3', 'key-4', 'key-5']);
    expect(api.recorded.size).toBe(5);
    expect(queue.list()).toEqual([]);
    expect(await store.all()).toEqual([]);
    // Every attempt of a result carried the same key: the server records it once.
    expect(new Set(api.calls).size).toBe(5);
  });

  it('lists a result the server refuses once sent, and forgets it only when dismissed', async () => {
    const api = fakeApi();
    const queue = new OfflineQueue(memoryStore(), api.sender);
    api.setDown(true);
    await queue.record(input(1));
    await queue.record(input(2));
    api.refuse('SERIAL1');
    api.setDown(false);
    const outcomes = await queue.flush();
    expect(outcomes.map((o) => o.kind)).toEqual(['refused', 'recorded']);
    expect(queue.refused()).toHaveLength(1);
    expect(queue.refused()[0].refusal).toContain('due at stage RF');
    await queue.dismiss('key-1');
    expect(queue.list()).toEqual([]);
  });

  it('sends older waiting results before a new one', async () => {
    const api = fakeApi();
    const queue = new OfflineQueue(memoryStore(), api.sender);
    api.setDown(true);
    await queue.record(input(1));
    api.setDown(false);
    const outcome = await queue.record(input(2));
    expect(outcome.kind).toBe('recorded');
    expect(api.calls.slice(-2)).toEqual(['key-1', 'key-2']);
  });

  it('survives a reload: IndexedDB keeps what waits', async () => {
    const api = fakeApi();
    api.setDown(true);
    const first = new OfflineQueue(idbStore('test-reload'), api.sender);
    await first.record(input(1));
    await first.record(input(2));
    api.setDown(false);
    const second = new OfflineQueue(idbStore('test-reload'), api.sender);
    await second.ready();
    expect(second.waiting().map((item) => item.key)).toEqual(['key-1', 'key-2']);
    await second.flush();
    expect(api.recorded.size).toBe(2);
    const third = new OfflineQueue(idbStore('test-reload'), api.sender);
    await third.ready();
    expect(third.list()).toEqual([]);
  });

  it('does not send one result twice at the same time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const queue = new OfflineQueue(memoryStore(), async (item) => {
      calls.push(item.key);
      await gate;
      return {};
    });
    const pending = queue.record(input(1));
    await new Promise((r) => setTimeout(r, 10));
    const flushed = queue.flush();
    release();
    await Promise.all([pending, flushed]);
    expect(calls).toEqual(['key-1']);
  });
});
