import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '@lt/config';
import { JOBS, QUEUES } from '@lt/queue';

/**
 * Keeps the repeating jobs' schedulers in Redis: registry relay and reconciliation, report
 * roll-up, idempotency key pruning. Every worker upserts them at start-up, and checks on a
 * timer that they are still there: a Redis flush or restart (ours keeps nothing on disk)
 * removes them, and without them nothing would carry on.
 */
@Injectable()
export class RepeatingJobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RepeatingJobsScheduler.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  private get schedules(): { name: string; every: number }[] {
    return [
      { name: JOBS.registryRelay, every: this.config.REGISTRY_RELAY_EVERY_MS },
      { name: JOBS.registryReconcile, every: this.config.REGISTRY_RECONCILE_EVERY_MS },
      { name: JOBS.reportRollup, every: this.config.REPORT_ROLLUP_EVERY_MS },
      { name: JOBS.idempotencyPrune, every: this.config.IDEMPOTENCY_PRUNE_EVERY_MS },
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure(true);
    const every = Math.min(this.config.REGISTRY_RECONCILE_EVERY_MS, 30_000);
    this.timer = setInterval(() => {
      this.ensure(false).catch((error: Error) =>
        this.logger.warn(`checking job schedulers: ${error.message}`),
      );
    }, every);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async ensure(always: boolean): Promise<void> {
    for (const { name, every } of this.schedules) {
      if (!always && (await this.queue.getJobScheduler(name))) continue;
      if (!always) this.logger.warn(`job scheduler ${name} was gone from Redis; adding it again`);
      await this.queue.upsertJobScheduler(
        name,
        { every },
        { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
  }
}
