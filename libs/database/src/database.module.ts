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
        extra: { max: 20, connectionTimeoutMillis: 10000 },
        retryAttempts: 1,
      }),
    }),
  ],
})
export class DatabaseModule {}
