import { LeanConnection } from './lean-connection';

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstFailure?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(
  latencies: number[],
  failures: number,
  started: number,
  firstFailure?: string,
): LoadResult {
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    firstFailure,
  };
}

export const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface PlannedRequest {
  method: 'POST' | 'GET' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  expect?: number;
}

/**
 * `clients` keep-alive connections working through `total` requests as fast as the server
 * answers; `make(i)` builds request i. Spreads clients over the given base URLs.
 */
export function runLoad(
  baseUrls: string[],
  clients: number,
  total: number,
  make: (i: number) => PlannedRequest,
): Promise<LoadResult> {
  let next = 0;
  return drive(baseUrls, clients, () => (next < total ? make(next++) : undefined));
}

/**
 * One keep-alive connection per sequence, each sending its requests in order (as a test
 * station sends its own units' results stage after stage), all sequences at once.
 */
export function runSequences(
  baseUrls: string[],
  sequences: PlannedRequest[][],
): Promise<LoadResult> {
  const positions = sequences.map(() => 0);
  return drive(baseUrls, sequences.length, (client) => sequences[client][positions[client]++]);
}

/** `clients` connections, each asking `nextFor(client)` for its next request until none is left. */
async function drive(
  baseUrls: string[],
  clients: number,
  nextFor: (client: number) => PlannedRequest | undefined,
): Promise<LoadResult> {
  const connections = Array.from({ length: clients }, (_, client) =>
    LeanConnection.forUrl(baseUrls[client % baseUrls.length]),
  );
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (connection, client) => {
        for (let planned = nextFor(client); planned; planned = nextFor(client)) {
          const t0 = performance.now();
          const res = await connection.send(
            planned.method,
            planned.path,
            { 'content-type': 'application/json', ...planned.headers },
            planned.body === undefined ? undefined : JSON.stringify(planned.body),
          );
          latencies.push(performance.now() - t0);
          if (res.status !== (planned.expect ?? 201) && res.status !== (planned.expect ?? 200)) {
            failures++;
            firstFailure ??= `${res.status} ${res.body.slice(0, 300)}`;
          }
        }
      }),
    );
  } finally {
    connections.forEach((c) => c.close());
  }
  return summarize(latencies, failures, started, firstFailure);
}
