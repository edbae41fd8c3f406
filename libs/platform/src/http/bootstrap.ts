import { INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, HttpEnv } from '../config/config';
import { ApiExceptionFilter } from './api-error';

export interface HttpBootstrapOptions {
  appName: string;
  /** OpenAPI document at /api/docs (title and description). */
  openApi?: { title: string; description: string; version?: string };
  /** Max JSON body size, e.g. "64kb". */
  bodyLimit?: string;
  /** Allow the app to relax helmet's Content-Security-Policy (the dashboard serves its own pages). */
  contentSecurityPolicy?: boolean;
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  nestOptions?: NestApplicationOptions;
}

/**
 * Shared boot sequence of the HTTP apps: structured logger, shutdown hooks (SIGTERM closes
 * consumers/workers cleanly), helmet, body limit, uniform error bodies, OpenAPI, listen, and one
 * log line with the URL.
 */
export async function bootstrapHttpApp(rootModule: Type<unknown>, opts: HttpBootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    bufferLogs: true,
    bodyParser: false,
    ...opts.nestOptions,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.use(helmet({ contentSecurityPolicy: opts.contentSecurityPolicy === false ? false : undefined }));
  app.useBodyParser('json', { limit: opts.bodyLimit ?? '256kb' });
  app.useGlobalFilters(new ApiExceptionFilter());
  if (opts.openApi) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(opts.openApi.title)
        .setDescription(opts.openApi.description)
        .setVersion(opts.openApi.version ?? '1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });
  }
  await opts.configure?.(app);
  const env = app.get<HttpEnv>(APP_CONFIG);
  await app.listen(env.PORT, env.HOST);
  const url = await app.getUrl();
  app.get(Logger).log(`${opts.appName} listening on ${url.replace('[::1]', '127.0.0.1')}`, 'Bootstrap');
  return app;
}
