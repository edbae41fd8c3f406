import { DynamicModule, Global, Module } from '@nestjs/common';
import type { z } from 'zod';
import { Clock, clockFromEnv } from '../clock/clock';
import { APP_CONFIG, loadConfig } from './config';

/**
 * Registers the app's validated configuration under APP_CONFIG, and the app's {@link Clock} (CLOCK_FIXED_AT in tests). Validation happens once, here, at
 * module construction: a bad environment stops the boot before anything connects anywhere.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadConfig(schema, env);
    return {
      module: AppConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clockFromEnv(env) },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
