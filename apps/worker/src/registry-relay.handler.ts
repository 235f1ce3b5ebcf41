import { Injectable } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { RelayService } from '@lt/registry';
import { JobHandler } from './job-handler';

/** Outbox rows -> submissions -> registry jobs (repeating). */
@Injectable()
export class RegistryRelayHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.registryRelay;

  constructor(private readonly relay: RelayService) {}

  handle(): Promise<unknown> {
    return this.relay.relay();
  }
}
