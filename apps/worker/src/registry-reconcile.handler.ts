import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { ReconcileService } from '@lt/registry';
import { JobHandler } from './job-handler';

/** Re-queues stuck submissions and closes orphan requests (repeating). */
@Injectable()
export class RegistryReconcileHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.registryReconcile;

  constructor(private readonly reconcile: ReconcileService) {}

  handle(): Promise<unknown> {
    return this.reconcile.reconcile();
  }
}
