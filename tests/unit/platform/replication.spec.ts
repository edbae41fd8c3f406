import { topicSpecs } from '@pledge/contracts';
import { replicationFor } from '@pledge/platform';

describe('replication of the project’s topics', () => {
  it('follows the cluster’s size when nothing is configured: 1/1 on one broker, 2/1 on two, 3/2 on three or more', () => {
    expect(replicationFor(1)).toEqual({ factor: 1, minInSyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ factor: 2, minInSyncReplicas: 1 });
    expect(replicationFor(3)).toEqual({ factor: 3, minInSyncReplicas: 2 });
    expect(replicationFor(7)).toEqual({ factor: 3, minInSyncReplicas: 2 });
  });

  it('takes an explicit factor and min.insync.replicas; a factor of five needs a majority of three', () => {
    expect(replicationFor(5, { factor: 5 })).toEqual({ factor: 5, minInSyncReplicas: 3 });
    expect(replicationFor(3, { factor: 3, minInSyncReplicas: 3 })).toEqual({ factor: 3, minInSyncReplicas: 3 });
    expect(replicationFor(3, { minInSyncReplicas: 1 })).toEqual({ factor: 3, minInSyncReplicas: 1 });
  });

  it('refuses what the cluster cannot honour, and says why', () => {
    expect(() => replicationFor(1, { factor: 3 })).toThrow('KAFKA_REPLICATION_FACTOR=3, but the cluster has 1 broker');
    expect(() => replicationFor(3, { factor: 2, minInSyncReplicas: 3 })).toThrow('KAFKA_MIN_INSYNC_REPLICAS=3 exceeds the replication factor 2');
  });

  it('gives every topic the replication factor and its min.insync.replicas', () => {
    const specs = topicSpecs({ updates: 6, recorded: 4 }, { factor: 3, minInSyncReplicas: 2 });
    expect(specs.map((s) => [s.topic, s.numPartitions, s.replicationFactor, s.configEntries])).toEqual([
      ['ntm.criterion-updates', 6, 3, [{ name: 'min.insync.replicas', value: '2' }]],
      ['ntm.criterion-recorded', 4, 3, [{ name: 'min.insync.replicas', value: '2' }]],
      ['ntm.criterion-updates.dlq', 1, 3, [{ name: 'min.insync.replicas', value: '2' }]],
    ]);
    expect(topicSpecs({ updates: 1, recorded: 1 })[0]).toMatchObject({ replicationFactor: 1, configEntries: [{ name: 'min.insync.replicas', value: '1' }] });
  });
});
