import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, BaseEnv } from '../config/config';

/** Query parameters that carry secrets (EventSource cannot send headers, so SSE passes ?token=). */
const SECRET_PARAMS = /([?&](?:token|access_token|refresh_token|password)=)[^&#]*/gi;

/** The URL as logged: secret query parameters replaced by [redacted]. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Structured JSON logs (pino) for one app; request ids, secrets redacted. */
@Module({})
export class LoggingModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (env: BaseEnv) => ({
            pinoHttp: {
              name: appName,
              level: env.LOG_LEVEL,
              base: { app: appName, pid: process.pid },
              transport: env.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
              redact: {
                paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', '*.password', '*.passwordHash'],
                censor: '[redacted]',
              },
              genReqId: (req: IncomingMessage) => (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
              },
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
