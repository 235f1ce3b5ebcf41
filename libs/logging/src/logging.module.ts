import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@lt/config';
import { RequestLineMiddleware } from './request-line.middleware';

/** The levels at which a line per HTTP request is written (`RequestLineMiddleware` writes at info). */
const REQUEST_LINE_LEVELS = ['info', 'debug', 'trace'];

/**
 * Structured logs for every process (API, worker): JSON lines in production and tests,
 * readable lines in development.
 *
 * The API writes one line per request at info and below (`RequestLineMiddleware`). It does
 * not use nestjs-pino's request logger (pino-http, with a child logger and an async context
 * per request): that cost about 0.2 ms of CPU per request, a fifth of the API's work on a
 * unit. So log lines from services do not name their request; errors are logged with the
 * request's method and URL by the problem-details filter.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [], // the request line is RequestLineMiddleware's
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
export class LoggingModule implements NestModule {
  constructor(private readonly config: AppConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!REQUEST_LINE_LEVELS.includes(this.config.LOG_LEVEL)) return;
    // Named wildcard: the bare '*' makes Nest warn about legacy route syntax.
    consumer.apply(RequestLineMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
