import { Module } from '@nestjs/common';
import { DemoDataModule } from '../demo-data/demo-data.module';
import { CommuneProgressService } from './commune-programme/commune-progress';
import { GetProgressHandler } from './get-progress.handler';
import { GetProgressHttpController } from './get-progress.http.controller';
import { GetRankingsHandler } from './get-rankings.handler';
import { GetRankingsHttpController } from './get-rankings.http.controller';
import { GetUnitProgressHandler } from './get-unit-progress.handler';
import { GetUnitProgressHttpController } from './get-unit-progress.http.controller';
import { ReadModelChangeListener } from './programme/change-listener.service';
import { ProgrammeReferenceLoader } from './programme/programme-reference';
import { OffThreadService } from './programme/off-thread.service';
import { ProgrammeDaysService } from './programme/programme-days.service';
import { GetTrendHandler } from './trend/get-trend.handler';
import { GetTrendHttpController } from './trend/get-trend.http.controller';

/**
 * Progress toward the district standard (GET /api/v1/progress, /api/v1/progress/trend, /api/v1/progress/units/{id}, /api/v1/rankings), and
 * the programme views the other read endpoints share (pledges, evaluations): the projector's stored programme days
 * (or a day computed on demand by libs/domain off the request thread), cached until a change notification.
 */
@Module({
  imports: [DemoDataModule],
  controllers: [GetProgressHttpController, GetTrendHttpController, GetUnitProgressHttpController, GetRankingsHttpController],
  providers: [
    ProgrammeReferenceLoader,
    ReadModelChangeListener,
    OffThreadService,
    ProgrammeDaysService,
    CommuneProgressService,
    GetProgressHandler,
    GetUnitProgressHandler,
    GetRankingsHandler,
    GetTrendHandler,
  ],
  exports: [ProgrammeDaysService, CommuneProgressService, ReadModelChangeListener, OffThreadService, GetProgressHandler, GetTrendHandler],
})
export class ProgressModule {}
