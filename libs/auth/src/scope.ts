import { forbidden } from './auth-errors';
import type { Principal } from './principal';

/**
 * What part of the district an account may see and act on. Pure functions of the principal (from
 * the token) and of the unit in question; the caller looks up which commune a cell belongs to.
 *
 * - secretary: exactly one cell (its `unitId`): submits and corrects that cell's updates, reads them;
 * - commune officer: the cells of one commune (its `unitId`): reads them, verifies or returns submissions,
 *   and submits the commune's own (commune-level) figures;
 * - district leader: reads everything; submits the district's own (district-level) figures;
 * - administrator: reads everything; manages units, catalogue, thresholds and accounts; submits district figures.
 */
export type Scope = { kind: 'cell'; cellId: string; communeId: string | null } | { kind: 'commune'; communeId: string } | { kind: 'district' };

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

/**
 * Every account reports for exactly its own unit: a secretary for its cell, a commune officer for its
 * commune (commune-level indicators), a district leader or administrator for the district
 * (district-level indicators). Which indicators a level may report is a catalogue rule (@pledge/domain).
 */
export function canSubmitFor(p: Principal, unitId: string): boolean {
  return p.unitId === unitId;
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
    ? forbidden(
        field,
        'other_cell',
        `Tài khoản ${p.username} chỉ được báo cáo cho chi bộ ${p.unitId}, không phải ${cellId}`,
        `Account ${p.username} may only report for cell ${p.unitId}, not ${cellId}`,
      )
    : forbidden(
        field,
        'other_unit',
        `Tài khoản ${p.username} chỉ được báo cáo số liệu của đơn vị mình (${p.unitId}), không phải ${cellId}; số liệu của chi bộ do bí thư chi bộ báo cáo`,
        `Account ${p.username} may only report its own unit's figures (${p.unitId}), not ${cellId}; a cell's figures are reported by its secretary`,
      );
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

/**
 * Spreadsheet imports of readings: a commune officer keys the figures of its commune's cells and the commune's own; an
 * administrator may import for any unit (e.g. a province loading history). Secretaries report through their forms.
 */
export function canImportReadings(p: Principal): boolean {
  return p.role === 'commune_officer' || p.role === 'administrator';
}

/** May `p` import readings of `unit` (a cell, a commune or the town — whose communeId is itself — or the district)? */
export function canImportReadingsFor(p: Principal, unit: CellRef): boolean {
  if (p.role === 'administrator') return true;
  return p.role === 'commune_officer' && unit.communeId === p.unitId;
}

export function assertCanImportReadings(p: Principal): void {
  if (canImportReadings(p)) return;
  throw forbidden(
    'role',
    'role_not_allowed',
    'Chỉ cán bộ xã và quản trị viên được nhập số liệu từ bảng tính',
    'Only commune officers and administrators may import readings from a spreadsheet',
  );
}
