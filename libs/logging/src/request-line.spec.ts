import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CanActivate,
  Controller,
  ExecutionContext,
  Get,
  Global,
  HttpException,
  Injectable,
  Module,
  Query,
  Req,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { AppConfig } from '@lt/config';
import { LoggingModule } from './logging.module';
import { installRequestLine } from './request-line';

/** Signs every request in as "probe", as the API's guard names its actor. */
@Injectable()
class ProbeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<{ actor?: { name: string } }>().actor = { name: 'probe' };
    return true;
  }
}

/** An app with the logging module and the request line at `level`, and a route answering any status. */
async function appLoggingAt(level: string): Promise<NestFastifyApplication> {
  @Global()
  @Module({
    providers: [
      {
        provide: AppConfig,
        useValue: Object.assign(new AppConfig(), { NODE_ENV: 'test', LOG_LEVEL: level }),
      },
    ],
    exports: [AppConfig],
  })
  class ConfigStub {}

  @Controller()
  class Probe {
    @Get('probe')
    probe(@Req() req: FastifyRequest, @Query('status') status?: string) {
      if (status) throw new HttpException('probe', Number(status));
      // pino-http would have given the request a logger of its own (and a line of its own).
      return { requestLogger: (req.raw as { log?: unknown }).log !== undefined };
    }

    @Get('slow')
    async slow() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ok: true };
    }

    @Get('health')
    health() {
      return { ok: true };
    }
  }

  @Module({
    imports: [ConfigStub, LoggingModule],
    controllers: [Probe],
    providers: [{ provide: APP_GUARD, useClass: ProbeGuard }],
  })
  class ProbeModule {}

  const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), {
    logger: false,
  });
  installRequestLine(app.getHttpAdapter().getInstance(), level);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The request lines the root logger was asked to write while `run` ran. */
async function requestLines(run: () => Promise<unknown>): Promise<unknown[][]> {
  const info = jest.spyOn(PinoLogger.root, 'info').mockImplementation(() => undefined);
  try {
    await run();
    // The line is written when the response has gone, just after the client has its answer.
    await new Promise((resolve) => setImmediate(resolve));
    return info.mock.calls.filter((call) => call[1] === 'request completed');
  } finally {
    info.mockRestore();
  }
}

describe('installRequestLine', () => {
  it.each([
    ['info', 1],
    ['debug', 1],
    ['warn', 0],
    ['error', 0],
    ['silent', 0],
  ])('at %s writes %d line(s) per request', async (level, lines) => {
    const app = await appLoggingAt(level);
    try {
      const written = await requestLines(() =>
        request(app.getHttpServer()).get('/probe?x=1').expect(200, { requestLogger: false }),
      );
      expect(written).toHaveLength(lines);
    } finally {
      await app.close();
    }
  });

  it('names the request, its actor, its answer and the time taken, and skips /health', async () => {
    const app = await appLoggingAt('info');
    try {
      const written = await requestLines(async () => {
        await request(app.getHttpServer()).get('/health').expect(200);
        await request(app.getHttpServer()).get('/probe').expect(200);
        await request(app.getHttpServer()).get('/probe?status=409').expect(409);
      });
      expect(written.map(([line]) => line)).toEqual([
        expect.objectContaining({ method: 'GET', url: '/probe', statusCode: 200, actor: 'probe' }),
        expect.objectContaining({ method: 'GET', url: '/probe?status=409', statusCode: 409 }),
      ]);
      expect(written[0][0]).toEqual(
        expect.objectContaining({ reqId: expect.any(String), responseTime: expect.any(Number) }),
      );
    } finally {
      await app.close();
    }
  });

  it('writes "request aborted" at warn when the client leaves before its answer', async () => {
    const app = await appLoggingAt('info');
    const warn = jest.spyOn(PinoLogger.root, 'warn').mockImplementation(() => undefined);
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const client = get({ host: '127.0.0.1', port, path: '/slow' });
      client.on('error', () => undefined);
      setTimeout(() => client.destroy(), 50);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(warn.mock.calls).toEqual([
        [expect.objectContaining({ method: 'GET', url: '/slow' }), 'request aborted'],
      ]);
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });
});
