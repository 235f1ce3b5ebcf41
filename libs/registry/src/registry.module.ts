import { Module } from '@nestjs/common';
import { AppConfig } from '@lt/config';
import { DrsRegistryClient } from './drs-registry.client';
import { PUSH_SETTINGS, PushService, PushSettings } from './push.service';
import { ReconcileService } from './reconcile.service';
import { REGISTRY_PORT } from './registry-port';
import { RelayService } from './relay.service';
import { BullSubmissionQueue } from './submission-queue';
import { SUBMISSION_QUEUE, SUBMISSION_STORE } from './submission-store';
import { SubmissionsRepository } from './submissions.repository';

/** The registry push (relay, push, reconciliation) and what people see of it. Needs QueueModule. */
@Module({
  providers: [
    DrsRegistryClient,
    { provide: REGISTRY_PORT, useExisting: DrsRegistryClient },
    SubmissionsRepository,
    { provide: SUBMISSION_STORE, useExisting: SubmissionsRepository },
    BullSubmissionQueue,
    { provide: SUBMISSION_QUEUE, useExisting: BullSubmissionQueue },
    {
      provide: PUSH_SETTINGS,
      inject: [AppConfig],
      useFactory: (c: AppConfig): PushSettings => ({
        userId: c.REGISTRY_USER_ID,
        maxAttempts: c.REGISTRY_MAX_ATTEMPTS,
        leaseMs: 3 * c.REGISTRY_TIMEOUT_MS + 2000,
        pollIntervalMs: c.REGISTRY_POLL_INTERVAL_MS,
        pollsPerRun: 20,
        backoffMs: c.REGISTRY_BACKOFF_MS,
        backoffMaxMs: c.REGISTRY_BACKOFF_MAX_MS,
      }),
    },
    PushService,
    RelayService,
    ReconcileService,
  ],
  exports: [PushService, RelayService, ReconcileService, BullSubmissionQueue],
})
export class RegistryModule {}
