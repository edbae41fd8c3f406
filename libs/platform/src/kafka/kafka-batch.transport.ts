import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka, Producer, TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { defaultIfEmpty, lastValueFrom } from 'rxjs';

/** One message of a {@link KafkaBatch}: the raw bytes as produced (the handler decides what they mean). */
export interface KafkaBatchMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

/** What a batch handler receives: the messages kafkajs fetched for one partition, in offset order. */
export interface KafkaBatch {
  /** Topic name as on the broker (with any KAFKA_TOPIC_PREFIX). */
  topic: string;
  partition: number;
  messages: KafkaBatchMessage[];
  highWatermark: string;
}

/**
 * What a batch handler answers: the messages to publish for the batch. The transport publishes them and commits the
 * batch's offsets in ONE Kafka transaction, so a consumer reading committed messages sees each batch's output once
 * and the next batch starts exactly after this one.
 */
export interface KafkaBatchOutput {
  publish: TopicMessages[];
}

/** The context a batch handler gets with @Ctx(): the batch and a heartbeat for long work. */
export class KafkaBatchContext extends BaseRpcContext<[KafkaBatch, () => Promise<void>]> {
  getBatch(): KafkaBatch {
    return this.args[0];
  }
  /** Tell the group coordinator this consumer is alive (call it during long work). */
  heartbeat(): Promise<void> {
    return this.args[1]();
  }
}

export interface KafkaBatchTransportOptions {
  kafka: Kafka;
  groupId: string;
  /**
   * Prepended to the handlers' patterns to name the topics on the broker (KAFKA_TOPIC_PREFIX): handlers are
   * registered with bare topic names, and {@link KafkaBatch.topic} is the name on the broker.
   */
  topicPrefix?: string;
  /** Prefix of the transactional ids: one producer per input partition, id `<prefix><topic>-<partition>`. */
  transactionalIdPrefix: string;
  consumer?: Omit<ConsumerConfig, 'groupId'>;
  /** Partition batches handled at once (kafkajs partitionsConsumedConcurrently). */
  partitionsConsumedConcurrently?: number;
  /** Kafka transaction timeout (ms): how long the broker keeps a transaction of a crashed instance open at most. */
  transactionTimeoutMs?: number;
  /** Back-off between attempts of a failed batch: from `initialMs`, doubling, at most `maxMs`. */
  retry?: { initialMs: number; maxMs: number };
  /**
   * Most bytes (keys and values) per produce request inside a transaction: a batch's output is sent in pieces of at
   * most this size, so that no partition's record batch exceeds the broker's message.max.bytes (1 MiB by default)
   * however large the input batch. Default 512 KiB.
   */
  maxBytesPerSend?: number;
  /**
   * Most messages per produce request (default 250): kafkajs groups a request's messages per partition in time
   * quadratic in their number, so thousands of messages for one partition in one request cost more CPU than the
   * extra round trips of smaller requests.
   */
  maxMessagesPerSend?: number;
  /** Called on each failed attempt (metrics); the batch is tried again. */
  onFailure?: (err: unknown, batch: { topic: string; partition: number; firstOffset: string; attempt: number }) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A NestJS microservice transport that hands kafkajs *batches* to @EventPattern handlers (Nest's own Kafka transport
 * delivers one message at a time). The pattern is the bare topic name; the handler gets a {@link KafkaBatch} and answers
 * {@link KafkaBatchOutput}. Then, in one Kafka transaction per batch, the transport publishes the output and commits
 * the batch's offsets (the consumer never commits by itself): the offsets move only after the handler's own work and
 * the output are done, and the output is visible to read-committed consumers exactly once per batch.
 *
 * A batch whose handler throws (or whose transaction fails) is retried in place with back-off, without committing
 * anything: the handler must be idempotent and must throw only for transient errors (a bad message is the handler's
 * to set aside). Producers are per input partition (classic transactional-id-per-partition fencing): when a
 * partition moves to another instance, the new owner's producer fences the old one, and a transaction a crashed
 * instance left open is aborted as soon as the partition is assigned again.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(KafkaBatchTransport.name);
  private consumer?: Consumer;
  private readonly producers = new Map<string, Promise<Producer>>();
  private closing = false;
  private lastCrash: string | null = null;
  private joined = false;

  constructor(private readonly options: KafkaBatchTransportOptions) {
    super();
  }

  /** The consumer's state for health checks: running (joined its group) and the last crash that stopped it. */
  get state(): { joined: boolean; crashed: string | null } {
    return { joined: this.joined, crashed: this.lastCrash };
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const o = this.options;
    const topics = [...this.messageHandlers.keys()].map((pattern) => `${o.topicPrefix ?? ''}${pattern}`);
    this.consumer = o.kafka.consumer({ allowAutoTopicCreation: false, ...o.consumer, groupId: o.groupId });
    const { CRASH, GROUP_JOIN, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (e) => {
      this.joined = true;
      this.lastCrash = null;
      // a producer per assigned partition, at once: its initialisation aborts what a crashed owner left open, so
      // read-committed consumers of the output topics are not held up until the transaction times out
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment))
        for (const partition of partitions) void this.producerFor(topic, partition).catch(() => undefined);
    });
    this.consumer.on(CRASH, (e) => {
      this.joined = false;
      this.lastCrash = e.payload.restart ? null : (e.payload.error?.message ?? 'crashed');
      this.logger.error(`consumer crashed (${e.payload.restart ? 'restarting' : 'stopped'}): ${e.payload.error?.message}`);
    });
    this.consumer.on(STOP, () => (this.joined = false));
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.consumer?.disconnect().catch(() => undefined);
    const producers = [...this.producers.values()];
    this.producers.clear();
    await Promise.all(producers.map((p) => p.then((x) => x.disconnect()).catch(() => undefined)));
  }

  on(): void {
    // kafkajs events are handled inside; nothing to register from outside
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async onBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    // batches holding only transaction markers never get here with messages: kafkajs resolves them itself
    if (batch.messages.length === 0) return;
    const prefix = this.options.topicPrefix ?? '';
    const handler = this.getHandlerByPattern(prefix && batch.topic.startsWith(prefix) ? batch.topic.slice(prefix.length) : batch.topic);
    if (!handler) throw new Error(`no batch handler for topic ${batch.topic}`);
    const data: KafkaBatch = {
      topic: batch.topic,
      partition: batch.partition,
      highWatermark: batch.highWatermark,
      messages: batch.messages.map((m) => ({ offset: m.offset, key: m.key ?? null, value: m.value ?? null, headers: m.headers ?? {}, timestamp: m.timestamp })),
    };
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kafkajs hands these as plain closures; its typings declare them as methods
    const ctx = new KafkaBatchContext([data, p.heartbeat]);
    const retry = this.options.retry ?? { initialMs: 250, maxMs: 5000 };
    for (let attempt = 1; ; attempt++) {
      if (this.closing || !p.isRunning() || p.isStale()) return; // shutting down or re-assigned: nothing committed
      try {
        const output = await this.run(handler, data, ctx);
        await this.deliver(batch.topic, batch.partition, next, output);
        p.resolveOffset(batch.lastOffset());
        await p.heartbeat();
        return;
      } catch (err) {
        this.options.onFailure?.(err, { topic: batch.topic, partition: batch.partition, firstOffset: data.messages[0].offset, attempt });
        this.logger.warn(
          `batch ${batch.topic}[${batch.partition}] from offset ${data.messages[0].offset} failed (attempt ${attempt}); retrying: ${describe(err)}`,
        );
        await sleep(Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(attempt - 1, 16)));
        // throws when the group is rebalancing: kafkajs then re-joins and the batch comes again to its new owner
        await p.heartbeat();
      }
    }
  }

  private async run(handler: MessageHandler, data: KafkaBatch, ctx: KafkaBatchContext): Promise<KafkaBatchOutput> {
    const result: unknown = await lastValueFrom(this.transformToObservable(await handler(data, ctx)).pipe(defaultIfEmpty(undefined)));
    return (result as KafkaBatchOutput | undefined) ?? { publish: [] };
  }

  /** Publish the output and commit `next` for the partition, in one transaction of the partition's producer. */
  private async deliver(topic: string, partition: number, next: string, output: KafkaBatchOutput): Promise<void> {
    const producer = await this.producerFor(topic, partition);
    const txn = await producer.transaction();
    try {
      for (const piece of piecesOf(output.publish, this.options.maxBytesPerSend ?? 512 * 1024, this.options.maxMessagesPerSend ?? 250))
        await txn.sendBatch({ topicMessages: piece, acks: -1 });
      await txn.sendOffsets({ consumerGroupId: this.options.groupId, topics: [{ topic, partitions: [{ partition, offset: next }] }] });
      await txn.commit();
    } catch (err) {
      if (txn.isActive()) await txn.abort().catch(() => undefined);
      // a fenced or confused producer is not used again: the next attempt starts with a fresh one (same id)
      this.dropProducer(topic, partition, producer);
      throw err;
    }
  }

  private producerFor(topic: string, partition: number): Promise<Producer> {
    const key = `${topic}-${partition}`;
    let p = this.producers.get(key);
    if (!p) {
      p = (async () => {
        const producer = this.options.kafka.producer({
          transactionalId: `${this.options.transactionalIdPrefix}${key}`,
          idempotent: true,
          maxInFlightRequests: 1,
          transactionTimeout: this.options.transactionTimeoutMs ?? 30_000,
          createPartitioner: Partitioners.DefaultPartitioner,
          allowAutoTopicCreation: false,
        });
        await producer.connect();
        // initialise the transactional id now (fences a previous owner, aborts its open transaction)
        const t = await producer.transaction();
        await t.abort();
        return producer;
      })();
      this.producers.set(key, p);
      p.catch(() => {
        if (this.producers.get(key) === p) this.producers.delete(key);
      });
    }
    return p;
  }

  private dropProducer(topic: string, partition: number, producer: Producer): void {
    const key = `${topic}-${partition}`;
    this.producers.delete(key);
    void producer.disconnect().catch(() => undefined);
  }
}

const sizeOf = (v: Buffer | string | null | undefined): number => (v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);

/**
 * The messages to publish, in order, cut into pieces of at most `maxBytes` and `maxMessages` (a message larger than
 * `maxBytes` is a piece of its own).
 */
export function piecesOf(publish: readonly TopicMessages[], maxBytes: number, maxMessages: number): TopicMessages[][] {
  const pieces: TopicMessages[][] = [];
  let piece: TopicMessages[] = [];
  let bytes = 0;
  let count = 0;
  for (const { topic, messages } of publish) {
    for (const m of messages) {
      const size = sizeOf(m.key) + sizeOf(m.value) + 64;
      if (count > 0 && (bytes + size > maxBytes || count >= maxMessages)) {
        pieces.push(piece);
        piece = [];
        bytes = 0;
        count = 0;
      }
      const last = piece[piece.length - 1];
      if (last?.topic === topic) last.messages.push(m);
      else piece.push({ topic, messages: [m] });
      bytes += size;
      count++;
    }
  }
  if (piece.length) pieces.push(piece);
  return pieces;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}
