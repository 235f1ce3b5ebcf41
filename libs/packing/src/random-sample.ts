import { randomInt } from 'node:crypto';

/**
 * `count` distinct items drawn at random (a partial Fisher-Yates shuffle with the operating
 * system's cryptographic randomness): nobody can predict or steer which units the audit
 * draws. Returns every item, shuffled, when count >= items.length.
 */
export function randomSample<T>(
  items: readonly T[],
  count: number,
  random: (max: number) => number = randomInt,
): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + random(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}
