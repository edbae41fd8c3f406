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
import { finalResultLabel, type ConditionAssessment, type DistrictStandardAssessment } from './district';
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
      const byCriterion = hints.get(unitId) ?? new Map<string, { dueOn: IsoDate | null; projectedOn: IsoDate | null; any: boolean }>();
      hints.set(unitId, byCriterion);
      const h = byCriterion.get(item.criterionCode);
      if (!h) byCriterion.set(item.criterionCode, { dueOn: item.dueOn, projectedOn: item.projectedOn, any: true });
      else
        byCriterion.set(item.criterionCode, {
          dueOn: h.dueOn === null || item.dueOn > h.dueOn ? item.dueOn : h.dueOn,
          projectedOn: later(h.projectedOn, item.projectedOn),
          any: true,
        });
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

/** One open criterion of a blocker before the pledges' dates are known: plain data, as the projector stores it. */
export interface BlockingCriterionFacts {
  readonly code: string;
  readonly name: LocalisedText;
  readonly status: AssessmentStatus;
  readonly gap: number;
  readonly indicators: readonly LocalisedText[];
}

/** A blocker before the pledges' dates are known. */
export interface BlockerFacts {
  readonly unitId: string;
  readonly unitName: string;
  readonly unitKind: string;
  readonly computedStatus: 'met' | 'not_met' | 'undetermined' | null;
  readonly recognised: boolean;
  /** The unit (or district criterion) whose pledge hints apply: a unit id, or the district's id for its own criteria. */
  readonly hintUnitId: string;
  readonly criteria: readonly BlockingCriterionFacts[];
  /** A measure condition's one line (residents' satisfaction); null otherwise. */
  readonly line: LocalisedText | null;
  readonly gap: number;
}

/** One condition not met, before the pledges' dates are known. */
export interface ConditionBlockersFacts {
  readonly code: string;
  readonly name: LocalisedText;
  readonly status: ConditionAssessment['status'];
  /** `share_at_tier`: the kind of units counted and how many more are needed; null otherwise. */
  readonly unitKind: string | null;
  readonly needed: number;
  readonly blockers: readonly BlockerFacts[];
}

/** What blocks a standard, as plain data (what the projector stores with a day; see {@link finishBlockers}). */
export interface BlockersFacts {
  readonly status: DistrictStandardAssessment['status'];
  readonly districtName: string;
  readonly asOf: IsoDate;
  readonly label: LocalisedText;
  readonly conditionCount: number;
  readonly conditions: readonly ConditionBlockersFacts[];
}

function blockingCriteriaFacts(criteria: readonly CriterionAssessment[]): BlockingCriterionFacts[] {
  return criteria
    .filter((c) => c.status !== 'met')
    .map((c) => {
      const open = c.indicators.filter((i) => i.status !== 'met');
      return {
        code: c.criterion.code,
        name: { vi: c.criterion.nameVi, en: c.criterion.nameEn },
        status: c.status,
        gap: open.reduce((s, i) => s + indicatorGap(i), 0),
        indicators: open.map((i) => ({
          vi: `${i.indicatorCode} (${STATUS_WORDS[i.status].vi}): ${i.reason.vi}`,
          en: `${i.indicatorCode} (${STATUS_WORDS[i.status].en}): ${i.reason.en}`,
        })),
      };
    });
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

function unitBlockerFacts(standing: ConditionAssessment['standing'][number]): BlockerFacts {
  const t = standing.tier;
  // the criteria of the tier itself and of the tiers it requires (an advanced commune must first be NTM)
  const all = [...t.requiredTiers.flatMap((r) => r.criteria), ...t.criteria];
  const seen = new Set<string>();
  const unique = all.filter((c) => (seen.has(c.criterion.code) ? false : (seen.add(c.criterion.code), true)));
  const criteria = blockingCriteriaFacts(unique);
  return {
    unitId: t.unitId,
    unitName: t.unitName,
    unitKind: t.tier.appliesTo,
    computedStatus: t.status,
    recognised: t.recognition !== null,
    hintUnitId: t.unitId,
    criteria,
    line: null,
    gap: criteria.reduce((s, c) => s + c.gap, 0),
  };
}

function conditionFacts(standard: DistrictStandardAssessment, c: ConditionAssessment): ConditionBlockersFacts {
  const name = { vi: c.condition.nameVi, en: c.condition.nameEn };
  if (c.condition.rule.type === 'share_at_tier') {
    const blockers = c.standing.filter((u) => !u.counted).map(unitBlockerFacts);
    const needed = c.requiredUnits === null || c.unitsAtTier === null ? blockers.length : Math.max(0, c.requiredUnits - c.unitsAtTier);
    return { code: c.condition.code, name, status: c.status, unitKind: c.condition.rule.unitKinds[0], needed, blockers };
  }
  const blockers: BlockerFacts[] = blockingCriteriaFacts(c.condition.rule.type === 'criteria' ? c.criteria : []).map((bc) => ({
    unitId: `${standard.districtId}:${bc.code}`,
    unitName: standard.districtName,
    unitKind: 'district',
    computedStatus: null,
    recognised: false,
    hintUnitId: standard.districtId,
    criteria: [bc],
    line: null,
    gap: bc.gap,
  }));
  if (c.measure && c.measure.status !== 'met') {
    const m = c.measure;
    blockers.push({
      unitId: `${standard.districtId}:${m.criterionCode}|${m.indicatorCode}`,
      unitName: standard.districtName,
      unitKind: 'district',
      computedStatus: null,
      recognised: false,
      hintUnitId: standard.districtId,
      criteria: [],
      line: { vi: `${name.vi} (${STATUS_WORDS[m.status].vi}): ${m.reason.vi}`, en: `${name.en} (${STATUS_WORDS[m.status].en}): ${m.reason.en}` },
      gap: indicatorGap(m),
    });
  }
  return { code: c.condition.code, name, status: c.status, unitKind: null, needed: blockers.length, blockers };
}

/** What blocks `standard` before the pledges' dates are known (plain data: the projector stores it with the day). */
export function blockersFacts(standard: DistrictStandardAssessment): BlockersFacts {
  return {
    status: standard.status,
    districtName: standard.districtName,
    asOf: standard.asOf,
    label: standard.label,
    conditionCount: standard.conditions.length,
    conditions: standard.conditions.filter((c) => c.status !== 'met').map((c) => conditionFacts(standard, c)),
  };
}

function finishBlocker(b: BlockerFacts, hints: PledgeHints | undefined): Blocker {
  const unitHints = hints?.get(b.hintUnitId);
  const criteria = b.criteria
    .map((c) => ({ ...c, dueOn: unitHints?.get(c.code)?.dueOn ?? null, projectedOn: unitHints?.get(c.code)?.projectedOn ?? null }))
    .sort(compareCriteria);
  const projectedOn = latestOf(
    criteria.map((c) => c.projectedOn),
    true,
  );
  const dueOn = latestOf(
    criteria.map((c) => c.dueOn),
    false,
  );
  let summary: LocalisedText;
  if (b.line) summary = b.line;
  else if (b.unitKind === 'district') {
    const bc = criteria[0];
    summary = {
      vi: `${bc.code} ${bc.name.vi}: ${bc.indicators.map((l) => l.vi).join('; ')}`,
      en: `${bc.code} ${bc.name.en}: ${bc.indicators.map((l) => l.en).join('; ')}`,
    };
  } else if (criteria.length === 0) {
    summary = { vi: `${b.unitName}: đạt theo tính toán, chưa có quyết định công nhận`, en: `${b.unitName}: met as computed, no recognition decision recorded` };
  } else {
    const line = criteriaLine(criteria);
    const note = dateNote({ projectedOn, dueOn });
    summary = {
      vi: `${b.unitName}: còn ${criteria.length} tiêu chí (${line.vi})${note.vi}`,
      en: `${b.unitName}: ${criteria.length} criteria open (${line.en})${note.en}`,
    };
  }
  return {
    unitId: b.unitId,
    unitName: b.unitName,
    unitKind: b.unitKind,
    computedStatus: b.computedStatus,
    recognised: b.recognised,
    criteria,
    openCriteria: b.line ? 1 : criteria.length,
    gap: b.gap,
    dueOn: b.line ? null : dueOn,
    projectedOn: b.line ? null : projectedOn,
    summary,
  };
}

function finishCondition(c: ConditionBlockersFacts, hints: PledgeHints | undefined): ConditionBlockers {
  const blockers = c.blockers.map((b) => finishBlocker(b, hints)).sort(compareBlockers);
  const soonest = blockers.slice(0, c.needed).map((b) => b.unitId);
  const kind = c.unitKind as keyof typeof UNIT_KIND_WORDS | null;
  const summary: LocalisedText =
    c.status === 'threshold_missing'
      ? { vi: `${c.code}: chưa có ngưỡng, không thể kết luận`, en: `${c.code}: no threshold, cannot be judged` }
      : kind
        ? {
            vi: `${c.code} ${c.name.vi}: cần thêm ${c.needed} ${UNIT_KIND_WORDS[kind].vi}; gần đạt nhất: ${blockers
              .slice(0, Math.max(c.needed, 1))
              .map((b) => `${b.unitName} (còn ${b.openCriteria} tiêu chí)`)
              .join(', ')}`,
            en: `${c.code} ${c.name.en}: ${formatNumber(c.needed, 'en')} more needed; closest: ${blockers
              .slice(0, Math.max(c.needed, 1))
              .map((b) => `${b.unitName} (${b.openCriteria} criteria open)`)
              .join(', ')}`,
          }
        : {
            vi: `${c.code} ${c.name.vi}: còn ${c.needed} mục chưa đạt (${blockers.map((b) => b.criteria[0]?.code ?? b.unitId.split(':')[1]).join(', ')})`,
            en: `${c.code} ${c.name.en}: ${c.needed} open (${blockers.map((b) => b.criteria[0]?.code ?? b.unitId.split(':')[1]).join(', ')})`,
          };
  return { code: c.code, name: c.name, status: c.status, needed: c.needed, blockers, soonest, summary };
}

/**
 * What blocks the standard, with the pledges' dates (trend and due dates of the items behind each open criterion):
 * ordered closest first, the few that complete each condition soonest, the lead sentence. `final`: the programme has
 * closed and the standard is its final result (the sentence is in the past tense).
 */
export function finishBlockers(facts: BlockersFacts, hints?: PledgeHints, options: { final?: boolean; label?: LocalisedText } = {}): StandardBlockers {
  const conditions = facts.conditions.map((c) => finishCondition(c, hints));
  let headline: LocalisedText;
  if (facts.status === 'not_applicable' || conditions.length === 0) headline = options.label ?? facts.label;
  else {
    const lead = options.final
      ? {
          vi: `${facts.districtName} đã không đạt chuẩn (đánh giá tại ngày ${formatDate(facts.asOf, 'vi')}): ${conditions.length}/${facts.conditionCount} điều kiện chưa đạt`,
          en: `${facts.districtName} did not meet the standard (judged on ${formatDate(facts.asOf, 'en')}): ${conditions.length} of ${facts.conditionCount} conditions not met`,
        }
      : {
          vi: `Chưa đạt chuẩn: ${conditions.length}/${facts.conditionCount} điều kiện còn chặn`,
          en: `Not yet at the standard: ${conditions.length} of ${facts.conditionCount} conditions still block it`,
        };
    headline = { vi: `${lead.vi}. ${conditions.map((c) => c.summary.vi).join('. ')}.`, en: `${lead.en}. ${conditions.map((c) => c.summary.en).join('. ')}.` };
  }
  return { status: facts.status, conditions, headline };
}

/**
 * The district standard of a stored day as shown: its headline and what blocks it with the pledges' dates. `final`:
 * the view is a closed programme's final result (see isFinalView): the headline reads in the past tense.
 */
export function shownStandard(facts: BlockersFacts, hints: PledgeHints | undefined, final: boolean): { label: LocalisedText; blockers: StandardBlockers } {
  const closed = final && facts.status !== 'not_applicable';
  const label = closed
    ? finalResultLabel({
        status: facts.status,
        districtName: facts.districtName,
        judgedOn: facts.asOf,
        conditionsMet: facts.conditionCount - facts.conditions.length,
        conditions: facts.conditionCount,
      })
    : facts.label;
  return { label, blockers: finishBlockers(facts, hints, { final: closed, label }) };
}

/** What blocks `standard` (the conditions not met; empty when it is met or not applicable). */
export function standardBlockers(standard: DistrictStandardAssessment, hints?: PledgeHints): StandardBlockers {
  return finishBlockers(blockersFacts(standard), hints, { final: standard.closure !== null, label: standard.label });
}
