import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';

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
 */
export function serveWebApp(
  app: { use: (...handlers: unknown[]) => unknown },
  dir = webDistDir(),
): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const statics = express.static(dir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.includes(`${join(dir, 'assets')}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  let index: string | undefined;
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_WEB.test(req.path)) return next();
    statics(req, res, () => {
      // A missing asset is a 404, not the app (a stale tab asking for an old chunk).
      if (req.path.startsWith('/assets/') || /\.[a-z0-9]{2,5}$/i.test(req.path)) return next();
      index ??= readFileSync(indexFile, 'utf8');
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(index);
    });
  });
  return true;
}
