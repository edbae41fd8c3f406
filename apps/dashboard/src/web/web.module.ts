import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ServeWebMiddleware } from './serve-web.middleware';
import { WebController } from './web.controller';

/** The web app (district dashboard, secretaries' and officers' pages): static files, SPA fallback, caching. */
@Module({
  controllers: [WebController],
  providers: [ServeWebMiddleware],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ServeWebMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.GET });
  }
}
