import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, DatabaseEnv } from '@pledge/platform';
import { dataSourceOptions } from './data-source';

/** TypeORM for an app: the shared data source options, pool size and application name from config. */
@Module({})
export class PersistenceModule {
  static forRoot(appName: string): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (env: DatabaseEnv) => ({
            ...dataSourceOptions({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE, applicationName: appName }),
            // the app keeps booting while PostgreSQL restarts; health shows it down meanwhile
            retryAttempts: 30,
            retryDelay: 1000,
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
