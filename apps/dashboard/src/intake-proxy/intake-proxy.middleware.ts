import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { APP_CONFIG, ApiErrorBody } from '@pledge/platform';
import type { NextFunction, Request, Response } from 'express';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, fixRequestBody, RequestHandler } from 'http-proxy-middleware';
import { PinoLogger } from 'nestjs-pino';
import type { DashboardEnv } from '../config';

/**
 * The intake's paths, served to the web app through the dashboard so that the PWA has one origin: log-in, updates
 * (one, batch), submissions (list, one, corrections, verify/return) and a commune's submissions for its officer.
 */
export const INTAKE_PATHS = /^\/api\/v1\/((auth|updates|submissions|imports)(\/|\?|$)|communes\/[^/?]+\/submissions(\/|\?|$))/;

/**
 * Proxies login, submissions and the officers' review actions to the intake app (INTAKE_URL), paths INTAKE_PATHS. The dashboard has
 * already parsed JSON bodies (its global body parser), so the body is written again for the intake; the client's
 * address travels in X-Forwarded-For. When the intake cannot be reached the answer is a 502 in the system's error
 * format, which the web app treats like "offline": a queued submission stays queued and is retried.
 */
@Injectable()
export class IntakeProxyMiddleware implements NestMiddleware {
  private readonly proxy: RequestHandler;

  constructor(
    @Inject(APP_CONFIG) config: DashboardEnv,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('IntakeProxy');
    this.proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: config.INTAKE_URL,
      changeOrigin: false,
      xfwd: true,
      proxyTimeout: 30_000,
      timeout: 30_000,
      on: {
        proxyReq: (proxyReq: ClientRequest, req: IncomingMessage) => fixRequestBody(proxyReq, req as IncomingMessage & { body?: unknown }),
        error: (err: Error, _req: IncomingMessage, res: ServerResponse | Socket) => {
          this.logger.warn({ err: err.message, target: config.INTAKE_URL }, 'intake unreachable');
          if (!('writeHead' in res) || res.headersSent) return;
          const body: ApiErrorBody = {
            statusCode: 502,
            error: 'intake_unreachable',
            message: 'Không kết nối được dịch vụ tiếp nhận báo cáo, vui lòng thử lại sau',
            messageEn: 'The intake service cannot be reached; please try again later',
          };
          res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(body));
        },
      },
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const url = req.originalUrl || req.url;
    if (!INTAKE_PATHS.test(url)) return next();
    // Nest mounts middleware with app.use(path), which strips the matched part from req.url: restore it
    req.url = url;
    void this.proxy(req, res, next);
  }
}
