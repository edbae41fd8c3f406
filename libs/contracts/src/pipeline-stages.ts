import { ConsumerGroups, Topics } from './topics';

/**
 * The stages an update passes through after it is on Kafka, each a consumer group reading one topic: its backlog is
 * the group's consumer lag on that topic (messages on the topic not yet committed by the group). Bare names.
 */
export const PipelineStages = [
  /** ntm.criterion-updates → validated into the event store (or dead-lettered) and republished. */
  { stage: 'ingest', groupId: ConsumerGroups.ingest, topic: Topics.criterionUpdates },
  /** ntm.criterion-recorded → folded into the read models. */
  { stage: 'projector', groupId: ConsumerGroups.projector, topic: Topics.criterionRecorded },
] as const;

export type PipelineStageName = (typeof PipelineStages)[number]['stage'];
