import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { GlobalPrefixOptions } from '@nestjs/common/interfaces';
import multipart from '@fastify/multipart';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@lt/config';
import { installRequestLine } from '@lt/logging';
import { ApiModule } from './api.module';
import { parseJsonBodies } from './http/json-body';
import { MAX_CSV_UPLOAD_BYTES } from './http/uploaded-csv';
import { createOpenApiDocument } from './web/openapi-document';
import { serveWebApp } from './web/serve-web';

/** The request body limit everywhere but the few bulk routes listed below: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Bulk uploads that may exceed 1 MiB: 100,000 IMEIs are about 1.9 MB of JSON; 1,000 QC
 * results with the most measurements (4 KB each), defect codes and keys about 6 MB.
 */
export const LARGE_BODY_ROUTES: { path: string; limit: number }[] = [
  { path: '/api/device-models/:id/imei-pools', limit: 8 * 1024 * 1024 },
  { path: '/api/qc-results/batch', limit: 7 * 1024 * 1024 },
];

/** The API lives under /api; /health stays at the root. */
export const API_PREFIX_OPTIONS: GlobalPrefixOptions = {
  exclude: [{ path: 'health', method: RequestMethod.GET }],
};

/** The web app: scripts only from this origin (no inline script); Mantine sets CSS variables
 * in style tags; labels and reports open as blob: URLs. Plant LANs often run plain HTTP, so
 * requests are not upgraded to https. */
const CONTENT_SECURITY_POLICY = {
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
};

/**
 * Builds the API exactly as production runs it; the end-to-end tests use the same function.
 * The benchmark's floor builds the same HTTP pipeline around a module of its own.
 *
 * Fastify, not Express: the same Nest application costs about a quarter less CPU per
 * request on Fastify, and a request's HTTP pipeline was most of what a unit or a QC result
 * cost the API (README, Benchmarks). Answers carry no ETag (Fastify sets none): no client
 * revalidates them; the web app's static files keep theirs.
 */
export async function createApiApp(rootModule: Type = ApiModule): Promise<INestApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: 'loopback',
    routerOptions: { ignoreTrailingSlash: true }, // /api/units/ is /api/units, as on Express
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    bodyParser: false, // JSON bodies are parseJsonBodies'; no form bodies
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  parseJsonBodies(fastify);
  fastify.addHook('onRoute', (route) => {
    const large = LARGE_BODY_ROUTES.find((r) => r.path === route.url);
    if (large) route.bodyLimit = large.limit;
  });
  installRequestLine(fastify, app.get(AppConfig).LOG_LEVEL);
  // helmet itself, built once: @fastify/helmet builds it anew for every request (its CSP
  // directives parsed each time), which cost about a tenth of a request's CPU.
  const securityHeaders = helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
  // Two files, so that `uploadedFile` sees a second one and refuses it by name (400); a few fields.
  await app.register(multipart, {
    limits: { fileSize: MAX_CSV_UPLOAD_BYTES, files: 2, fields: 10 },
  });
  app.setGlobalPrefix('api', API_PREFIX_OPTIONS);
  // The built web app at / (Nest's routes under /api, /health and /admin take precedence).
  serveWebApp(fastify);
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.init();
  await fastify.ready();
  return app;
}
