import { Module } from '@nestjs/common';
import { AppConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { LoggingModule } from '@lt/logging';
import { QueueModule } from '@lt/queue';
import { RegistryModule } from '@lt/registry';
import { ReportingModule } from '@lt/reporting';
import { HeartbeatHandler } from './heartbeat.handler';
import { HeartbeatScheduler } from './heartbeat.scheduler';
import { IdempotencyPruneHandler } from './idempotency-prune.handler';
import { JobDispatcher } from './job-dispatcher';
import { JOB_HANDLERS, JobHandler } from './job-handler';
import { MaintenanceProcessor } from './maintenance.processor';
import { RegistryProcessor } from './registry.processor';
import { RegistryPushHandler } from './registry-push.handler';
import { RegistryReconcileHandler } from './registry-reconcile.handler';
import { RegistryRelayHandler } from './registry-relay.handler';
import { RepeatingJobsScheduler } from './repeating-jobs.scheduler';
import { ReportRollupHandler } from './report-rollup.handler';

/** Every job handler of the worker; JobDispatcher checks at start-up that JOBS is covered. */
const HANDLERS = [
  HeartbeatHandler,
  RegistryRelayHandler,
  RegistryReconcileHandler,
  RegistryPushHandler,
  ReportRollupHandler,
  IdempotencyPruneHandler,
];

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    RegistryModule,
    ReportingModule,
  ],
  providers: [
    ...HANDLERS,
    {
      provide: JOB_HANDLERS,
      inject: HANDLERS,
      useFactory: (...handlers: JobHandler[]) => handlers,
    },
    JobDispatcher,
    MaintenanceProcessor,
    HeartbeatScheduler,
    RegistryProcessor,
    RepeatingJobsScheduler,
  ],
})
export class WorkerModule {}
