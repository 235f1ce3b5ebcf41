import { Module } from '@nestjs/common';
import { AppConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { LoggingModule } from '@lt/logging';
import { QueueModule } from '@lt/queue';
import { HeartbeatHandler } from './heartbeat.handler';
import { HeartbeatScheduler } from './heartbeat.scheduler';
import { JobDispatcher } from './job-dispatcher';
import { JOB_HANDLERS, JobHandler } from './job-handler';
import { MaintenanceProcessor } from './maintenance.processor';

/** Every job handler of the worker; JobDispatcher checks at start-up that JOBS is covered. */
const HANDLERS = [HeartbeatHandler];

@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, QueueModule],
  providers: [
    ...HANDLERS,
    { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers },
    JobDispatcher,
    MaintenanceProcessor,
    HeartbeatScheduler,
  ],
})
export class WorkerModule {}
