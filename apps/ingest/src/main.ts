import 'reflect-metadata';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { ConsumerGroups } from '@pledge/contracts';
import { APP_CONFIG, bootstrapHttpApp, KafkaNaming } from '@pledge/platform';
import { Partitioners } from 'kafkajs';
import type { IngestEnv } from './config';
import { IngestModule } from './ingest.module';

/**
 * A hybrid app: the NestJS Kafka transport consumes ntm.criterion-updates; a small HTTP server
 * answers /health and /metrics.
 */
void bootstrapHttpApp(IngestModule, {
  appName: 'ingest',
  configure: async (app) => {
    const env = app.get<IngestEnv>(APP_CONFIG);
    const naming = app.get(KafkaNaming);
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.KAFKA,
        options: {
          postfixId: '',
          // keep the raw bytes: ingest validates exactly what was produced, and dead-letters it verbatim
          parser: { keepBinary: true },
          client: { clientId: `${env.KAFKA_CLIENT_ID}-ingest`, brokers: env.KAFKA_BROKERS, connectionTimeout: env.KAFKA_CONNECTION_TIMEOUT_MS },
          consumer: { groupId: naming.group(ConsumerGroups.ingest), allowAutoTopicCreation: false, retry: { retries: 10 } },
          subscribe: { fromBeginning: true },
          run: { autoCommit: true, partitionsConsumedConcurrently: 3 },
          producer: { createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false },
        },
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  },
}).catch((err: Error) => {
  process.stderr.write(`ingest failed to start: ${err.message}\n`);
  process.exit(1);
});
