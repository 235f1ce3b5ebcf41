import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadAppConfig } from '@lt/config';
import { DatabaseUnreachableError, ensureDatabase, runMigrations } from '@lt/database';
import { assertRedisReachable, RedisUnreachableError } from '@lt/queue';
import { WorkerModule } from './worker.module';

/** The same start-up checks as the API, then the BullMQ processors until a signal stops them. */
async function main(): Promise<void> {
  const config = loadAppConfig();
  await ensureDatabase(config.DATABASE_URL);
  await assertRedisReachable(config.REDIS_URL);
  const applied = await runMigrations(config.DATABASE_URL);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log(`Worker started (pid ${process.pid})`, 'Worker');
}

main().catch((error: unknown) => {
  const known = [ConfigError, DatabaseUnreachableError, RedisUnreachableError].some(
    (type) => error instanceof type,
  );
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
