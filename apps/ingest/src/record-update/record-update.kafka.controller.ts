import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Topics } from '@pledge/contracts';
import { topicAtBoot } from '../config';
import { RecordUpdateHandler } from './record-update.handler';

/** Kafka transport of "record one criterion update": one message at a time (Nest's eachMessage). */
@Controller()
export class RecordUpdateKafkaController {
  constructor(private readonly handler: RecordUpdateHandler) {}

  @EventPattern(topicAtBoot(Topics.criterionUpdates))
  async onCriterionUpdate(@Ctx() ctx: KafkaContext): Promise<void> {
    const m = ctx.getMessage();
    await this.handler.execute({
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
      offset: m.offset,
      key: (m.key as Buffer | null) ?? null,
      value: (m.value as Buffer | null) ?? null,
    });
  }
}
