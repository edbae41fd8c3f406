import { Module } from '@nestjs/common';
import { PersistenceModule } from '@pledge/persistence';
import { AppConfigModule, LoggingModule } from '@pledge/platform';
import { projectorEnvSchema } from './config';
import { RebuildReadModelsHandler } from './rebuild-read-models/rebuild-read-models.handler';
import { RefreshStatusHandler } from './refresh-status/refresh-status.handler';

/** What the projector's CLI needs: the database and the handlers (no Kafka consumer, no HTTP). */
@Module({
  imports: [AppConfigModule.forRoot(projectorEnvSchema), LoggingModule.forRoot('projector-cli'), PersistenceModule.forRoot('projector-cli')],
  providers: [RefreshStatusHandler, RebuildReadModelsHandler],
})
export class ProjectorCliModule {}
