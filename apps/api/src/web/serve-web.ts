import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NotFoundException } from '@nestjs/common';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Paths the web app never answers: the API, its docs, health and the queue dashboard (Bull Board). */
const NOT_WEB = /^\/(api|health|admin\/queues)(\/|$)/;

/** Where the built web app lives: WEB_DIST, else apps/web/dist under the working directory. */
export function webDistDir(): string {
  return resolve(process.env.WEB_DIST || join(process.cwd(), 'apps', 'web', 'dist'));
}

/**
 * Serves the built web app at / with an SPA fallback: any GET that is not an API, docs,
 * health or queue-dashboard path and names no file gets index.html, so bookmarks such as
 * /station?line=L1&stage=FUNCTIONAL open the app. Hashed assets are cached for a year;
 * index.html never, so a new build reaches every station PC on its next load.
 * Returns false (and serves nothing) when the app has not been built.
 *
 * The built files get a route each (`wildcard: false`); the fallback is a catch-all GET
 * route, which Fastify tries after every route that names its path or part of it.
 */
export function serveWebApp(fastify: FastifyInstance, dir = webDistDir()): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const assets = join(dir, 'assets');
  void fastify.register(fastifyStatic, {
    root: dir,
    index: false,
    wildcard: false,
    decorateReply: false,
    setHeaders: (res, path) => {
      res.header(
        'Cache-Control',
        path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  let index: string | undefined;
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    // A missing asset is a 404, not the app (a stale tab asking for an old chunk).
    if (NOT_WEB.test(path) || path.startsWith('/assets/') || /\.[a-z0-9]{2,5}$/i.test(path))
      throw new NotFoundException(`Cannot GET ${path}`);
    index ??= readFileSync(indexFile, 'utf8');
    return reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
  return true;
}
