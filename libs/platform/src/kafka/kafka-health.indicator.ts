import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Admin, Kafka } from 'kafkajs';
import { describeCluster } from './kafka';

/** Terminus indicator: Kafka is up when the cluster answers a metadata request within the timeout. */
@Injectable()
export class KafkaHealthIndicator implements OnModuleDestroy {
  private admin?: Admin;
  private connected = false;

  constructor(private readonly indicator: HealthIndicatorService) {}

  async check(kafka: Kafka, key = 'kafka', timeoutMs = 2500) {
    const h = this.indicator.check(key);
    try {
      if (!this.admin) this.admin = kafka.admin();
      if (!this.connected) {
        await this.admin.connect();
        this.connected = true;
      }
      const info = await withTimeout(describeCluster(this.admin), timeoutMs);
      return h.up(info);
    } catch (err) {
      this.connected = false;
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      return h.down({ message: (err as Error).message });
    }
  }

  async onModuleDestroy() {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}
