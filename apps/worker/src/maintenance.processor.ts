import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { QUEUES } from '@lt/queue';
import { JobDispatcher } from './job-dispatcher';

/** Takes the maintenance queue's jobs; the dispatcher picks the handler. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    try {
      return await this.dispatcher.dispatch(job);
    } catch (error) {
      // Logged here because a repeating job's failure is otherwise seen only in Bull Board;
      // rethrown so it fails.
      this.logger.error(`${job.name} failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
