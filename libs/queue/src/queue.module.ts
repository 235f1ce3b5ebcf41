import { Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import Redis from 'ioredis';
import { AppConfig } from '@lt/config';
import { QUEUES } from './queue-names';
import { redisOptions } from './redis-connection';

export const REDIS = Symbol('REDIS');

/** BullMQ on the configured Redis, every queue registered, and a plain client for health checks. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    ...Object.values(QUEUES).map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const client = new Redis({
          ...redisOptions(config.REDIS_URL),
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
        });
        client.on('error', () => undefined);
        return client;
      },
    },
  ],
  exports: [BullModule, REDIS],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
