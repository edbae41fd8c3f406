import { Injectable, Optional } from '@nestjs/common';
import { CommuneProgressService } from './commune-programme/commune-progress';
import type { Principal } from '@pledge/auth';
import type { CriterionDay, Unit, UnitDay } from '@pledge/domain';
import { getIndicator } from '@pledge/domain/catalogue/lookup';
import { COMPARE_PART_KEY, levelPartProvenance } from '@pledge/domain/catalogue/level';
import { yearOf } from '@pledge/domain/shared/iso-date';
import { formatAgainstLevel, formatRequirement } from '@pledge/domain/status/value-format';
import { isCell, isCommuneLevel } from '@pledge/domain/units/hierarchy';
import type { CriterionStatusDto, ItemForecastDto, TierStatusDto, UnitProgressResponseDto } from './get-unit-progress.dto';
import { districtStandardDto, overallDto } from './present-standard';
import { settingsFor } from './programme/evaluation-settings';
import { ProgrammeDaysService } from './programme/programme-days.service';
import { indicatorReason, standardView, type ProgrammeView } from './programme/programme-view';
import { pledgeSummary, standardSummary, t, unitRef } from './programme/present';
import { mayReadCell, mayReadCommune, notFound, resolveViewDate, unknownUnit } from './programme/request-context';
import type { ProgrammeReference } from './programme/programme-reference';
import { Clock, SystemClock } from '@pledge/platform';

function criterionDto(ref: ProgrammeReference, view: ProgrammeView, unitId: string, c: CriterionDay): CriterionStatusDto {
  const criterion = view.catalogue.criteria.get(c.code)!;
  return {
    code: c.code,
    name: { vi: criterion.nameVi, en: criterion.nameEn },
    status: c.status,
    indicators: c.indicators.map((i) => {
      const { criterion: ownCriterion, indicator } = getIndicator(view.catalogue, i);
      const rule = i.thresholdRule === null ? null : indicator.thresholdRules[i.thresholdRule];
      const requirement = i.threshold === null || indicator.comparator === null ? null : t(formatRequirement(indicator, indicator.comparator, i.threshold));
      const source = indicator.readingOf ?? { criterionCode: i.criterionCode, indicatorCode: i.indicatorCode };
      return {
        code: i.indicatorCode,
        name: { vi: indicator.nameVi, en: indicator.nameEn },
        status: i.status,
        judgement: i.judgement,
        value: i.value,
        numerator: i.numerator,
        denominator: i.denominator,
        rollup: indicator.rollup.method,
        threshold: {
          value: i.threshold,
          comparator: indicator.comparator,
          source: rule ? rule.thresholdSource : indicator.thresholdSource,
          confidence: rule ? rule.thresholdConfidence : indicator.thresholdConfidence,
          ruleIndex: i.thresholdRule,
          year: i.year,
          text: requirement,
        },
        frequency: i.frequency,
        year: i.year,
        parts: i.parts.map((p) => {
          const shownIndicator = ownCriterion.indicators.find((x) => x.code === p.indicatorCode) ?? indicator;
          const ruleIndex = p.key === COMPARE_PART_KEY ? i.thresholdRule : null;
          const provenance = levelPartProvenance(indicator, p.key, ruleIndex);
          const against =
            p.value !== null && p.comparator !== null && p.threshold !== null ? formatAgainstLevel(shownIndicator, p.value, p.comparator, p.threshold) : null;
          return {
            key: p.key,
            name: p.name ? t(p.name) : null,
            indicatorCode: p.indicatorCode,
            value: p.value,
            judgement: p.judgement,
            threshold: {
              value: p.threshold,
              comparator: p.comparator,
              source: provenance.source,
              confidence: provenance.confidence,
              ruleIndex,
              year: p.thresholdYear,
              text: p.threshold === null || p.comparator === null ? null : t(formatRequirement(shownIndicator, p.comparator, p.threshold)),
            },
            shown: against ? t(against.value) : null,
            gap: against?.gap ? t(against.gap) : null,
          };
        }),
        outdated: i.outdated.map((o) => ({ unitId: o.unitId, asOf: o.asOf })),
        coverage: { expected: i.expected, reported: i.reported, missing: [...i.missing] },
        newestAsOf: i.newestAsOf,
        oldestAsOf: i.oldestAsOf,
        requiredFrom: i.requiredFrom,
        staleUnitIds: [...i.staleUnitIds],
        reason: t(indicatorReason(ref, view.catalogue, i)),
        readingsLink: `/api/v1/units/${encodeURIComponent(unitId)}/readings?criterion=${encodeURIComponent(source.criterionCode)}&indicator=${encodeURIComponent(source.indicatorCode)}`,
      };
    }),
  };
}

function tiersDto(ref: ProgrammeReference, view: ProgrammeView, unitId: string, day: UnitDay | undefined): TierStatusDto[] {
  if (!day) return [];
  const byCode = new Map(day.criteria.map((c) => [c.code, c]));
  return day.tiers.map((tier) => {
    const s = standardView(view.catalogue, day, tier);
    return {
      ...standardSummary(s)!,
      name: { vi: s.tier.nameVi, en: s.tier.nameEn },
      base: s.tier.base,
      requires: s.tier.rule.type === 'criteria' ? [...s.tier.rule.requiresTiers] : [],
      criteria: s.criteria.flatMap((c) => {
        const d = byCode.get(c.criterion.code);
        return d ? [criterionDto(ref, view, unitId, d)] : [];
      }),
    };
  });
}

/**
 * GET /api/v1/progress/units/{id}: the drill-down of one unit on the view date: every standard of its kind with
 * each criterion and indicator (value, threshold in force, coverage, staleness, why), its pledge items for a cell,
 * the district standard for the district. Scope: a cell needs {@link mayReadCell}; a commune or the town its
 * officer or a district role; the district every logged-in account.
 */
@Injectable()
export class GetUnitProgressHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly clock: Clock = new SystemClock(),
    /** The commune programmes' views (absent where a test builds the handler by hand: district programmes only). */
    @Optional() private readonly communes?: CommuneProgressService,
  ) {}

  async execute(me: Principal, unitId: string, query: { asOf?: string; version?: string; programme?: string }): Promise<UnitProgressResponseDto> {
    const reference = await this.views.reference();
    // a commune programme (2026–2030) whose catalogue is published: its own answer (a commune or a cell, no district)
    const communeProgramme = this.communes?.commune(reference, query.programme);
    if (communeProgramme) return (await this.communes!.presentUnit(me, reference, communeProgramme, unitId, query.asOf)) as UnitProgressResponseDto;
    const date = resolveViewDate(reference, query, this.clock.now());
    const view = await this.views.view(date.version.id, date.asOf);
    const unit: Unit | undefined = reference.unitIndex.byId.get(unitId);
    if (!unit) throw unknownUnit(unitId);
    const cell = view.cellById.get(unit.id);
    const commune = cell ? cell.commune : isCell(unit) && unit.parentId ? (reference.unitIndex.byId.get(unit.parentId) ?? null) : null;
    // outside the caller's scope: exactly the answer of an unknown unit (issue 11)
    if ((isCell(unit) && !mayReadCell(me, unit.id, commune?.id ?? '')) || (isCommuneLevel(unit) && !mayReadCommune(me, unit.id))) throw unknownUnit(unitId);
    const isDistrict = unit.id === view.district.id;
    if (!isDistrict && !cell && !view.communeById.has(unit.id)) {
      throw notFound(
        'id',
        'not_in_programme',
        `${unit.name} không thuộc chương trình ${view.version} vào ngày ${view.structureDate}`,
        `${unit.name} is not part of programme ${view.version} on ${view.structureDate}`,
      );
    }
    const { fulfilment } = settingsFor(reference.evaluationSettings, yearOf(view.asOf)).settings;
    const items: ItemForecastDto[] = (cell?.items ?? []).map((i) => ({
      id: i.item.id,
      criterionCode: i.item.criterionCode,
      indicatorCode: i.item.indicatorCode,
      status: i.forecast?.status ?? 'waived',
      dueDate: i.item.dueDate,
      reason: i.forecast ? t(i.forecast.reason) : { vi: `Đã miễn: ${i.state.waivedReason ?? ''}`.trim(), en: `Waived: ${i.state.waivedReason ?? ''}`.trim() },
    }));
    return {
      asOf: view.asOf,
      asOfNote: date.asOfNote,
      catalogueVersion: view.version,
      unit: unitRef(unit),
      commune: commune ? unitRef(commune) : null,
      tiers: tiersDto(reference, view, unit.id, await this.views.unitDetail(view, unit.id)),
      source: view.source,
      // once the programme is closed, its last day's standard is the final result, in the past tense
      districtStandard: isDistrict ? districtStandardDto(view.standard, view.pledgeHints, date.final) : null,
      overall: isDistrict ? overallDto(view.standard) : null,
      pledge: cell ? pledgeSummary(cell, fulfilment) : null,
      pledgeItems: items,
    };
  }
}
