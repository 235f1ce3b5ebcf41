import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@lt/auth';
import { AppConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { LoggingModule } from '@lt/logging';
import { QueueModule } from '@lt/queue';
import { AuditLogController } from './auth/audit-log.controller';
import { AuthController } from './auth/auth.controller';
import { StationKeysController } from './auth/station-keys.controller';
import { UsersController } from './auth/users.controller';
import { HealthModule } from './health/health.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';

@Module({
  imports: [AppConfigModule, LoggingModule, DatabaseModule, QueueModule, AuthModule, HealthModule],
  controllers: [AuthController, UsersController, StationKeysController, AuditLogController],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class ApiModule {}
