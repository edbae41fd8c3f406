import { Controller } from '@nestjs/common';
import { EventPattern, Payload, RpcException } from '@nestjs/microservices';
import { Topics } from '@pledge/contracts';
import { KafkaBatch, KafkaBatchOutput, KafkaNaming } from '@pledge/platform';
import { RecordUpdatesHandler } from './record-updates.handler';

/**
 * Kafka transport of "record criterion updates": one partition batch at a time (the platform's KafkaBatchTransport).
 * The answer is what to publish; the transport publishes it and commits the batch's offsets in one Kafka transaction.
 */
@Controller()
export class RecordUpdatesKafkaController {
  constructor(
    private readonly handler: RecordUpdatesHandler,
    private readonly naming: KafkaNaming,
  ) {}

  @EventPattern(Topics.criterionUpdates)
  async onCriterionUpdates(@Payload() batch: KafkaBatch): Promise<KafkaBatchOutput> {
    try {
      const out = await this.handler.execute({
        topic: this.naming.bare(batch.topic),
        partition: batch.partition,
        messages: batch.messages.map((m) => ({ offset: m.offset, key: m.key, value: m.value })),
      });
      return {
        publish: [
          { topic: this.naming.topic(Topics.criterionRecorded), messages: out.recorded },
          { topic: this.naming.topic(Topics.criterionUpdatesDlq), messages: out.deadLetters },
        ],
      };
    } catch (err) {
      // transient (the handler sets bad messages aside itself): the transport retries the batch; an RpcException
      // passes Nest's exception filter without a second stack trace in the log
      throw new RpcException({ status: 'error', message: (err as Error).message });
    }
  }
}
