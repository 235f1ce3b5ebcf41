import { createSecretKey, randomBytes } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '@lt/config';
import { AuditLogService } from './audit-log.service';
import { AuditService } from './audit.service';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { FirstAdminService } from './first-admin.service';
import { PasswordHasher } from './password-hasher';
import { StationKey } from './station-key.entity';
import { StationKeysService } from './station-keys.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Users, station keys, sign-in, the global auth guard and the audit trail. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, StationKey]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // Development without JWT_SECRET signs with a key made per start: tokens end with the process.
      // The key is a KeyObject made once: given a string, jsonwebtoken rebuilds a key object on
      // every verify (about 2 ms of CPU each, the largest cost of a station's request).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(
          Buffer.from(config.JWT_SECRET ?? randomBytes(32).toString('hex')),
        ) as unknown as string,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    PasswordHasher,
    AuditService,
    AuditLogService,
    UsersService,
    StationKeysService,
    AuthService,
    FirstAdminService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuditService, AuditLogService, UsersService, StationKeysService, AuthService],
})
export class AuthModule {}
