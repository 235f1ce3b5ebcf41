import { Inject, Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JOBS } from '@lt/queue';
import { JOB_HANDLERS, JobHandler } from './job-handler';

/**
 * Indexes handlers by job name and fails when a name in JOBS has no handler, has two,
 * or a handler claims a name JOBS does not know. Run at start-up, so a worker missing a
 * handler never starts instead of failing its jobs one by one.
 */
export function indexJobHandlers(
  handlers: readonly JobHandler[],
  expected: readonly string[] = Object.values(JOBS),
): Map<string, JobHandler> {
  const byName = new Map<string, JobHandler>();
  const problems: string[] = [];
  for (const handler of handlers) {
    if (!expected.includes(handler.job)) problems.push(`${handler.job}: not a job name in JOBS`);
    else if (byName.has(handler.job)) problems.push(`${handler.job}: more than one handler`);
    byName.set(handler.job, handler);
  }
  for (const name of expected) if (!byName.has(name)) problems.push(`${name}: no handler`);
  if (problems.length > 0) throw new Error(`Worker job handlers are wrong: ${problems.join('; ')}`);
  return byName;
}

/** Hands each job to the one handler of its name; the queue processors call it. */
@Injectable()
export class JobDispatcher {
  private readonly byName: Map<string, JobHandler>;

  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    this.byName = indexJobHandlers(handlers);
  }

  dispatch(job: Job, token?: string): Promise<unknown> {
    const handler = this.byName.get(job.name);
    // Retrying cannot make an unknown job known: fail it once, visibly.
    if (!handler)
      throw new UnrecoverableError(`No handler for job "${job.name}" on queue ${job.queueName}`);
    if (handler.queue !== job.queueName) {
      throw new UnrecoverableError(
        `Job "${job.name}" belongs on queue ${handler.queue}, not ${job.queueName}`,
      );
    }
    return handler.handle(job, token);
  }
}
