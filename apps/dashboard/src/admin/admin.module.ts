import { Module } from '@nestjs/common';
import { ResignPledgesHandler } from './resign-pledges.handler';
import { IndicatorMappingsHandler } from './indicator-mappings.handler';
import { ChangeUnitParentHandler } from './change-unit-parent.handler';
import { AddCellHandler } from './add-cell.handler';
import { ProgressModule } from '../progress/progress.module';
import { AdminHttpController } from './admin.http.controller';
import { ChangeBoundsHandler } from './change-bounds.handler';
import { ChangeThresholdHandler } from './change-threshold.handler';
import { RecordRecognitionHandler } from './record-recognition.handler';
import { SetConditionBasisHandler } from './set-condition-basis.handler';
import { RenameUnitHandler } from './rename-unit.handler';
import { SetEvaluationSettingsHandler } from './set-evaluation-settings.handler';

/**
 * PATCH thresholds (levels, year levels, level parts) and figure bounds, PATCH units (rename, placeholder), PUT/DELETE
 * evaluation settings, recognition decisions, district conditions' basis: administrators only.
 */
@Module({
  imports: [ProgressModule],
  controllers: [AdminHttpController],
  providers: [
    ChangeThresholdHandler,
    ChangeBoundsHandler,
    RenameUnitHandler,
    SetEvaluationSettingsHandler,
    RecordRecognitionHandler,
    SetConditionBasisHandler,
    ResignPledgesHandler,
    ChangeUnitParentHandler,
    AddCellHandler,
    IndicatorMappingsHandler,
  ],
})
export class AdminModule {}
