import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { JOBS, QUEUES } from '@lt/queue';
import { JobHandler } from './job-handler';

/** Proves in the log, once a minute, that a worker takes jobs from Redis. */
@Injectable()
export class HeartbeatHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.heartbeat;
  private readonly logger = new Logger(HeartbeatHandler.name);

  handle(job: Job): Promise<{ at: string }> {
    const at = new Date().toISOString();
    this.logger.log(`heartbeat ${job.id ?? ''} at ${at} (pid ${process.pid})`);
    return Promise.resolve({ at });
  }
}
