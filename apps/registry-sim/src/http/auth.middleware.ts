import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { FaultState } from '../faults/fault-state';
import { ResolvedSimOptions, SIM_OPTIONS } from '../sim-options';
import { isAdminPath } from './route-table';

/** Deviation (a): one Bearer key for every route, admin included. Counts non-admin traffic for /admin/stats. */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly expected: Buffer;

  constructor(
    @Inject(SIM_OPTIONS) options: ResolvedSimOptions,
    private readonly state: FaultState,
  ) {
    this.expected = Buffer.from(`Bearer ${options.apiKey}`);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if (!isAdminPath(req.path)) this.state.requests += 1;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      res.status(401).json({ message: 'invalid user', status_code: 401 });
      return;
    }
    next();
  }
}
