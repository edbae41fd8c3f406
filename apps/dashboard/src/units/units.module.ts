import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { GetUnitHandler } from './get-unit.handler';
import { ListUnitReadingsHandler } from './list-unit-readings.handler';
import { ListUnitsHandler } from './list-units.handler';
import { UnitsHttpController } from './units.http.controller';

/** GET /api/v1/units, /api/v1/units/{id}, /api/v1/units/{id}/readings. */
@Module({
  imports: [ProgressModule],
  controllers: [UnitsHttpController],
  providers: [ListUnitsHandler, GetUnitHandler, ListUnitReadingsHandler],
})
export class UnitsModule {}
