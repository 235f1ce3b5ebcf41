import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { pruneIdempotencyKeys } from '@lt/core';
import { JOBS, QUEUES } from '@lt/queue';
import { JobHandler } from './job-handler';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Idempotency keys older than IDEMPOTENCY_KEY_DAYS -> deleted (repeating). */
@Injectable()
export class IdempotencyPruneHandler implements JobHandler {
  readonly queue = QUEUES.maintenance;
  readonly job = JOBS.idempotencyPrune;
  private readonly logger = new Logger(IdempotencyPruneHandler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async handle(): Promise<{ deleted: number }> {
    const before = new Date(Date.now() - this.config.IDEMPOTENCY_KEY_DAYS * DAY_MS);
    const deleted = await pruneIdempotencyKeys(this.db, before);
    if (deleted > 0)
      this.logger.log(`deleted ${deleted} idempotency keys stored before ${before.toISOString()}`);
    return { deleted };
  }
}
