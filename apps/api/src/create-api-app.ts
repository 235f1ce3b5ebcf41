import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { GlobalPrefixOptions } from '@nestjs/common/interfaces';
import { json, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createOpenApiDocument } from './web/openapi-document';
import { serveWebApp } from './web/serve-web';

/** The request body limit everywhere but the few bulk routes listed below. */
export const BODY_LIMIT = '1mb';

/**
 * Bulk uploads that may exceed 1 MiB: 100,000 IMEIs are about 1.9 MB of JSON; 1,000 QC
 * results with the most measurements (4 KB each), defect codes and keys about 6 MB.
 */
export const LARGE_BODY_ROUTES: { path: string; limit: string }[] = [
  { path: '/api/device-models/:id/imei-pools', limit: '8mb' },
  { path: '/api/qc-results/batch', limit: '7mb' },
];

/** The API lives under /api; /health stays at the root. */
export const API_PREFIX_OPTIONS: GlobalPrefixOptions = {
  exclude: [{ path: 'health', method: RequestMethod.GET }],
};

/**
 * Builds the API exactly as production runs it; the end-to-end tests use the same function.
 * The benchmark's floor builds the same HTTP pipeline around a module of its own.
 */
export async function createApiApp(rootModule: Type = ApiModule): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.set('trust proxy', 'loopback');
  // No ETag on API answers: hashing every answer cost 2 % of a request's CPU, and no client
  // revalidates them. The web app's static files keep theirs (express.static sets its own).
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The web app: scripts only from this origin (no inline script); Mantine sets CSS
        // variables in style tags; labels and reports open as blob: URLs. Plant LANs often
        // run plain HTTP, so requests are not upgraded to https.
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  for (const route of LARGE_BODY_ROUTES) app.use(route.path, json({ limit: route.limit }));
  app.use(json({ limit: BODY_LIMIT }));
  const problems = new ProblemDetailsFilter();
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) =>
    error ? problems.send(error, req, res) : next(),
  );
  app.setGlobalPrefix('api', API_PREFIX_OPTIONS);
  // The built web app at / (before Nest's routes; it passes /api, /health, /admin on).
  serveWebApp(app);
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.init();
  return app;
}
