import { Controller, Get, Global, INestApplication, Module, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { AppConfig } from '@lt/config';
import { LoggingModule } from './logging.module';

/** An app with the logging module at `level`, and a route telling whether the request has a logger. */
async function appLoggingAt(level: string): Promise<INestApplication> {
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

  // /health: the request logger skips its line there, so the test prints nothing.
  @Controller('health')
  class Probe {
    @Get()
    probe(@Req() req: { log?: unknown }) {
      return { requestLogger: req.log !== undefined };
    }
  }

  @Module({ imports: [ConfigStub, LoggingModule], controllers: [Probe] })
  class ProbeModule {}

  const app = await NestFactory.create(ProbeModule, { logger: false });
  await app.init();
  return app;
}

describe('LoggingModule', () => {
  it.each([
    ['info', true],
    ['debug', true],
    ['warn', false],
    ['error', false],
    ['silent', false],
  ])('at %s mounts the request logger: %s', async (level, mounted) => {
    const app = await appLoggingAt(level);
    try {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toEqual({ requestLogger: mounted });
    } finally {
      await app.close();
    }
  });
});
