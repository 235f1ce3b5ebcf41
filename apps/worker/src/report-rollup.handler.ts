import { Injectable, Logger } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { ReportCountsService } from '@lt/reporting';
import { JobHandler } from './job-handler';

/** The report counts' deltas -> the counts (repeating). */
@Injectable()
export class ReportRollupHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.reportRollup;
  private readonly logger = new Logger(ReportRollupHandler.name);

  constructor(private readonly counts: ReportCountsService) {}

  async handle(): Promise<{ moved: number }> {
    try {
      return { moved: await this.counts.rollUp() };
    } catch (error) {
      // As for the relay: a repeating job's failure is otherwise seen only in Bull Board.
      this.logger.error(`${this.job} failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
