import { isValidOn, predecessorsOf, successorsOf, type IsoDate, type Succession, type Unit } from '@pledge/domain';
import type { ProgrammeReference } from '../progress/programme/programme-reference';
import type { SuccessionLinkDto, UnitNodeDto } from './units.dto';

function link(ref: ProgrammeReference, s: Succession, other: string): SuccessionLinkDto {
  return { id: other, name: ref.unitIndex.byId.get(other)?.name ?? other, effectiveOn: s.effectiveOn, share: s.share, note: s.note };
}

/** A unit as GET /api/v1/units shows it (without children). */
export function unitNode(ref: ProgrammeReference, u: Unit): UnitNodeDto {
  return {
    id: u.id,
    code: u.code,
    codeIsSynthetic: u.codeIsSynthetic,
    kind: u.kind,
    name: u.name,
    placeholder: u.placeholder,
    parentId: u.parentId,
    validFrom: u.validFrom,
    validFromAssumed: u.validFromAssumed,
    validTo: u.validTo,
    successors: successorsOf(ref.unitIndex, u.id).map((s) => link(ref, s, s.successorId)),
    predecessors: predecessorsOf(ref.unitIndex, u.id).map((s) => link(ref, s, s.predecessorId)),
    renamed: (ref.unitRevisions.get(u.id) ?? 0) > 0,
  };
}

/** The units valid on `asOf` (every unit when null), as trees: roots are units whose parent is absent or not valid that day. */
export function unitForest(ref: ProgrammeReference, asOf: IsoDate | null): { roots: UnitNodeDto[]; flat: UnitNodeDto[] } {
  const included = ref.units.units.filter((u) => asOf === null || isValidOn(u, asOf));
  const ids = new Set(included.map((u) => u.id));
  const nodes = new Map(included.map((u) => [u.id, { ...unitNode(ref, u), children: [] as UnitNodeDto[] }]));
  const roots: UnitNodeDto[] = [];
  const rank = (kind: string): number => ['province', 'district', 'town', 'commune', 'hamlet', 'ward'].indexOf(kind);
  const ordered = [...included].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const u of ordered) {
    const node = nodes.get(u.id)!;
    if (u.parentId !== null && ids.has(u.parentId)) nodes.get(u.parentId)!.children.push(node);
    else roots.push(node);
  }
  const flat = ordered.map((u) => {
    const { children: _children, ...rest } = nodes.get(u.id)!;
    return rest;
  });
  return { roots, flat };
}
