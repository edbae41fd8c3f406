/**
 * What blocks the district standard: for each condition not met, the units and criteria still missing, ordered by
 * how close each is to its level, and the few whose completion would complete the condition soonest. This leads
 * the dashboard and the exports; the overall percentage stays beside it as a secondary figure.
 *
 * Closeness (closest first):
 * 1. fewer open criteria (a commune missing one criterion before one missing four);
 * 2. a smaller gap: the sum over its open indicators of the distance to the level, relative to the level's scale
 *    (percentage points / 100 for percentages, / the level for amounts and counts, 1 for a yes/no not met); an
 *    indicator without a figure, without a level or with stale figures counts 1 (its distance is unknown);
 * 3. an earlier projected completion (the trend of the pledged items behind the criteria, when known);
 * 4. an earlier pledged due date;
 * 5. the unit's name.
 */
import type { IsoDate } from '../shared/iso-date';
import type { LocalisedText } from '../shared/localised-text';
import type { AssessmentStatus, CriterionAssessment, IndicatorAssessment } from '../status/assess';
import { formatDate, formatNumber } from '../text/format';
import type { ConditionAssessment, DistrictStandardAssessment } from './district';
import { STATUS_WORDS, UNIT_KIND_WORDS } from './labels';

/** When the pledged work behind a unit's criterion is due and when its trend says it will be done. */
export interface PledgeHint {
  /** The latest due date of the active pledge items behind the criterion (all of them must be done). */
  readonly dueOn: IsoDate | null;
  /** The latest projected completion of those items; null when any has no projection. */
  readonly projectedOn: IsoDate | null;
}

/** Pledge hints by unit id, then criterion code. */
export type PledgeHints = ReadonlyMap<string, ReadonlyMap<string, PledgeHint>>;

/** One pledge item's contribution to {@link pledgeHintsFrom}. */
export interface PledgeHintItem {
  /** The units the item works toward (the cell, and its commune). */
  readonly unitIds: readonly string[];
  readonly criterionCode: string;
  readonly dueOn: IsoDate;
  readonly projectedOn: IsoDate | null;
  /** Items already met add nothing. */
  readonly met: boolean;
}

const later = (a: IsoDate | null, b: IsoDate | null): IsoDate | null => (a === null || b === null ? null : a > b ? a : b);

/** Combines pledge items into hints: per unit and criterion, the latest due date and the latest projection. */
export function pledgeHintsFrom(items: readonly PledgeHintItem[]): PledgeHints {
  const hints = new Map<string, Map<string, { dueOn: IsoDate | null; projectedOn: IsoDate | null; any: boolean }>>();
  for (const item of items) {
    if (item.met) continue;
    for (const unitId of item.unitIds) {
      const byCriterion = hints.get(unitId) ?? new Map();
      hints.set(unitId, byCriterion);
      const h = byCriterion.get(item.criterionCode);
      if (!h) byCriterion.set(item.criterionCode, { dueOn: item.dueOn, projectedOn: item.projectedOn, any: true });
      else byCriterion.set(item.criterionCode, { dueOn: h.dueOn === null || item.dueOn > h.dueOn ? item.dueOn : h.dueOn, projectedOn: later(h.projectedOn, item.projectedOn), any: true });
    }
  }
  return hints;
}

/** One open criterion of a blocker. */
export interface BlockingCriterion {
  readonly code: string;
  readonly name: LocalisedText;
  readonly status: AssessmentStatus;
  /** Its distance to the level (see the module comment). */
  readonly gap: number;
  /** One line per open indicator: its status and why (values shown against their levels, gaps stated). */
  readonly indicators: readonly LocalisedText[];
  readonly dueOn: IsoDate | null;
  readonly projectedOn: IsoDate | null;
}

/** A unit (or the district's own criterion or measure) that keeps a condition from being met. */
export interface Blocker {
  readonly unitId: string;
  readonly unitName: string;
  readonly unitKind: string;
  /** Share conditions: the unit's computed status at the tier, and whether a decision recognises it. */
  readonly computedStatus: 'met' | 'not_met' | 'undetermined' | null;
  readonly recognised: boolean;
  /** Open criteria, closest first. */
  readonly criteria: readonly BlockingCriterion[];
  readonly openCriteria: number;
  readonly gap: number;
  readonly dueOn: IsoDate | null;
  readonly projectedOn: IsoDate | null;
  /** One line: "Xã Tân Hòa: thiếu 1 tiêu chí (XA-17 Môi trường: …)". */
  readonly summary: LocalisedText;
}

/** One condition not met, with what blocks it. */
export interface ConditionBlockers {
  readonly code: string;
  readonly name: LocalisedText;
  readonly status: ConditionAssessment['status'];
  /** How many of the blockers must be completed for the condition to be met (all of them unless it is a share). */
  readonly needed: number;
  /** Closest first. */
  readonly blockers: readonly Blocker[];
  /** The ids of the `needed` closest blockers (units; `district:<criterion>` for the district's own criteria). */
  readonly soonest: readonly string[];
  readonly summary: LocalisedText;
}

/** What blocks the standard. */
export interface StandardBlockers {
  readonly status: DistrictStandardAssessment['status'];
  /** The conditions not met, in catalogue order. */
  readonly conditions: readonly ConditionBlockers[];
  /** The lead sentence of the dashboard and the exports. */
  readonly headline: LocalisedText;
}

/** Distance of one indicator to its level (see the module comment); 0 when met. */
export function indicatorGap(i: IndicatorAssessment): number {
  if (i.status === 'met') return 0;
  if (i.status !== 'not_met') return 1;
  let gap = 0;
  for (const p of i.parts) {
    if (p.judgement !== 'not_met') continue;
    if (typeof p.value !== 'number' || typeof p.threshold.value !== 'number') {
      gap += 1;
      continue;
    }
    const scale = i.kind === 'percentage' ? 100 : Math.max(Math.abs(p.threshold.value), 1);
    gap += Math.min(1, Math.abs(p.threshold.value - p.value) / scale);
  }
  return gap;
}

function blockingCriteria(criteria: readonly CriterionAssessment[], hints: ReadonlyMap<string, PledgeHint> | undefined): BlockingCriterion[] {
  return criteria
    .filter((c) => c.status !== 'met')
    .map((c) => {
      const open = c.indicators.filter((i) => i.status !== 'met');
      const hint = hints?.get(c.criterion.code);
      return {
        code: c.criterion.code,
        name: { vi: c.criterion.nameVi, en: c.criterion.nameEn },
        status: c.status,
        gap: open.reduce((s, i) => s + indicatorGap(i), 0),
        indicators: open.map((i) => ({
          vi: `${i.indicatorCode} (${STATUS_WORDS[i.status].vi}): ${i.reason.vi}`,
          en: `${i.indicatorCode} (${STATUS_WORDS[i.status].en}): ${i.reason.en}`,
        })),
        dueOn: hint?.dueOn ?? null,
        projectedOn: hint?.projectedOn ?? null,
      };
    })
    .sort(compareCriteria);
}

const nullLast = (a: IsoDate | null, b: IsoDate | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

function compareCriteria(a: BlockingCriterion, b: BlockingCriterion): number {
  return a.gap - b.gap || nullLast(a.projectedOn, b.projectedOn) || nullLast(a.dueOn, b.dueOn) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Orders blockers closest first (see the module comment). */
export function compareBlockers(a: Blocker, b: Blocker): number {
  return (
    a.openCriteria - b.openCriteria ||
    a.gap - b.gap ||
    nullLast(a.projectedOn, b.projectedOn) ||
    nullLast(a.dueOn, b.dueOn) ||
    a.unitName.localeCompare(b.unitName, 'vi') ||
    (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0)
  );
}

function latestOf(dates: readonly (IsoDate | null)[], requireAll: boolean): IsoDate | null {
  let out: IsoDate | null = null;
  for (const d of dates) {
    if (d === null) {
      if (requireAll) return null;
      continue;
    }
    if (out === null || d > out) out = d;
  }
  return out;
}

function criteriaLine(criteria: readonly BlockingCriterion[]): LocalisedText {
  return {
    vi: criteria.map((c) => `${c.code} ${c.name.vi} (${STATUS_WORDS[c.status].vi})`).join(', '),
    en: criteria.map((c) => `${c.code} ${c.name.en} (${STATUS_WORDS[c.status].en})`).join(', '),
  };
}

function dateNote(b: { projectedOn: IsoDate | null; dueOn: IsoDate | null }): LocalisedText {
  const parts: LocalisedText[] = [];
  if (b.projectedOn) parts.push({ vi: `dự kiến xong ${formatDate(b.projectedOn, 'vi')}`, en: `projected ${formatDate(b.projectedOn, 'en')}` });
  if (b.dueOn) parts.push({ vi: `giao ước hạn ${formatDate(b.dueOn, 'vi')}`, en: `pledged by ${formatDate(b.dueOn, 'en')}` });
  if (parts.length === 0) return { vi: '', en: '' };
  return { vi: `; ${parts.map((p) => p.vi).join(', ')}`, en: `; ${parts.map((p) => p.en).join(', ')}` };
}

function unitBlocker(standing: ConditionAssessment['standing'][number], hints: PledgeHints | undefined): Blocker {
  const t = standing.tier;
  // the criteria of the tier itself and of the tiers it requires (an advanced commune must first be NTM)
  const all = [...t.requiredTiers.flatMap((r) => r.criteria), ...t.criteria];
  const seen = new Set<string>();
  const unique = all.filter((c) => (seen.has(c.criterion.code) ? false : (seen.add(c.criterion.code), true)));
  const criteria = blockingCriteria(unique, hints?.get(t.unitId));
  const gap = criteria.reduce((s, c) => s + c.gap, 0);
  const projectedOn = latestOf(criteria.map((c) => c.projectedOn), true);
  const dueOn = latestOf(criteria.map((c) => c.dueOn), false);
  const line = criteriaLine(criteria);
  const recognitionOnly = criteria.length === 0;
  const summary: LocalisedText = recognitionOnly
    ? { vi: `${t.unitName}: đạt theo tính toán, chưa có quyết định công nhận`, en: `${t.unitName}: met as computed, no recognition decision recorded` }
    : {
        vi: `${t.unitName}: còn ${criteria.length} tiêu chí (${line.vi})${dateNote({ projectedOn, dueOn }).vi}`,
        en: `${t.unitName}: ${criteria.length} criteria open (${line.en})${dateNote({ projectedOn, dueOn }).en}`,
      };
  return {
    unitId: t.unitId,
    unitName: t.unitName,
    unitKind: t.tier.appliesTo,
    computedStatus: t.status,
    recognised: t.recognition !== null,
    criteria,
    openCriteria: criteria.length,
    gap,
    dueOn,
    projectedOn,
    summary,
  };
}

function conditionBlockers(standard: DistrictStandardAssessment, c: ConditionAssessment, hints: PledgeHints | undefined): ConditionBlockers {
  const name = { vi: c.condition.nameVi, en: c.condition.nameEn };
  let blockers: Blocker[] = [];
  let needed = 0;
  if (c.condition.rule.type === 'share_at_tier') {
    blockers = c.standing.filter((u) => !u.counted).map((u) => unitBlocker(u, hints)).sort(compareBlockers);
    needed = c.requiredUnits === null || c.unitsAtTier === null ? blockers.length : Math.max(0, c.requiredUnits - c.unitsAtTier);
  } else {
    const criteria = c.condition.rule.type === 'criteria' ? c.criteria : [];
    const open = blockingCriteria(criteria, hints?.get(standard.districtId));
    blockers = open.map((bc) => ({
      unitId: `${standard.districtId}:${bc.code}`,
      unitName: standard.districtName,
      unitKind: 'district',
      computedStatus: null,
      recognised: false,
      criteria: [bc],
      openCriteria: 1,
      gap: bc.gap,
      dueOn: bc.dueOn,
      projectedOn: bc.projectedOn,
      summary: { vi: `${bc.code} ${bc.name.vi}: ${bc.indicators.map((l) => l.vi).join('; ')}`, en: `${bc.code} ${bc.name.en}: ${bc.indicators.map((l) => l.en).join('; ')}` },
    }));
    if (c.measure && c.measure.status !== 'met') {
      const m = c.measure;
      blockers.push({
        unitId: `${standard.districtId}:${m.criterionCode}|${m.indicatorCode}`,
        unitName: standard.districtName,
        unitKind: 'district',
        computedStatus: null,
        recognised: false,
        criteria: [],
        openCriteria: 1,
        gap: indicatorGap(m),
        dueOn: null,
        projectedOn: null,
        summary: { vi: `${name.vi} (${STATUS_WORDS[m.status].vi}): ${m.reason.vi}`, en: `${name.en} (${STATUS_WORDS[m.status].en}): ${m.reason.en}` },
      });
    }
    blockers.sort(compareBlockers);
    needed = blockers.length;
  }
  const soonest = blockers.slice(0, needed).map((b) => b.unitId);
  const kind = c.condition.rule.type === 'share_at_tier' ? c.condition.rule.unitKinds[0] : null;
  const summary: LocalisedText =
    c.status === 'threshold_missing'
      ? { vi: `${c.condition.code}: chưa có ngưỡng, không thể kết luận`, en: `${c.condition.code}: no threshold, cannot be judged` }
      : kind
        ? {
            vi: `${c.condition.code} ${name.vi}: cần thêm ${needed} ${UNIT_KIND_WORDS[kind].vi}; gần đạt nhất: ${blockers.slice(0, Math.max(needed, 1)).map((b) => `${b.unitName} (còn ${b.openCriteria} tiêu chí)`).join(', ')}`,
            en: `${c.condition.code} ${name.en}: ${formatNumber(needed, 'en')} more needed; closest: ${blockers.slice(0, Math.max(needed, 1)).map((b) => `${b.unitName} (${b.openCriteria} criteria open)`).join(', ')}`,
          }
        : {
            vi: `${c.condition.code} ${name.vi}: còn ${needed} mục chưa đạt (${blockers.map((b) => (b.criteria[0]?.code ?? b.unitId.split(':')[1])).join(', ')})`,
            en: `${c.condition.code} ${name.en}: ${needed} open (${blockers.map((b) => (b.criteria[0]?.code ?? b.unitId.split(':')[1])).join(', ')})`,
          };
  return { code: c.condition.code, name, status: c.status, needed, blockers, soonest, summary };
}

/** What blocks `standard` (the conditions not met; empty when it is met or not applicable). */
export function standardBlockers(standard: DistrictStandardAssessment, hints?: PledgeHints): StandardBlockers {
  const conditions = standard.conditions.filter((c) => c.status !== 'met').map((c) => conditionBlockers(standard, c, hints));
  const closed = standard.closure !== null;
  let headline: LocalisedText;
  if (standard.status === 'not_applicable') headline = standard.label;
  else if (conditions.length === 0) headline = standard.label;
  else {
    const lead = closed
      ? {
          vi: `${standard.districtName} đã không đạt chuẩn (đánh giá tại ngày ${formatDate(standard.asOf, 'vi')}): ${conditions.length}/${standard.conditions.length} điều kiện chưa đạt`,
          en: `${standard.districtName} did not meet the standard (judged on ${formatDate(standard.asOf, 'en')}): ${conditions.length} of ${standard.conditions.length} conditions not met`,
        }
      : {
          vi: `Chưa đạt chuẩn: ${conditions.length}/${standard.conditions.length} điều kiện còn chặn`,
          en: `Not yet at the standard: ${conditions.length} of ${standard.conditions.length} conditions still block it`,
        };
    headline = { vi: `${lead.vi}. ${conditions.map((c) => c.summary.vi).join('. ')}.`, en: `${lead.en}. ${conditions.map((c) => c.summary.en).join('. ')}.` };
  }
  return { status: standard.status, conditions, headline };
}
