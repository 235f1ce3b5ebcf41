import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { failureBodyFor, isAdminPath } from '../http/route-table';
import { FaultState } from './fault-state';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies the configured faults to every non-admin request, in the contract's order:
 * down, rate limit, latency, hang, error (nothing stored), store-then-error (handled, then 500).
 */
@Injectable()
export class FaultInjector implements NestMiddleware {
  constructor(private readonly state: FaultState) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (isAdminPath(req.path)) return next();
    const faults = this.state.faults;
    const counters = this.state.counters;
    if (faults.down) {
      counters.down += 1;
      res.status(503).json({ message: 'service unavailable', status_code: 503 });
      return;
    }
    const retryAfter = this.state.takeRateSlot();
    if (retryAfter > 0) {
      counters.rateLimited += 1;
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({ message: 'too many requests', status_code: 429 });
      return;
    }
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.hangRate > 0 && Math.random() < faults.hangRate) {
      counters.hang += 1;
      this.state.hung.add(res);
      res.on('close', () => this.state.hung.delete(res));
      return;
    }
    const failure = failureBodyFor(req.method, req.path);
    if (faults.errorRate > 0 && Math.random() < faults.errorRate) {
      counters.error += 1;
      res.status(500).json(failure);
      return;
    }
    if (faults.storeThenErrorRate > 0 && Math.random() < faults.storeThenErrorRate) {
      counters.storeThenError += 1;
      replaceSuccessWith500(res, failure);
    }
    next();
  }
}

/** The handler runs and keeps its effects; only a successful answer is swapped for the 500. */
function replaceSuccessWith500(res: Response, failure: unknown): void {
  const send = res.send.bind(res);
  let swapped = false;
  res.send = ((body?: unknown) => {
    if (!swapped && res.statusCode < 400) {
      swapped = true;
      res.status(500).type('application/json');
      return send(JSON.stringify(failure));
    }
    return send(body as never);
  }) as Response['send'];
}
