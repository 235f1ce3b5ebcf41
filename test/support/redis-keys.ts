import Redis from 'ioredis';

/**
 * Deletes every Redis key under `prefix:` (the queues of one test suite or benchmark run),
 * so runs leave no keys behind; answers how many it deleted.
 */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('deleteRedisKeys: an empty prefix would match other runs');
  const redis = new Redis(url);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
