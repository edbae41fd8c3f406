import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';

/** Prometheus metrics at GET /metrics (process metrics plus each app's own counters). */
@Module({})
export class MetricsModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: MetricsModule,
      imports: [
        PrometheusModule.register({
          path: '/metrics',
          defaultMetrics: { enabled: true, config: { labels: { app: appName } } },
        }),
      ],
      exports: [PrometheusModule],
    };
  }
}
