import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig } from '@lt/config';
import { QUEUES } from '@lt/queue';
import { JobDispatcher } from './job-dispatcher';

/** The delay of a registry retry is decided by the push (backoff with jitter) and carried by the error. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryDelayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** Takes the registry queue's jobs, REGISTRY_CONCURRENCY at a time; the dispatcher picks the handler. */
@Processor(QUEUES.registry, {
  settings: {
    backoffStrategy: (_attempts: number, _type?: string, err?: Error) =>
      err instanceof RetryLaterError ? err.retryDelayMs : 1000,
  },
})
export class RegistryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly dispatcher: JobDispatcher,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.REGISTRY_CONCURRENCY;
  }

  process(job: Job, token?: string): Promise<unknown> {
    return this.dispatcher.dispatch(job, token);
  }
}
