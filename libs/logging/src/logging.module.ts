import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@lt/config';

/** The levels at which a line per HTTP request is written (pino-http logs requests at info). */
const REQUEST_LINE_LEVELS = ['info', 'debug', 'trace'];

/**
 * Structured logs for every process (API, worker): JSON lines in production and tests,
 * readable lines in development. The HTTP options only take effect in the API.
 *
 * Above info (warn, error, fatal, silent) no request line can be written, so the request
 * logger is not mounted at all: it cost a quarter of the API's CPU per request (a child
 * logger and an async context per request) for nothing. Errors are still logged, with
 * the request's method and URL, by the problem-details filter.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Named wildcard: the bare '*' default makes Nest warn about legacy route syntax.
        forRoutes: REQUEST_LINE_LEVELS.includes(config.LOG_LEVEL)
          ? [{ path: '{*path}', method: RequestMethod.ALL }]
          : [],
        pinoHttp: {
          level: config.LOG_LEVEL,
          autoLogging: { ignore: (req) => req.url === '/health' },
          redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
          // One short line per request: who asked what, and the answer; not every header.
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
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
