import { Controller, DynamicModule, Get, Inject, Module, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type IORedis from 'ioredis';
import type { Kafka } from 'kafkajs';
import { KAFKA } from '../kafka/kafka.module';
import { KafkaHealthIndicator } from '../kafka/kafka-health.indicator';
import { RedisHealthIndicator } from '../redis/redis';

export interface HealthOptions {
  database?: boolean;
  kafka?: boolean;
  /** DI token of an ioredis client to ping. */
  redisToken?: string | symbol;
  /** Extra checks of the app (e.g. "the consumer is running"). */
  extraToken?: string | symbol;
}

export type ExtraHealthCheck = () => Promise<HealthIndicatorResult>;
const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

@ApiTags('health')
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_OPTIONS) private readonly opts: HealthOptions,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
    @Optional() private readonly kafkaIndicator?: KafkaHealthIndicator,
    @Optional() private readonly redisIndicator?: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Health of this app and of each dependency it uses (200 up, 503 down)' })
  check() {
    const checks: (() => Promise<HealthIndicatorResult>)[] = [];
    if (this.opts.database && this.db) checks.push(() => this.db!.pingCheck('database', { timeout: 2000 }));
    if (this.opts.kafka && this.kafkaIndicator) {
      const kafka = this.moduleRef.get<Kafka>(KAFKA, { strict: false });
      checks.push(() => this.kafkaIndicator!.check(kafka));
    }
    if (this.opts.redisToken && this.redisIndicator) {
      const redis = this.moduleRef.get<IORedis>(this.opts.redisToken, { strict: false });
      checks.push(() => this.redisIndicator!.check(redis));
    }
    if (this.opts.extraToken) {
      const extra = this.moduleRef.get<ExtraHealthCheck[]>(this.opts.extraToken, { strict: false });
      for (const c of extra) checks.push(c);
    }
    return this.health.check(checks);
  }
}

/** GET /health through @nestjs/terminus, checking exactly the dependencies the app declares. */
@Module({})
export class HealthModule {
  static forRoot(opts: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: opts },
        ...(opts.kafka ? [KafkaHealthIndicator] : []),
        ...(opts.redisToken ? [RedisHealthIndicator] : []),
      ],
    };
  }
}
