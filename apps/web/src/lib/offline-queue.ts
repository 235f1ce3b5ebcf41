import { ApiError } from '../api/client';

/** One QC result recorded at a station, kept until the API has it. */
export interface QueuedResult {
  /** The Idempotency-Key: made once, sent with every attempt, so a retry never records twice. */
  key: string;
  ref: string;
  stage: string;
  result: 'PASS' | 'FAIL';
  defectCodes: string[];
  station: string;
  testedAt: string;
  createdAt: number;
  state: 'waiting' | 'refused';
  attempts: number;
  /** Why the API refused it (plain words from the problem's detail). */
  refusal?: string;
}

export interface QueueStore {
  all(): Promise<QueuedResult[]>;
  put(item: QueuedResult): Promise<void>;
  delete(key: string): Promise<void>;
}

export type SendOutcome<R> =
  | { kind: 'recorded'; item: QueuedResult; response: R }
  | { kind: 'refused'; item: QueuedResult; error: ApiError }
  | { kind: 'waiting'; item: QueuedResult; error: ApiError };

export type Sender<R> = (item: QueuedResult) => Promise<R>;

/** A Map-backed store, for tests and for browsers without IndexedDB. */
export function memoryStore(): QueueStore {
  const map = new Map<string, QueuedResult>();
  return {
    all: async () => [...map.values()].map((item) => ({ ...item })),
    put: async (item) => void map.set(item.key, { ...item }),
    delete: async (key) => void map.delete(key),
  };
}

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'offline', String((error as Error)?.message ?? error));

/**
 * The station's outbox. Every result is written to the store before the first send, so a
 * closed tab or a dropped network loses nothing. A result the API refuses (4xx other than
 * 408/429) is kept as refused for the supervisor to resolve; one that got no answer or a
 * server error waits and is sent again with the same Idempotency-Key.
 */
export class OfflineQueue<R = unknown> {
  private items = new Map<string, QueuedResult>();
  private inFlight = new Set<string>();
  private listeners = new Set<() => void>();
  private loaded: Promise<void>;
  private flushing: Promise<SendOutcome<R>[]> | null = null;
  private snapshot: QueuedResult[] = [];

  constructor(
    private readonly store: QueueStore,
    private readonly sender: Sender<R>,
  ) {
    this.loaded = store.all().then((all) => {
      for (const item of all) if (!this.items.has(item.key)) this.items.set(item.key, item);
      this.changed();
    });
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Items oldest first (a stable array between changes, for useSyncExternalStore). */
  list(): QueuedResult[] {
    return this.snapshot;
  }

  waiting(): QueuedResult[] {
    return this.snapshot.filter((item) => item.state === 'waiting');
  }

  refused(): QueuedResult[] {
    return this.snapshot.filter((item) => item.state === 'refused');
  }

  /** Keeps the result, then tries to send it once now. */
  async record(
    input: Omit<QueuedResult, 'createdAt' | 'state' | 'attempts'>,
  ): Promise<SendOutcome<R>> {
    await this.loaded;
    const item: QueuedResult = { ...input, createdAt: Date.now(), state: 'waiting', attempts: 0 };
    this.items.set(item.key, item);
    this.changed();
    await this.store.put(item);
    // Anything older still waiting goes first, so results reach the API in scan order.
    if (
      this.snapshot.some(
        (other) =>
          other.state === 'waiting' && other.key !== item.key && !this.inFlight.has(other.key),
      )
    ) {
      const outcomes = await this.flush();
      return (
        outcomes.find((outcome) => outcome.item.key === item.key) ?? {
          kind: 'waiting',
          item,
          error: new ApiError(0, 'offline', 'waiting'),
        }
      );
    }
    return this.send(item);
  }

  /** Sends every waiting result in order; stops at the first that still cannot be sent. */
  flush(): Promise<SendOutcome<R>[]> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    this.flushing = (async () => {
      await this.loaded;
      const outcomes: SendOutcome<R>[] = [];
      for (const item of this.waiting()) {
        if (this.inFlight.has(item.key)) continue;
        const outcome = await this.send(item);
        outcomes.push(outcome);
        if (outcome.kind === 'waiting') break;
      }
      return outcomes;
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** The supervisor has dealt with a refused result: forget it. */
  async dismiss(key: string): Promise<void> {
    this.items.delete(key);
    this.changed();
    await this.store.delete(key);
  }

  private async send(copy: QueuedResult): Promise<SendOutcome<R>> {
    const item = this.items.get(copy.key) ?? copy; // the live entry, not a snapshot copy
    this.inFlight.add(item.key);
    item.attempts += 1;
    try {
      const response = await this.sender(item);
      this.items.delete(item.key);
      this.changed();
      await this.store.delete(item.key);
      return { kind: 'recorded', item, response };
    } catch (thrown) {
      const error = asApiError(thrown);
      if (error.retryable) {
        await this.store.put(item);
        this.changed();
        return { kind: 'waiting', item, error };
      }
      item.state = 'refused';
      item.refusal = error.detail || error.title;
      await this.store.put(item);
      this.changed();
      return { kind: 'refused', item, error };
    } finally {
      this.inFlight.delete(item.key);
    }
  }

  private changed(): void {
    this.snapshot = [...this.items.values()]
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((item) => ({ ...item }));
    this.listeners.forEach((listener) => listener());
  }
}
