import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { AuthService } from '@lt/auth';
import { QUEUES } from '@lt/queue';

export const BULL_BOARD_PATH = '/admin/queues';

/** The session cookie an administrator's browser may carry instead of an Authorization header. */
export const BULL_BOARD_COOKIE = 'lt_token';

/**
 * Bull Board at /admin/queues, for administrators only. It is plain Express middleware, so
 * Nest's guard does not run for it: this mount checks the bearer token itself with
 * AuthService.actorForToken, from the Authorization header or, for a browser, the
 * `lt_token` cookie. No token or a bad one: 401; a user who is not ADMIN: 403.
 * Mounted during module init, before Nest adds its 404 handler.
 */
@Injectable()
export class BullBoardMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    @InjectQueue(QUEUES.registry) private readonly registry: Queue,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {}

  onModuleInit(): void {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.registry), new BullMQAdapter(this.maintenance)],
      serverAdapter,
    });
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(BULL_BOARD_PATH, (req: Request, res: Response, next: NextFunction) => {
      this.admit(req, res, next).catch(next);
    });
    app.use(BULL_BOARD_PATH, serverAdapter.getRouter() as Express);
  }

  private async admit(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = tokenOf(req);
    const actor = token ? await this.auth.actorForToken(token) : null;
    if (!actor) {
      res.status(401).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'Sign in as an administrator.',
      });
      return;
    }
    if (actor.role !== 'ADMIN') {
      res.status(403).type('application/problem+json').send({
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: 'Bull Board is for administrators only.',
      });
      return;
    }
    next();
  }
}

function tokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${BULL_BOARD_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(BULL_BOARD_COOKIE.length + 1)) : null;
}
