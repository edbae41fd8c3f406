import { INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, HttpEnv } from '../config/config';
import { ApiExceptionFilter } from './api-error';
import { CSP_DIRECTIVES, noStoreByDefault, rejectUnsafeText, sameOriginForBrowserStateChanges } from './hardening';
import { StrictQueryGuard } from './strict-query';

export interface HttpBootstrapOptions {
  appName: string;
  /** OpenAPI document at /api/docs (title and description). */
  openApi?: OpenApiInfo;
  /** Max JSON body size, e.g. "64kb". */
  bodyLimit?: string;
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  nestOptions?: NestApplicationOptions;
}

export interface OpenApiInfo {
  title: string;
  description: string;
  version?: string;
}

/** The OpenAPI document of an app (served at /api/docs; also made without services by `npm run api:types`). */
export function openApiDocument(app: INestApplication, info: OpenApiInfo): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion(info.version ?? '1')
      .addBearerAuth()
      .build(),
  );
}

/**
 * Shared boot sequence of the HTTP apps: structured logger, shutdown hooks (SIGTERM closes consumers/workers
 * cleanly), helmet with the same-origin Content-Security-Policy (hardening.ts) and the usual headers,
 * `Cache-Control: no-store` by default, the Origin check against CSRF, body limit, the refusal of control
 * characters and invalid Unicode, uniform error bodies, OpenAPI, listen, and one log line with the URL.
 */
export async function bootstrapHttpApp(rootModule: Type<unknown>, opts: HttpBootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    bufferLogs: true,
    bodyParser: false,
    ...opts.nestOptions,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const env = app.get<HttpEnv & { TRUST_PROXY?: false | string[] }>(APP_CONFIG);
  // X-Forwarded-For is believed only from the proxies named in TRUST_PROXY (libs/platform trustProxyFromEnv)
  app.set('trust proxy', env.TRUST_PROXY ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: false, // plain http on an office network; a TLS-terminating proxy sets its own
    }),
  );
  app.use(noStoreByDefault);
  app.use(sameOriginForBrowserStateChanges(env.PUBLIC_BASE_URL ? [env.PUBLIC_BASE_URL] : []));
  app.useBodyParser('json', { limit: opts.bodyLimit ?? '256kb' });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalGuards(new StrictQueryGuard(app.get(Reflector)));
  if (opts.openApi) SwaggerModule.setup('api/docs', app, openApiDocument(app, opts.openApi), { jsonDocumentUrl: 'api/docs-json' });
  await opts.configure?.(app);
  app.use(rejectUnsafeText); // after every body parser (the apps' own included)
  await app.listen(env.PORT, env.HOST);
  const url = await app.getUrl();
  app.get(Logger).log(`${opts.appName} listening on ${url.replace('[::1]', '127.0.0.1')}`, 'Bootstrap');
  return app;
}
