/**
 * Kafka topics of the pledge pipeline. Every name is the bare name; deployments and test runs may
 * prepend KAFKA_TOPIC_PREFIX (see @pledge/platform KafkaNaming).
 */
export const Topics = {
  /** Raw criterion updates as submitted (intake outbox relay, or any other producer). Key: hamletCode. */
  criterionUpdates: 'ntm.criterion-updates',
  /** Validated, NFC-normalised updates appended to the event store. The projector reads this. Key: hamletCode. */
  criterionRecorded: 'ntm.criterion-recorded',
  /** Updates that failed validation, with the original payload and the reason. Key: as received. */
  criterionUpdatesDlq: 'ntm.criterion-updates.dlq',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Consumer groups (bare names; the Nest transport appends nothing because postfixId is ''). */
export const ConsumerGroups = {
  ingest: 'ntm-ingest',
  projector: 'ntm-projector',
} as const;

/** Message headers set on every event. */
export const Headers = {
  eventId: 'event-id',
  schemaVersion: 'schema-version',
  eventType: 'event-type',
  /** Account that submitted the update (username). */
  submittedBy: 'submitted-by',
} as const;

export const EventTypes = {
  criterionUpdate: 'CriterionUpdate',
  criterionRecorded: 'CriterionRecorded',
  criterionRejected: 'CriterionRejected',
} as const;

/** The topics the project creates up front (bare names; partitions come from configuration). */
export function topicSpecs(partitions: { updates: number; recorded: number }): { topic: string; numPartitions: number }[] {
  return [
    { topic: Topics.criterionUpdates, numPartitions: partitions.updates },
    { topic: Topics.criterionRecorded, numPartitions: partitions.recorded },
    { topic: Topics.criterionUpdatesDlq, numPartitions: 1 },
  ];
}
