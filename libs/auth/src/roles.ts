/**
 * The four roles of the system and what each may do (enforced on the server, see scope.ts):
 *
 * | role              | acts for              | may                                                                 |
 * |-------------------|-----------------------|---------------------------------------------------------------------|
 * | `secretary`       | exactly one cell      | submit, correct and list the updates of that cell (bí thư chi bộ)   |
 * | `commune_officer` | one commune (or town) | read the cells of that commune, verify or return their submissions  |
 * | `district_leader` | the district          | read everything                                                     |
 * | `administrator`   | the district          | manage units, catalogue, thresholds and accounts; read everything   |
 */
export type Role = 'secretary' | 'commune_officer' | 'district_leader' | 'administrator';

export const ROLES = ['secretary', 'commune_officer', 'district_leader', 'administrator'] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Role names for user-facing messages (Vietnamese, English). */
export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  secretary: { vi: 'bí thư chi bộ', en: 'cell secretary' },
  commune_officer: { vi: 'cán bộ xã', en: 'commune officer' },
  district_leader: { vi: 'lãnh đạo huyện', en: 'district leader' },
  administrator: { vi: 'quản trị viên', en: 'administrator' },
};
