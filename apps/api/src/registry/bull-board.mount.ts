import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '@lt/auth';
import { QUEUES } from '@lt/queue';

export const BULL_BOARD_PATH = '/admin/queues';

/** The session cookie an administrator's browser may carry instead of an Authorization header. */
export const BULL_BOARD_COOKIE = 'lt_token';

/**
 * Bull Board at /admin/queues, for administrators only. It is a Fastify plugin outside
 * Nest's routing, so Nest's guard does not run for it: a hook in its scope checks the bearer
 * token itself with AuthService.actorForToken, from the Authorization header or, for a
 * browser, the `lt_token` cookie. No token or a bad one: 401; a user who is not ADMIN: 403.
 * Registered during module init, before the Fastify instance is ready.
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
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.registry), new BullMQAdapter(this.maintenance)],
      serverAdapter,
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.admit(request, reply));
        await scope.register(serverAdapter.registerPlugin());
      },
      { prefix: BULL_BOARD_PATH },
    );
  }

  private async admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = tokenOf(request);
    const actor = token ? await this.auth.actorForToken(token) : null;
    if (!actor) {
      return refuse(reply, 401, 'Unauthorized', 'Sign in as an administrator.');
    }
    if (actor.role !== 'ADMIN') {
      return refuse(reply, 403, 'Forbidden', 'Bull Board is for administrators only.');
    }
  }
}

function refuse(reply: FastifyReply, status: number, title: string, detail: string): void {
  void reply
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  const cookie = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${BULL_BOARD_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(BULL_BOARD_COOKIE.length + 1)) : null;
}
