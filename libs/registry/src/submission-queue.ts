import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOBS, QUEUES } from '@lt/queue';
import { SubmissionQueue } from './submission-store';

/**
 * Job options of the registry queue, in one place. PostgreSQL decides when a submission
 * has failed for good (failures in a row, see PushService), so BullMQ's own attempts are
 * only a high ceiling; the delay of each retry comes from the error (backoff with jitter).
 */
export const REGISTRY_JOB_OPTIONS: JobsOptions = {
  attempts: 10_000,
  backoff: { type: 'registry' },
  removeOnComplete: true,
  removeOnFail: 1000,
};

export interface PushJobData {
  submissionId: string;
}

/** The registry queue: one job per submission, job id = submission id. */
@Injectable()
export class BullSubmissionQueue implements SubmissionQueue {
  constructor(@InjectQueue(QUEUES.registry) private readonly queue: Queue<PushJobData>) {}

  /** Adding a job whose id exists is a no-op in BullMQ: enqueueing twice is harmless. */
  async enqueue(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(
      ids.map((id) => ({
        name: JOBS.registryPush,
        data: { submissionId: id },
        opts: { ...REGISTRY_JOB_OPTIONS, jobId: id },
      })),
    );
  }

  /**
   * Makes sure each submission has a job that will run: a job kept as failed or completed
   * (a retry by an administrator, a stall) is removed first, then added again.
   */
  async ensureQueued(ids: string[]): Promise<void> {
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job) continue;
      const state = await job.getState();
      if (state === 'failed' || state === 'completed') await job.remove().catch(() => undefined);
    }
    await this.enqueue(ids);
  }
}
