import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { QUEUES } from '@lt/queue';
import { JobDispatcher } from './job-dispatcher';

/** Takes the maintenance queue's jobs; the dispatcher picks the handler. */
@Processor(QUEUES.maintenance)
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly dispatcher: JobDispatcher) {
    super();
  }

  process(job: Job): Promise<unknown> {
    return this.dispatcher.dispatch(job);
  }
}
