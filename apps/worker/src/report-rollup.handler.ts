import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { ReportCountsService } from '@lt/reporting';
import { JobHandler } from './job-handler';

/** The report counts' deltas -> the counts (repeating). */
@Injectable()
export class ReportRollupHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.reportRollup;

  constructor(private readonly counts: ReportCountsService) {}

  async handle(): Promise<{ moved: number }> {
    return { moved: await this.counts.rollUp() };
  }
}
