import { Job, Queue, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { JOBS, QUEUES } from '@lt/queue';
import { PushService, ReconcileService, RelayService } from '@lt/registry';
import { ReportCountsService } from '@lt/reporting';
import { HeartbeatHandler } from './heartbeat.handler';
import { RegistryPushHandler } from './registry-push.handler';
import { RegistryReconcileHandler } from './registry-reconcile.handler';
import { RegistryRelayHandler } from './registry-relay.handler';
import { IdempotencyPruneHandler } from './idempotency-prune.handler';
import { ReportRollupHandler } from './report-rollup.handler';
import { indexJobHandlers, JobDispatcher } from './job-dispatcher';
import { JobHandler, JobName } from './job-handler';

const fakeHandler = (job: string): JobHandler & { handle: jest.Mock } => ({
  job: job as JobName,
  queue: QUEUES.maintenance,
  handle: jest.fn().mockResolvedValue({ handled: job }),
});

const fakeJob = (name: string, queueName: string = QUEUES.maintenance) =>
  ({ id: '1', name, queueName, data: {} }) as unknown as Job;

describe('indexJobHandlers', () => {
  it('accepts exactly one handler per job name', () => {
    const byName = indexJobHandlers([fakeHandler('a'), fakeHandler('b')], ['a', 'b']);
    expect([...byName.keys()].sort()).toEqual(['a', 'b']);
  });

  it('refuses a job name without a handler', () => {
    expect(() => indexJobHandlers([fakeHandler('a')], ['a', 'b'])).toThrow('b: no handler');
  });

  it('refuses two handlers for one job name', () => {
    expect(() => indexJobHandlers([fakeHandler('a'), fakeHandler('a')], ['a'])).toThrow(
      'a: more than one handler',
    );
  });

  it('refuses a handler for a name that is not in JOBS', () => {
    expect(() => indexJobHandlers([fakeHandler('a'), fakeHandler('z')], ['a'])).toThrow(
      'z: not a job name in JOBS',
    );
  });

  it("covers every name in JOBS with the worker's handlers", () => {
    const handlers = [
      new HeartbeatHandler(),
      new RegistryRelayHandler({} as RelayService),
      new RegistryReconcileHandler({} as ReconcileService),
      new RegistryPushHandler({} as PushService, {} as Queue),
      new ReportRollupHandler({} as ReportCountsService),
      new IdempotencyPruneHandler({} as DataSource, {} as AppConfig),
    ];
    expect(() => indexJobHandlers(handlers)).not.toThrow();
  });
});

describe('JobDispatcher', () => {
  const handlers = Object.values(JOBS).map((name) => fakeHandler(name));
  const dispatcher = new JobDispatcher(handlers);

  it('hands a job to the handler of its name and returns its result', async () => {
    await expect(dispatcher.dispatch(fakeJob(JOBS.heartbeat))).resolves.toEqual({
      handled: JOBS.heartbeat,
    });
    expect(handlers[0].handle.mock.calls).toHaveLength(1);
  });

  it('fails an unknown job name with UnrecoverableError, so BullMQ does not retry it', () => {
    expect(() => dispatcher.dispatch(fakeJob('no-such-job'))).toThrow(UnrecoverableError);
  });

  it('fails a known job that arrived on the wrong queue with UnrecoverableError', () => {
    expect(() => dispatcher.dispatch(fakeJob(JOBS.heartbeat, 'elsewhere'))).toThrow(
      UnrecoverableError,
    );
  });

  it('refuses to start when a job name has no handler', () => {
    expect(() => new JobDispatcher([])).toThrow(`${JOBS.heartbeat}: no handler`);
  });
});
