import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@lt/config';

/**
 * Structured logs for every process (API, worker): JSON lines in production and tests,
 * readable lines in development. The API's line per request is `installRequestLine`'s, not
 * nestjs-pino's request logger (see there why).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [], // the request line is installRequestLine's
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          transport:
            config.NODE_ENV !== 'development'
              ? undefined
              : { target: 'pino-pretty', options: { singleLine: true } },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
