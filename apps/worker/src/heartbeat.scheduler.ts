import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@lt/queue';

export const HEARTBEAT_EVERY_MS = 60_000;

/**
 * Keeps one heartbeat job scheduler in Redis. Upserting is idempotent, so every worker
 * process can do it at start-up, and a flushed Redis gets it back on the next start.
 */
@Injectable()
export class HeartbeatScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JOBS.heartbeat,
      { every: HEARTBEAT_EVERY_MS },
      { name: JOBS.heartbeat, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }
}
