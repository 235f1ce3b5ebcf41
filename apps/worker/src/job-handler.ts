import { Job } from 'bullmq';
import { JOBS, QUEUES } from '@lt/queue';

export type JobName = (typeof JOBS)[keyof typeof JOBS];
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** One handler per job name; the dispatcher hands it the jobs of that name. */
export interface JobHandler {
  readonly queue: QueueName;
  readonly job: JobName;
  /** `token` is the worker's lock token, for handlers that move their job (delay it). */
  handle(job: Job, token?: string): Promise<unknown>;
}

/** The list of every job handler of the worker, provided by WorkerModule. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
