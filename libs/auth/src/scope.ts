import { forbidden } from './auth-errors';
import type { Principal } from './principal';

/**
 * What part of the district an account may see and act on. Pure functions of the principal (from
 * the token) and of the unit in question; the caller looks up which commune a cell belongs to.
 *
 * - secretary: exactly one cell (its `unitId`): submits and corrects that cell's updates, reads them;
 * - commune officer: the cells of one commune (its `unitId`): reads them, verifies or returns submissions;
 * - district leader: reads everything;
 * - administrator: reads everything; manages units, catalogue, thresholds and accounts.
 */
export type Scope =
  | { kind: 'cell'; cellId: string; communeId: string | null }
  | { kind: 'commune'; communeId: string }
  | { kind: 'district' };

/** A cell as far as scope is concerned: its id and the commune (or town) it belongs to. */
export interface CellRef {
  id: string;
  communeId: string;
}

export function scopeOf(p: Principal): Scope {
  switch (p.role) {
    case 'secretary':
      return { kind: 'cell', cellId: p.unitId, communeId: p.communeId };
    case 'commune_officer':
      return { kind: 'commune', communeId: p.unitId };
    default:
      return { kind: 'district' };
  }
}

/** Only the cell's own secretary submits (or corrects) its updates. */
export function canSubmitFor(p: Principal, cellId: string): boolean {
  return p.role === 'secretary' && p.unitId === cellId;
}

/** Secretary: own cell; officer: cells of own commune; leader and administrator: all. */
export function canReadCell(p: Principal, cell: CellRef): boolean {
  const s = scopeOf(p);
  if (s.kind === 'cell') return s.cellId === cell.id;
  if (s.kind === 'commune') return s.communeId === cell.communeId;
  return true;
}

/** Reading a whole commune: its officer, district leaders, administrators. */
export function canReadCommune(p: Principal, communeId: string): boolean {
  const s = scopeOf(p);
  if (s.kind === 'commune') return s.communeId === communeId;
  return s.kind === 'district';
}

/** Verifying or returning a cell's submission: the officer of the cell's commune, nobody else. */
export function canReviewCell(p: Principal, cell: CellRef): boolean {
  return p.role === 'commune_officer' && p.unitId === cell.communeId;
}

/** Managing units, catalogue, thresholds and accounts. */
export function canAdminister(p: Principal): boolean {
  return p.role === 'administrator';
}

/** 403 unless {@link canSubmitFor}; `field` names the request field that holds the cell (default "hamletCode"). */
export function assertCanSubmitFor(p: Principal, cellId: string, field = 'hamletCode'): void {
  if (canSubmitFor(p, cellId)) return;
  throw p.role === 'secretary'
    ? forbidden(field, 'other_cell', `Tài khoản ${p.username} chỉ được báo cáo cho chi bộ ${p.unitId}, không phải ${cellId}`, `Account ${p.username} may only report for cell ${p.unitId}, not ${cellId}`)
    : forbidden('role', 'role_not_allowed', 'Chỉ bí thư chi bộ được gửi báo cáo của chi bộ mình', "Only a cell's secretary may submit its reports");
}

export function assertCanReadCell(p: Principal, cell: CellRef, field = 'hamletCode'): void {
  if (canReadCell(p, cell)) return;
  throw forbidden(field, 'outside_scope', `Tài khoản ${p.username} không được xem chi bộ ${cell.id}`, `Account ${p.username} may not read cell ${cell.id}`);
}

export function assertCanReadCommune(p: Principal, communeId: string, field = 'communeId'): void {
  if (canReadCommune(p, communeId)) return;
  throw forbidden(field, 'outside_scope', `Tài khoản ${p.username} không được xem xã ${communeId}`, `Account ${p.username} may not read commune ${communeId}`);
}

export function assertCanReviewCell(p: Principal, cell: CellRef, field = 'eventId'): void {
  if (canReviewCell(p, cell)) return;
  throw forbidden(
    field,
    p.role === 'commune_officer' ? 'outside_scope' : 'role_not_allowed',
    `Chỉ cán bộ xã ${cell.communeId} được xác nhận hoặc trả lại báo cáo của chi bộ ${cell.id}`,
    `Only the officer of commune ${cell.communeId} may verify or return the reports of cell ${cell.id}`,
  );
}

export function assertCanAdminister(p: Principal): void {
  if (canAdminister(p)) return;
  throw forbidden('role', 'role_not_allowed', 'Chỉ quản trị viên được thực hiện thao tác này', 'Only an administrator may do this');
}
