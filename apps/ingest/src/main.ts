import 'reflect-metadata';
import { bootstrapHttpApp, KafkaBatchTransport } from '@pledge/platform';
import { IngestModule } from './ingest.module';

/**
 * A hybrid app: the platform's batch transport (kafkajs eachBatch behind Nest's @EventPattern handlers) consumes
 * ntm.criterion-updates; a small HTTP server answers /health and /metrics.
 */
void bootstrapHttpApp(IngestModule, {
  appName: 'ingest',
  configure: async (app) => {
    app.connectMicroservice({ strategy: app.get(KafkaBatchTransport) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  },
}).catch((err: Error) => {
  process.stderr.write(`ingest failed to start: ${err.message}\n`);
  process.exit(1);
});
