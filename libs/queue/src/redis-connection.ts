import Redis, { RedisOptions } from 'ioredis';

export const REDIS_START_HINT =
  'start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';

export class RedisUnreachableError extends Error {}

/** Connection options BullMQ needs: workers block, so commands must not give up on retries. */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** Fails with one clear line when Redis does not answer a PING within a few seconds. */
export async function assertRedisReachable(url: string): Promise<void> {
  const client = new Redis({
    ...redisOptions(url),
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const safe = new URL(url);
    if (safe.password) safe.password = '***';
    throw new RedisUnreachableError(
      `Redis at ${safe.toString()} is unreachable (${(error as Error).message}); ${REDIS_START_HINT}`,
    );
  } finally {
    client.disconnect();
  }
}
