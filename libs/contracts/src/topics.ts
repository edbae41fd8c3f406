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

/** How many copies of each partition a cluster keeps, and how many must have a write before it counts. */
export interface TopicReplication {
  factor: number;
  minInSyncReplicas: number;
}

/** One broker: one copy, a write counts once that broker has it. */
export const SINGLE_BROKER_REPLICATION: TopicReplication = { factor: 1, minInSyncReplicas: 1 };

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  replicationFactor: number;
  configEntries: { name: string; value: string }[];
}

/**
 * The topics the project creates up front (bare names; partitions and replication come from configuration). Every
 * topic gets min.insync.replicas: with the producers' acks=all a write is acknowledged only once that many replicas
 * hold it, so losing one broker of three loses no acknowledged event.
 */
export function topicSpecs(partitions: { updates: number; recorded: number }, replication: TopicReplication = SINGLE_BROKER_REPLICATION): TopicSpec[] {
  const spec = (topic: string, numPartitions: number): TopicSpec => ({
    topic,
    numPartitions,
    replicationFactor: replication.factor,
    configEntries: [{ name: 'min.insync.replicas', value: String(replication.minInSyncReplicas) }],
  });
  return [spec(Topics.criterionUpdates, partitions.updates), spec(Topics.criterionRecorded, partitions.recorded), spec(Topics.criterionUpdatesDlq, 1)];
}
