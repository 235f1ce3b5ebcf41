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
  // The response's close, not Fastify's onResponse: that one never fires for a client that
  // left after sending its body, and such a request must still leave a line.
  fastify.addHook('onRequest', (request: RequestWithActor, reply, done) => {
    if (request.originalUrl === '/health') return done();
    reply.raw.once('close', () => {
      const line = {
        reqId: request.id,
        method: request.method,
        url: request.originalUrl,
        statusCode: reply.statusCode,
        actor: request.actor?.name,
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      };
      if (reply.raw.writableFinished) PinoLogger.root.info(line, 'request completed');
      else PinoLogger.root.warn(line, 'request aborted');
    });
    done();
  });
}
