import { Injectable } from '@nestjs/common';
import { communeGroupLabel, communeGroupOn, defaultProgramme, programmeInForceOn, programmeStatusOn } from '@pledge/domain/programme/programme';
import { childrenOnDay } from '@pledge/domain/units/unit-parent';
import { vnDateOf } from '@pledge/domain/shared/iso-date';
import { loadUnitParents } from '@pledge/persistence';
import { Clock, SystemClock } from '@pledge/platform';
import { DataSource } from 'typeorm';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { dateParam, programmeViewable } from '../progress/programme/request-context';
import type { ProgrammesResponseDto } from './programmes.dto';

/**
 * GET /api/v1/programmes: the programmes (2021–2025 the district, 2026–2030 the new communes) with their status on the
 * day (open / closed / not started: libs/domain programmeStatusOn), which one is in force and which one the views show
 * by default, each target's commune group on the day (null = not yet decided) and its cells on the day (dated parents)
 * with their names, and the cells awaiting an administrator's decision. What the web app's programme picker and its
 * re-signing page read.
 */
@Injectable()
export class ListProgrammesHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly ds: DataSource,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(query: { day?: string }, now = this.clock.now()): Promise<ProgrammesResponseDto> {
    const day = dateParam('day', query.day) ?? vnDateOf(now);
    const [reference, { parents, pending }] = await Promise.all([this.views.reference(), loadUnitParents(this.ds)]);
    const programmes = reference.programmes;
    const inForce = programmeInForceOn(programmes, day);
    const shown = defaultProgramme(programmes, day, (p) => programmeViewable(reference, p));
    const nameOf = (id: string): string => reference.unitIndex.byId.get(id)?.name ?? id;
    return {
      day,
      programmes: programmes.map((p) => {
        // the cells under a target commune on the day (dated parents), with their names; a district lists none
        const cellsOf = (unitId: string) => {
          const ids = p.targetKind === 'commune' ? childrenOnDay(parents, unitId, day) : [];
          const cells = ids.map((id) => {
            const u = reference.unitIndex.byId.get(id);
            return { id, name: u?.name ?? id, kind: u?.kind ?? 'hamlet' };
          });
          return { cellIds: ids, cells };
        };
        return {
          id: p.id,
          title: { vi: p.titleVi, en: p.titleEn },
          periodFrom: p.periodFrom,
          periodTo: p.periodTo,
          catalogueVersion: p.catalogueVersion,
          cataloguePublished: reference.publishedVersions.has(p.catalogueVersion) && reference.versions.some((v) => v.id === p.catalogueVersion),
          viewable: programmeViewable(reference, p),
          targetKind: p.targetKind,
          status: programmeStatusOn(p, day),
          inForce: inForce?.id === p.id,
          default: shown?.id === p.id,
          standard: { vi: p.standard.label.vi, en: p.standard.label.en },
          standardTier: p.standard.tierCode,
          deadlines: p.deadlines.map((d) => ({ on: d.on, label: { vi: d.label.vi, en: d.label.en } })),
          targets: p.targets.map((t) => ({
            unitId: t.unitId,
            name: nameOf(t.unitId),
            groupOnDay: p.targetKind === 'commune' ? communeGroupOn(p, t.unitId, day) : null,
            groups: t.groups.map((g) => ({ group: g.group, label: communeGroupLabel(g.group), validFrom: g.validFrom, validTo: g.validTo, source: g.source })),
            ...cellsOf(t.unitId),
          })),
        };
      }),
      pendingParents: pending.map((x) => ({
        ...x,
        name: nameOf(x.unitId),
        candidates: x.candidates.map((c) => ({ successorId: c.successorId, share: c.share })),
      })),
    };
  }
}
