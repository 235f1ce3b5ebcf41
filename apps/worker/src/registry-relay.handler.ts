import { Injectable, Logger } from '@nestjs/common';
import { JOBS, QUEUES } from '@lt/queue';
import { RelayService } from '@lt/registry';
import { JobHandler } from './job-handler';

/** Outbox rows -> submissions -> registry jobs (repeating). */
@Injectable()
export class RegistryRelayHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.registryRelay;

  constructor(private readonly relay: RelayService) {}

  private readonly logger = new Logger(RegistryRelayHandler.name);

  async handle(): Promise<unknown> {
    try {
      return await this.relay.relay();
    } catch (error) {
      // Logged here because a repeating job's failure is otherwise seen only in Bull Board; rethrown so it fails.
      this.logger.error(`${this.job} failed: ${(error as Error).message}`);
      throw error;
    }
  }
}
