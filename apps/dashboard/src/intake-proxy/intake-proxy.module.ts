import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { IntakeProxyMiddleware } from './intake-proxy.middleware';

/** /api/v1/auth/*, /api/v1/updates*, /api/v1/submissions* → the intake app (INTAKE_URL). */
@Module({ providers: [IntakeProxyMiddleware] })
export class IntakeProxyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IntakeProxyMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
