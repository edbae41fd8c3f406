import { Injectable } from '@nestjs/common';
import { type Principal } from '@pledge/auth';
import {
  assessTier,
  closeStandard,
  formatAgainstLevel,
  formatRequirement,
  standardBlockers,
  getIndicator,
  isCell,
  isCommuneLevel,
  vnDateOf,
  yearOf,
  type CriterionAssessment,
  type TierAssessment,
  type Unit,
} from '@pledge/domain';
import type { CriterionStatusDto, ItemForecastDto, TierStatusDto, UnitProgressResponseDto } from './get-unit-progress.dto';
import { districtStandardDto, overallDto } from './present-standard';
import { settingsFor } from './programme/evaluation-settings';
import type { ProgrammeView } from './programme/programme-view';
import { ProgrammeViewService } from './programme/programme-view.service';
import { pledgeSummary, standardSummary, t, unitRef } from './programme/present';
import { mayReadCell, mayReadCommune, notFound, resolveViewDate, unknownUnit } from './programme/request-context';

function criterionDto(view: ProgrammeView, c: CriterionAssessment): CriterionStatusDto {
  return {
    code: c.criterion.code,
    name: { vi: c.criterion.nameVi, en: c.criterion.nameEn },
    status: c.status,
    indicators: c.indicators.map((i) => {
      const { indicator } = getIndicator(view.catalogue, i);
      const requirement =
        i.threshold.value === null || indicator.comparator === null ? null : t(formatRequirement(indicator, indicator.comparator, i.threshold.value));
      const criterion = view.catalogue.criteria.get(i.criterionCode);
      const source = indicator.readingOf ?? { criterionCode: i.criterionCode, indicatorCode: i.indicatorCode };
      return {
        code: i.indicatorCode,
        name: { vi: indicator.nameVi, en: indicator.nameEn },
        status: i.status,
        judgement: i.judgement,
        value: i.value,
        numerator: i.rollup.numerator,
        denominator: i.rollup.denominator,
        rollup: i.rollup.method,
        threshold: {
          value: i.threshold.value,
          comparator: indicator.comparator,
          source: i.threshold.source,
          confidence: i.threshold.confidence,
          ruleIndex: i.threshold.ruleIndex,
          year: i.threshold.year,
          text: requirement,
        },
        frequency: i.frequency,
        year: i.year,
        parts: i.parts.map((p) => {
          const shownIndicator = criterion?.indicators.find((x) => x.code === p.indicatorCode) ?? indicator;
          const against = p.value !== null && p.comparator !== null && p.threshold.value !== null ? formatAgainstLevel(shownIndicator, p.value, p.comparator, p.threshold.value) : null;
          return {
            key: p.key,
            name: p.name ? t(p.name) : null,
            indicatorCode: p.indicatorCode,
            value: p.value,
            judgement: p.judgement,
            threshold: {
              value: p.threshold.value,
              comparator: p.comparator,
              source: p.threshold.source,
              confidence: p.threshold.confidence,
              ruleIndex: p.threshold.ruleIndex,
              year: p.threshold.year,
              text: p.threshold.value === null || p.comparator === null ? null : t(formatRequirement(shownIndicator, p.comparator, p.threshold.value)),
            },
            shown: against ? t(against.value) : null,
            gap: against?.gap ? t(against.gap) : null,
          };
        }),
        outdated: i.parts.flatMap((p) => p.rollup.outdated.map((o) => ({ unitId: o.unitId, asOf: o.asOf }))),
        coverage: { expected: i.rollup.coverage.expected, reported: i.rollup.coverage.reported, missing: [...i.rollup.coverage.missing] },
        newestAsOf: i.rollup.newestAsOf,
        oldestAsOf: i.rollup.oldestAsOf,
        requiredFrom: i.requiredFrom,
        staleUnitIds: [...i.staleUnitIds],
        reason: t(i.reason),
        readingsLink: `/api/v1/units/${encodeURIComponent(i.unitId)}/readings?criterion=${encodeURIComponent(source.criterionCode)}&indicator=${encodeURIComponent(source.indicatorCode)}`,
      };
    }),
  };
}

function tierDto(view: ProgrammeView, a: TierAssessment): TierStatusDto {
  return {
    ...standardSummary(a)!,
    name: { vi: a.tier.nameVi, en: a.tier.nameEn },
    base: a.tier.base,
    requires: a.tier.rule.type === 'criteria' ? [...a.tier.rule.requiresTiers] : [],
    criteria: a.criteria.map((c) => criterionDto(view, c)),
  };
}

/**
 * GET /api/v1/progress/units/{id}: the drill-down of one unit on the view date: every standard of its kind with
 * each criterion and indicator (value, threshold in force, coverage, staleness, why), its pledge items for a cell,
 * the district standard for the district. Scope: a cell needs {@link mayReadCell}; a commune or the town its
 * officer or a district role; the district every logged-in account.
 */
@Injectable()
export class GetUnitProgressHandler {
  constructor(private readonly views: ProgrammeViewService) {}

  async execute(me: Principal, unitId: string, query: { asOf?: string; version?: string }): Promise<UnitProgressResponseDto> {
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query);
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
    const standard = date.final ? closeStandard(view.standard, vnDateOf(new Date())) : view.standard;
    const blockers = date.final ? { ...view.blockers, headline: standardBlockers(standard).headline } : view.blockers;
    const tiers = view.catalogue.catalogue.tiers.filter((tier) => tier.appliesTo === unit.kind && tier.rule.type === 'criteria');
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
      tiers: tiers.map((tier) => tierDto(view, assessTier(view.ctx, unit.id, tier.code))),
      districtStandard: isDistrict ? districtStandardDto(standard, blockers) : null,
      overall: isDistrict ? overallDto(standard) : null,
      pledge: cell ? pledgeSummary(cell, fulfilment) : null,
      pledgeItems: items,
    };
  }
}
