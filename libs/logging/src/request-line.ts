import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

/** The levels at which a line per HTTP request is written (it is written at info). */
const REQUEST_LINE_LEVELS = ['info', 'debug', 'trace'];

type RequestWithActor = FastifyRequest & { actor?: { name: string } };

/**
 * One line per HTTP request, written when the answer has gone: who asked what, the status
 * and the time taken in ms; `request aborted` at warn when the client left first. Written
 * through the root logger, with no child logger or async context per request: nestjs-pino's
 * request logger (pino-http) cost about 0.2 ms of CPU per request, a fifth of the API's work
 * on a unit. So lines written by services do not name their request; errors are logged with
 * the request's method and URL by the problem-details filter. /health is not logged.
 */
export function installRequestLine(fastify: FastifyInstance, level: string): void {
  if (!REQUEST_LINE_LEVELS.includes(level)) return;
  const line = (request: RequestWithActor) => ({
    reqId: request.id,
    method: request.method,
    url: request.originalUrl,
    actor: request.actor?.name,
  });
  fastify.addHook('onResponse', (request: RequestWithActor, reply, done) => {
    if (request.originalUrl !== '/health') {
      const responseTime = Math.round(reply.elapsedTime * 10) / 10;
      PinoLogger.root.info(
        { ...line(request), statusCode: reply.statusCode, responseTime },
        'request completed',
      );
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request: RequestWithActor, done) => {
    PinoLogger.root.warn(line(request), 'request aborted');
    done();
  });
}
