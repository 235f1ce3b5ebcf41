import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DelayedError, Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { JOBS, QUEUES } from '@lt/queue';
import { PushJobData, PushService } from '@lt/registry';
import { JobHandler } from './job-handler';
import { RetryLaterError } from './registry.processor';

/**
 * Runs the push for one submission and maps its answer onto BullMQ: wait (processing at
 * the registry) -> delayed without using an attempt; 429 -> the whole queue pauses for
 * Retry-After (BullMQ's rate limiter) without using an attempt; failure -> retry after the
 * push's backoff; FAILED -> UnrecoverableError, so BullMQ stops and it shows as failed.
 */
@Injectable()
export class RegistryPushHandler implements JobHandler {
  readonly queue = QUEUES.registry;
  readonly job = JOBS.registryPush;

  constructor(
    private readonly push: PushService,
    @InjectQueue(QUEUES.registry) private readonly registryQueue: Queue,
  ) {}

  async handle(job: Job<PushJobData>, token?: string): Promise<unknown> {
    const result = await this.push.run(job.data.submissionId);
    switch (result.kind) {
      case 'done':
        return result;
      case 'wait':
        await job.moveToDelayed(Date.now() + result.delayMs, token);
        throw new DelayedError();
      case 'rate-limited':
        await this.registryQueue.rateLimit(result.delayMs);
        throw Worker.RateLimitError();
      case 'retry':
        throw new RetryLaterError(result.message, result.delayMs);
      case 'failed':
        throw new UnrecoverableError(result.message);
    }
  }
}
