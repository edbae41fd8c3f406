import type { UseQueryResult } from '@tanstack/react-query';
import { useUnitProgress } from '../api/queries';
import type { UnitProgress } from '../api/types';
import type { Session } from '../auth/session';
import { useSession } from '../auth/useSession';
import type { ReportingKind } from './reportable';

const KINDS: readonly string[] = ['hamlet', 'ward', 'commune', 'town', 'district'];

export interface ReportingUnit {
  session: Session | null;
  /** The unit the account reports for: a cell (secretary), a commune or the town (officer), the district (leaders, administrators). */
  unitId: string | undefined;
  unit: UseQueryResult<UnitProgress>;
  /** Its kind; undefined while an officer's unit is not known yet (a commune and the town report different criteria). */
  kind: ReportingKind | undefined;
}

/**
 * The signed-in account's own reporting unit. Every role reports for exactly its own unit (libs/auth canSubmitFor);
 * the kind comes from GET /api/v1/progress/units/{id} (cached for offline use by the service worker), or, before
 * that answered, from the role: a secretary's cell (wards are "-K" cells), the district for district roles.
 */
export function useReportingUnit(): ReportingUnit {
  const session = useSession();
  const unitId = session?.user.unitId;
  const unit = useUnitProgress(unitId);
  const role = session?.user.role;
  const known = unit.data?.unit.kind;
  const kind: ReportingKind | undefined =
    known && KINDS.includes(known)
      ? (known as ReportingKind)
      : role === 'secretary'
        ? unitId?.includes('-K')
          ? 'ward'
          : 'hamlet'
        : role === 'district_leader' || role === 'administrator'
          ? 'district'
          : undefined;
  return { session, unitId, unit, kind };
}
