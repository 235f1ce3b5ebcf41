import { Injectable, Logger } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { ReconcileService } from '@lt/registry';
import { JobHandler } from './job-handler';

/** Re-queues stuck submissions and closes orphan requests (repeating). */
@Injectable()
export class RegistryReconcileHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.registryReconcile;

  constructor(private readonly reconcile: ReconcileService) {}

  private readonly logger = new Logger(RegistryReconcileHandler.name);

  async handle(): Promise<unknown> {
    try {
      return await this.reconcile.reconcile();
    } catch (error) {
      // Logged here because a repeating job's failure is otherwise seen only in Bull Board; rethrown so it fails.
      this.logger.error(`${this.job} failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
