import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { communeProgrammeOnDay, type CarriedFrom, type CarriedReadingDay, type CommuneProgrammeDay, type Programme } from '@pledge/domain';
import { communeGroupLabel, communeGroupOn, findProgramme, predecessorProgramme, programmeDeadline } from '@pledge/domain/programme/programme';
import { vnDateOf, type IsoDate } from '@pledge/domain/shared/iso-date';
import { loadIndicatorMappings, loadUnitParents } from '@pledge/persistence';
import { Clock, SystemClock } from '@pledge/platform';
import { readingColumns, readingsByUnit, type ReadingRow } from '@pledge/persistence/readings/reading-rows';
import { DataSource } from 'typeorm';
import { ReadModelChangeListener } from '../programme/change-listener.service';
import { ProgrammeDaysService } from '../programme/programme-days.service';
import { criterionRef, FORECAST_WORDS, t, unitRef } from '../programme/present';
import type { ProgrammeReference } from '../programme/programme-reference';
import { dateParam, mayReadCell, mayReadCommune, notFound, outsideProgramme, unknownUnit, type Text } from '../programme/request-context';

/**
 * GET /api/v1/progress?programme=<a commune programme> (issue 14, 2026–2030): each target commune with its cells on the
 * view day (dated parents), toward the programme's standard, no district tier — libs/domain communeProgrammeOnDay (the
 * pieces of the district's programmeOnDay rooted at the target communes) computed on demand from the reference data and
 * the readings history, cached until the readings or the reference data change. The projector does not store these
 * days yet (docs/programmes.md, "Not yet built").
 */
@Injectable()
export class CommuneProgressService {
  private readonly cache = new Map<string, Promise<CommuneProgrammeDay>>();

  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly listener: ReadModelChangeListener,
    private readonly ds: DataSource,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  /** The commune programme a query names when its catalogue is published and loaded; undefined otherwise (the district path answers). */
  commune(reference: ProgrammeReference, programme: string | undefined): Programme | undefined {
    if (!programme) return undefined;
    const p = findProgramme(reference.programmes ?? [], programme);
    if (!p || p.targetKind !== 'commune') return undefined;
    const shown = reference.publishedVersions?.has(p.catalogueVersion) && reference.catalogues.has(p.catalogueVersion);
    return shown ? p : undefined;
  }

  /** The view day: `asOf` within the programme (its first day to its deadline; else 400), default today kept within. */
  viewDay(p: Programme, asOf: string | undefined, now = this.clock.now()): { day: IsoDate; note: Text | null } {
    const asked = dateParam('asOf', asOf);
    const range = { from: p.periodFrom, to: programmeDeadline(p) };
    if (asked !== undefined) {
      if (asked < range.from || asked > range.to) throw outsideProgramme('asOf', asked, p.id, range);
      return { day: asked, note: null };
    }
    const today = vnDateOf(now);
    if (today < range.from)
      return {
        day: range.from,
        note: {
          vi: `Chương trình bắt đầu từ ngày ${range.from}: số liệu được đánh giá tại ngày đó`,
          en: `The programme starts on ${range.from}: figures are assessed on that day`,
        },
      };
    if (today > range.to)
      return {
        day: range.to,
        note: {
          vi: `Thời hạn ${range.to} đã qua: số liệu được đánh giá tại ngày đó`,
          en: `The deadline ${range.to} has passed: figures are assessed on that day`,
        },
      };
    return { day: today, note: null };
  }

  /** The programme on `day` (cached per readings and reference generation). */
  day(reference: ProgrammeReference, p: Programme, day: IsoDate): Promise<CommuneProgrammeDay> {
    const g = this.listener.generations;
    const key = `${p.id}|${day}|${g.reference}|${g.readings}|${reference.loadedAt.getTime()}`;
    let hit = this.listener.listening ? this.cache.get(key) : undefined;
    if (!hit) {
      if (this.cache.size > 16) this.cache.clear();
      hit = this.compute(reference, p, day);
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  private async compute(reference: ProgrammeReference, p: Programme, day: IsoDate): Promise<CommuneProgrammeDay> {
    const predecessor = predecessorProgramme(reference.programmes ?? [], p);
    const fromVersion = predecessor?.catalogueVersion ?? null;
    const [{ parents }, mappings] = await Promise.all([
      loadUnitParents(this.ds),
      fromVersion === null ? Promise.resolve([]) : loadIndicatorMappings(this.ds, { fromVersion, toVersion: p.catalogueVersion }),
    ]);
    const communeIds = p.targets.map((x) => x.unitId);
    const unitIds = [...communeIds, ...new Set(parents.filter((x) => communeIds.includes(x.parentId)).map((x) => x.unitId))];
    const rows: ReadingRow[] = await this.ds.query(`SELECT ${readingColumns('t')} FROM rm_reading_history t WHERE t.hamlet_code = ANY($1::text[])`, [unitIds]);
    return communeProgrammeOnDay({
      programmeId: p.id,
      catalogue: reference.catalogues.get(p.catalogueVersion)!,
      units: reference.unitIndex,
      parents: parents,
      communeIds,
      standardTier: p.standard.tierCode,
      pledges: reference.pledges,
      waivedItems: new Set([...reference.itemStates].filter(([, s]) => s.status === 'waived').map(([id]) => id)),
      recognitions: reference.recognitionIndex,
      day,
      readings: readingsByUnit(rows),
      carryOver: { fromVersion, mappings },
    });
  }

  /** The answer of GET /api/v1/progress for a commune programme; cells only within the caller's scope. */
  async present(me: Principal, reference: ProgrammeReference, p: Programme, asOf: string | undefined): Promise<unknown> {
    const { day, note } = this.viewDay(p, asOf);
    const d = await this.day(reference, p, day);
    const catalogue = reference.catalogues.get(p.catalogueVersion)!.catalogue;
    const unitDay = new Map(d.units.map((u) => [u.unitId, u]));
    const unit = (id: string) => reference.unitIndex.byId.get(id);
    const carriedOf = carriedIndex(d);
    const standardOf = (s: CommuneProgrammeDay['communes'][number]['standard']) =>
      s ? { tier: s.code, status: s.status, metCriteria: s.metCriteria, totalCriteria: s.totalCriteria } : null;
    const criteriaOf = (id: string, cellIds: readonly string[]) =>
      (unitDay.get(id)?.criteria ?? []).map((c) => ({
        code: c.code,
        status: c.status,
        indicators: c.indicators.map((i) => ({
          code: i.indicatorCode,
          status: i.status,
          value: i.value,
          numerator: i.numerator,
          denominator: i.denominator,
          threshold: i.threshold,
          expected: i.expected,
          reported: i.reported,
          newestAsOf: i.newestAsOf,
          carried: [id, ...cellIds].flatMap((u) => carriedOf.of(u, c.code, i.indicatorCode)),
        })),
      }));
    const cells = d.communes.flatMap((c) =>
      c.cellIds.map((id) => ({ id, communeId: c.unitId, u: unitDay.get(id) })).filter((x) => mayReadCell(me, x.id, x.communeId)),
    );
    const f = d.forecast;
    return {
      programme: p.id,
      targetKind: 'commune',
      catalogueVersion: d.catalogueVersion,
      asOf: d.day,
      asOfNote: note,
      source: 'computed',
      deadline: programmeDeadline(p),
      standard: { tier: p.standard.tierCode, label: t(p.standard.label) },
      firstSigning: d.firstSigning,
      forecast: {
        status: f.status,
        statusText: FORECAST_WORDS[f.status],
        expectedProgress: f.expectedProgress,
        actualProgress: f.actualProgress,
        projectedCompletion: f.projectedCompletion,
        items: f.items,
        counts: { ...f.counts },
        reason: t(f.reason),
      },
      criteria: catalogue.criteria.map(criterionRef),
      communes: d.communes.map((c) => {
        const u = unitDay.get(c.unitId);
        const group = communeGroupOn(p, c.unitId, d.day);
        const cellDays = c.cellIds.map((id) => unitDay.get(id));
        return {
          ...(unit(c.unitId) ? unitRef(unit(c.unitId)!) : { id: c.unitId }),
          group,
          groupLabel: t(communeGroupLabel(group)),
          cells: c.cellIds.length,
          cellsReporting: cellDays.filter((x) => (x?.readings ?? 0) > 0).length,
          readings: cellDays.reduce((s, x) => s + (x?.readings ?? 0), u?.readings ?? 0),
          standard: standardOf(c.standard),
          criteria: criteriaOf(c.unitId, c.cellIds),
        };
      }),
      cells: cells.map((x) => ({
        ...(unit(x.id) ? unitRef(unit(x.id)!) : { id: x.id }),
        communeId: x.communeId,
        readings: x.u?.readings ?? 0,
        lastReportedAt: x.u?.lastReportedAt ?? null,
        criteria: Object.fromEntries((x.u?.criteria ?? []).map((k) => [k.code, k.status])),
        carried: carriedOf.readings(x.id),
        items: d.items
          .filter((i) => i.cellId === x.id)
          .map((i) => ({ itemId: i.itemId, pledgeId: i.pledgeId, status: i.forecast?.status ?? 'waived', actualProgress: i.forecast?.actualProgress ?? null })),
      })),
      hiddenCells: d.communes.reduce((s, c) => s + c.cellIds.length, 0) - cells.length,
    };
  }

  /**
   * The answer of GET /api/v1/progress/units/{id} for a commune programme: a target commune or one of its cells on the
   * view day, every criterion and indicator assessed for it, its tiers, and a cell's re-signed pledge items. Outside the
   * caller's scope: the answer of an unknown unit; not under a target commune that day: 404 not_in_programme.
   */
  async presentUnit(me: Principal, reference: ProgrammeReference, p: Programme, unitId: string, asOf: string | undefined): Promise<unknown> {
    const unit = reference.unitIndex.byId.get(unitId);
    if (!unit) throw unknownUnit(unitId);
    const { day, note } = this.viewDay(p, asOf);
    const d = await this.day(reference, p, day);
    const commune = d.communes.find((c) => c.unitId === unitId || c.cellIds.includes(unitId));
    const isCommune = commune?.unitId === unitId;
    if (commune && !(isCommune ? mayReadCommune(me, unitId) : mayReadCell(me, unitId, commune.unitId))) throw unknownUnit(unitId);
    const u = d.units.find((x) => x.unitId === unitId);
    if (!commune || !u) {
      throw notFound(
        'id',
        'not_in_programme',
        `${unit.name} không thuộc chương trình ${p.id} vào ngày ${day}`,
        `${unit.name} is not part of programme ${p.id} on ${day}`,
      );
    }
    const communeUnit = reference.unitIndex.byId.get(commune.unitId);
    const carriedOf = carriedIndex(d);
    const carriedUnits = isCommune ? [unitId, ...commune.cellIds] : [unitId];
    return {
      programme: p.id,
      catalogueVersion: d.catalogueVersion,
      asOf: d.day,
      asOfNote: note,
      source: 'computed',
      unit: unitRef(unit),
      commune: isCommune ? null : communeUnit ? unitRef(communeUnit) : { id: commune.unitId },
      standard: isCommune
        ? commune.standard
          ? {
              tier: commune.standard.code,
              status: commune.standard.status,
              metCriteria: commune.standard.metCriteria,
              totalCriteria: commune.standard.totalCriteria,
            }
          : null
        : null,
      readings: u.readings,
      lastReportedAt: u.lastReportedAt,
      carried: carriedOf.readings(unitId),
      tiers: u.tiers.map((x) => ({ tier: x.code, status: x.status, metCriteria: x.metCriteria, totalCriteria: x.totalCriteria })),
      criteria: u.criteria.map((c) => ({
        code: c.code,
        status: c.status,
        indicators: c.indicators.map((i) => ({
          code: i.indicatorCode,
          status: i.status,
          value: i.value,
          numerator: i.numerator,
          denominator: i.denominator,
          threshold: i.threshold,
          coverage: { expected: i.expected, reported: i.reported, missing: [...i.missing] },
          newestAsOf: i.newestAsOf,
          carried: carriedUnits.flatMap((x) => carriedOf.of(x, c.code, i.indicatorCode)),
        })),
      })),
      pledgeItems: d.items
        .filter((i) => i.cellId === unitId)
        .map((i) => ({
          id: i.itemId,
          pledgeId: i.pledgeId,
          status: i.forecast?.status ?? 'waived',
          actualProgress: i.forecast?.actualProgress ?? null,
          reason: i.forecast ? t(i.forecast.reason) : null,
        })),
    };
  }
}

/**
 * The readings in force carried over from the old catalogue (indicator_mapping), by unit: what an indicator shows as
 * `carried` (the units whose figure is an old indicator's reading, its day and source) and what a cell shows as its
 * carried readings (their values too).
 */
function carriedIndex(d: CommuneProgrammeDay): {
  of(unitId: string, criterionCode: string, indicatorCode: string): { unitId: string; asOf: string; carriedFrom: CarriedFrom }[];
  readings(unitId: string): Omit<CarriedReadingDay, 'unitId'>[];
} {
  const byUnit = new Map<string, CarriedReadingDay[]>();
  for (const r of d.carried) (byUnit.get(r.unitId) ?? byUnit.set(r.unitId, []).get(r.unitId)!).push(r);
  return {
    of: (unitId, criterionCode, indicatorCode) =>
      (byUnit.get(unitId) ?? [])
        .filter((r) => r.criterionCode === criterionCode && r.indicatorCode === indicatorCode)
        .map((r) => ({ unitId, asOf: r.asOf, carriedFrom: { ...r.carriedFrom } })),
    readings: (unitId) =>
      (byUnit.get(unitId) ?? []).map((r) => ({
        criterionCode: r.criterionCode,
        indicatorCode: r.indicatorCode,
        asOf: r.asOf,
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
        reportedAt: r.reportedAt,
        carriedFrom: { ...r.carriedFrom },
      })),
  };
}
