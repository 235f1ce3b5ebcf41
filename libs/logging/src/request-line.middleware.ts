import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PinoLogger } from 'nestjs-pino';

let lastRequestId = 0;

/**
 * One line per HTTP request, written when the answer has gone: who asked what, the status
 * and the time taken in ms; `request aborted` when the client left first. Written through
 * the root logger: no child logger, no async context (see `LoggingModule`).
 */
@Injectable()
export class RequestLineMiddleware implements NestMiddleware {
  use(
    req: IncomingMessage & { originalUrl?: string; actor?: { name: string } },
    res: ServerResponse,
    next: () => void,
  ): void {
    const url = req.originalUrl ?? req.url ?? '';
    if (url === '/health') return next();
    const id = (lastRequestId = (lastRequestId + 1) % Number.MAX_SAFE_INTEGER);
    const started = performance.now();
    res.once('close', () => {
      // Flat fields: the logger's req and res serializers expect Node's own objects.
      const line = {
        reqId: id,
        method: req.method,
        url,
        statusCode: res.statusCode,
        actor: req.actor?.name,
        responseTime: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.writableFinished) PinoLogger.root.info(line, 'request completed');
      else PinoLogger.root.warn(line, 'request aborted');
    });
    next();
  }
}
