import 'reflect-metadata';
import { ConfigError, loadAppConfig } from '@lt/config';
import { DatabaseUnreachableError, ensureDatabase, runMigrations } from '@lt/database';
import { assertRedisReachable, RedisUnreachableError } from '@lt/queue';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadAppConfig();
  await ensureDatabase(config.DATABASE_URL);
  await assertRedisReachable(config.REDIS_URL);
  const applied = await runMigrations(config.DATABASE_URL);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  if (process.argv.includes('--migrate-only')) return;
  const app = await createApiApp();
  await app.listen(config.PORT, '0.0.0.0');
}

main().catch((error: unknown) => {
  const known = [ConfigError, DatabaseUnreachableError, RedisUnreachableError].some(
    (type) => error instanceof type,
  );
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
