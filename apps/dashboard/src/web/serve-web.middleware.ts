import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { APP_CONFIG } from '@pledge/platform';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PinoLogger } from 'nestjs-pino';
import type { DashboardEnv } from '../config';
import { resolveWebDist } from './web-dist';

/** Paths the web app never answers (the APIs, health, metrics): they keep their JSON 404s. */
const SERVER_PATHS = /^\/(api|health|metrics|queues)(\/|$)/;

/** Files that must be revalidated on every load, so a new release reaches the phones. */
const ALWAYS_REVALIDATE = /^(index\.html|sw\.js|registerSW\.js|manifest\.webmanifest|workbox-[\w-]+\.js)$/;

/**
 * Serves the built web app (apps/dashboard/web/dist): hashed assets cached for a year, the service worker,
 * manifest and index.html revalidated every time, and index.html for every other page address (the SPA routes:
 * /dashboard, /cell, ...) so that a reload or a shared link works. API paths are left alone.
 */
@Injectable()
export class ServeWebMiddleware implements NestMiddleware {
  readonly distDir: string | null;
  private readonly statics: express.Handler | null;

  constructor(
    @Inject(APP_CONFIG) config: DashboardEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('ServeWeb');
    this.distDir = resolveWebDist(config.WEB_DIST_DIR);
    if (!this.distDir || !existsSync(join(this.distDir, 'index.html'))) {
      this.logger.warn({ distDir: this.distDir }, 'the web app is not built (npm run build:web); serving the placeholder page');
      this.distDir = null;
      this.statics = null;
      return;
    }
    this.logger.info({ distDir: this.distDir }, 'serving the web app');
    this.statics = express.static(this.distDir, {
      index: false,
      fallthrough: true,
      setHeaders: (res, path) => setCachingHeaders(res, path),
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !this.statics || !this.distDir) return next();
    // source maps are never served: the build does not write them, and one left behind stays private
    if (/\.map$/i.test(req.path)) return next();
    const distDir = this.distDir;
    this.statics(req, res, () => {
      // not a file: a page address of the single-page app (no extension) gets index.html; a missing asset gets 404
      if (/\.[a-z0-9]+$/i.test(req.path)) return next();
      const index = join(distDir, 'index.html');
      setCachingHeaders(res, index);
      res.sendFile(index, (err) => err && next(err));
    });
  }
}

export function setCachingHeaders(res: Response, path: string): void {
  const name = basename(path);
  if (ALWAYS_REVALIDATE.test(name)) res.setHeader('Cache-Control', 'no-cache');
  else if (/[\\/]assets[\\/]/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=86400');
  if (name === 'sw.js') res.setHeader('Service-Worker-Allowed', '/');
  if (name === 'manifest.webmanifest') res.setHeader('Content-Type', 'application/manifest+json; charset=utf-8');
}
