/**
 * Benchmark baseline (c): a projector written "the common way" — Nest's Kafka transport, one @EventPattern handler,
 * one TypeORM save per event (the readings of the event saved as the current state; TypeORM loads each row to
 * decide insert or update). No batching, no checkpoint table, no ordering rule. Not part of the product.
 */
import 'reflect-metadata';
import { Controller, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, KafkaContext, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { Topics, type CriterionRecordedV1 } from '@pledge/contracts';
import { dataSourceOptions, ReadingEntity } from '@pledge/persistence';
import { DataSource } from 'typeorm';

const TOPIC = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}${Topics.criterionRecorded}`;
const COUNTER = Symbol('COUNTER');

@Controller()
class BaselineController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(COUNTER) private readonly counter: { n: number },
  ) {}

  @EventPattern(TOPIC)
  async onRecorded(@Payload() e: CriterionRecordedV1, @Ctx() _ctx: KafkaContext): Promise<void> {
    const rows = e.readings.map((r) =>
      this.ds.getRepository(ReadingEntity).create({
        hamletCode: e.hamletCode,
        criterionCode: e.criterionCode,
        indicatorCode: r.indicatorCode,
        communeCode: e.communeCode,
        value: typeof r.value === 'number' ? r.value : null,
        boolValue: typeof r.value === 'boolean' ? r.value : null,
        numerator: r.numerator ?? null,
        denominator: r.denominator ?? null,
        asOf: e.asOf,
        reportedAt: new Date(e.reportedAt),
        eventId: e.eventId,
        reportedBy: e.reportedBy,
      }),
    );
    await this.ds.getRepository(ReadingEntity).save(rows);
    this.counter.n++;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRoot({ ...dataSourceOptions({ url: process.env.DATABASE_URL!, applicationName: 'bench-baseline', poolSize: 4 }), logging: false }),
  ],
  controllers: [BaselineController],
  providers: [{ provide: COUNTER, useValue: { n: 0 } }],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BaselineModule, {
    logger: ['error', 'warn'],
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: { clientId: 'bench-baseline', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',') },
      consumer: { groupId: process.env.BENCH_GROUP ?? 'bench-baseline', allowAutoTopicCreation: false },
      subscribe: { fromBeginning: true },
    },
  });
  app.enableShutdownHooks();
  await app.listen();
  process.send?.('ready');
}

void main().catch((err: Error) => {
  process.stderr.write(`baseline failed: ${err.message}\n`);
  process.exit(1);
});
