import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';

/** The one connection pool of a process; feature modules add their entities with forFeature. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        type: 'postgres',
        url: config.DATABASE_URL,
        autoLoadEntities: true,
        synchronize: false,
        migrationsRun: false,
        // keepAlive: a connection whose peer vanished (a failover, a cut link) errors in minutes, not hours.
        extra: { max: 20, connectionTimeoutMillis: 10000, keepAlive: true },
        retryAttempts: 1,
      }),
    }),
  ],
})
export class DatabaseModule {}
