import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { AdminHttpController } from './admin.http.controller';
import { ChangeBoundsHandler } from './change-bounds.handler';
import { ChangeThresholdHandler } from './change-threshold.handler';
import { RenameUnitHandler } from './rename-unit.handler';
import { SetEvaluationSettingsHandler } from './set-evaluation-settings.handler';

/** PATCH thresholds and figure bounds, PATCH units (rename, placeholder), PUT/DELETE evaluation settings: administrators only. */
@Module({
  imports: [ProgressModule],
  controllers: [AdminHttpController],
  providers: [ChangeThresholdHandler, ChangeBoundsHandler, RenameUnitHandler, SetEvaluationSettingsHandler],
})
export class AdminModule {}
