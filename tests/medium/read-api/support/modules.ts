import { AdminModule } from '../../../../apps/dashboard/src/admin/admin.module';
import { CriteriaModule } from '../../../../apps/dashboard/src/criteria/criteria.module';
import { EvaluationsModule } from '../../../../apps/dashboard/src/evaluations/evaluations.module';
import { PledgesModule } from '../../../../apps/dashboard/src/pledges/pledges.module';
import { ProgressModule } from '../../../../apps/dashboard/src/progress/progress.module';
import { UnitsModule } from '../../../../apps/dashboard/src/units/units.module';

/** Every module of the read API (as registered in apps/dashboard/src/dashboard.module.ts). */
export const READ_API_MODULES = [ProgressModule, UnitsModule, CriteriaModule, PledgesModule, EvaluationsModule, AdminModule];
