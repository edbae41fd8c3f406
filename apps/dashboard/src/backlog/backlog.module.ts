import { Module } from '@nestjs/common';
import { ConsumerLagModule, KafkaModule } from '@pledge/platform';
import { GetBacklogHttpController } from './get-backlog.http.controller';

/** GET /api/v1/pipeline/backlog and the backlog gauges in /metrics: the consumer lag of ingest and projector, from Kafka. */
@Module({
  imports: [KafkaModule.forRoot('dashboard'), ConsumerLagModule.forRoot(['ingest', 'projector'])],
  controllers: [GetBacklogHttpController],
})
export class BacklogModule {}
