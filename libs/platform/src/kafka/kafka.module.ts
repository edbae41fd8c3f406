import { DynamicModule, Global, Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, KafkaEnv } from '../config/config';
import { createKafka, KafkaNaming } from './kafka';

export const KAFKA = Symbol('KAFKA');

/** Provides the kafkajs client (KAFKA) and topic naming to the whole app. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(clientSuffix: string): DynamicModule {
    return {
      module: KafkaModule,
      providers: [
        {
          provide: KAFKA,
          inject: [APP_CONFIG, PinoLogger],
          useFactory: (env: KafkaEnv, logger: PinoLogger) => {
            logger.setContext('kafkajs');
            return createKafka(env, clientSuffix, logger.logger);
          },
        },
        { provide: KafkaNaming, inject: [APP_CONFIG], useFactory: (env: KafkaEnv) => new KafkaNaming(env.KAFKA_TOPIC_PREFIX) },
      ],
      exports: [KAFKA, KafkaNaming],
    };
  }
}
