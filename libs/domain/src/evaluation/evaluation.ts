/**
 * A proposal of the cells' (collectives') year-end results from their pledge fulfilment. It is not the party's
 * quality rating: the party committee rates the cells; this ranks how they fulfilled their pledges and proposes the
 * levels the 20% cap allows, for the committee to consider.
 *
 * 1. Each collective has a fulfilment score 0..100 (see {@link fulfilmentScore}).
 * 2. Bands give a candidate level: score ≥ `bands.excellent` → HTXSNV candidate, ≥ `bands.good` → HTTNV,
 *    ≥ `bands.completed` → HTNV, else KHTNV (defaults 90/70/50, the 100-point bands of Quy định 366-QĐ/TW).
 *    A collective with a disqualification (e.g. discipline) is KHTNV whatever its score.
 * 3. The cap: collectives rated HTXSNV must not exceed `cap.ratio` × the "good" pool (default 20%), where the pool
 *    is the collectives rated HTTNV, plus those rated HTXSNV when `cap.poolIncludesExcellent` (default true, as the
 *    district's 2022 report counts: 8/40 excellent = 20% of 40 rated good or better). The limit is
 *    `rounding`(ratio × pool) (default floor). The excellent candidates are ranked by score (highest first; equal
 *    scores share a rank); those ranked beyond the limit are refused and stay HTTNV, each with a reason. When the
 *    limit falls inside a group of equal scores, that group is a tie at the limit: its collectives are neither
 *    accepted nor refused (level null) and the report says how many places they share; the committee decides.
 *    When the pool excludes the excellent ones it grows as candidates are refused; the largest number of
 *    excellent collectives that satisfies the cap is kept.
 * 4. Scope: the cap applies within each party committee that rates the cells: the district's (`district`), or each
 *    commune's (`commune`); with `commune`, every commune gets its own pool and limit and its own report lines.
 */
import type { LocalisedText } from '../shared/localised-text';
import { formatNumber, formatPercent } from '../text/format';
import type { Forecast, ForecastStatus } from '../forecast/forecast';
import { EVALUATION_LEVEL_NAMES, EVALUATION_LEVELS, type EvaluationLevel } from './levels';

/** How ratio × pool becomes a whole number. */
export type CapRounding = 'floor' | 'round' | 'ceil';

/** The party committee within which the cap applies. */
export type CapScope = 'district' | 'commune';

/** Evaluation settings. */
export interface EvaluationOptions {
  /** Lowest scores of the HTXSNV, HTTNV and HTNV bands. */
  readonly bands: { readonly excellent: number; readonly good: number; readonly completed: number };
  readonly cap: {
    /** Excellent ≤ ratio × pool. Default 0.2. */
    readonly ratio: number;
    /** Default floor. */
    readonly rounding: CapRounding;
    /** Whether the pool counts the excellent ones too (HTTNV or better). Default true. */
    readonly poolIncludesExcellent: boolean;
    /**
     * Within which party committee the cap applies: `district` (one pool for all the cells, as the district's 2022
     * report counts) or `commune` (each commune's party committee rates its own cells). Default `district`.
     */
    readonly scope: CapScope;
  };
  /** Where the rule comes from, for the record. */
  readonly ruleSource: string;
}

/** Defaults: bands 90/70/50, cap 20% of the pool of collectives rated good or better, rounded down. */
export const DEFAULT_EVALUATION_OPTIONS: EvaluationOptions = {
  bands: { excellent: 90, good: 70, completed: 50 },
  cap: { ratio: 0.2, rounding: 'floor', poolIncludesExcellent: true, scope: 'district' },
  ruleSource:
    'Cap: HD 21-HD/BTCTW (18/10/2019) under Quy định 132-QĐ/TW, kept by Quy định 124-QĐ/TW (04/10/2023) [M]; bands: Quy định 366-QĐ/TW (30/08/2025) Art. 11',
};

/** One collective to evaluate. */
export interface CollectiveInput {
  readonly id: string;
  readonly name: string;
  /** Fulfilment score 0..100. */
  readonly score: number;
  /** Set when the collective cannot be rated above KHTNV (the reason is shown). */
  readonly disqualification?: LocalisedText | null;
  /** The committee that rates it (the cell's commune) when the cap applies per commune. */
  readonly groupId?: string;
  readonly groupName?: string;
}

/** One collective, evaluated. */
export interface CollectiveEvaluation {
  readonly id: string;
  readonly name: string;
  readonly score: number;
  /** The level its score (or disqualification) gives before the cap. */
  readonly candidateLevel: EvaluationLevel;
  /** The proposed level; null for a tie at the cap's limit (the committee decides). */
  readonly level: EvaluationLevel | null;
  /** Rank among the excellent candidates of its scope (1 = best; equal scores share a rank), null for others. */
  readonly candidateRank: number | null;
  /** Set for a collective tied at the limit: how many tied and how many places they share. */
  readonly tie: { readonly size: number; readonly places: number } | null;
  /** Why the level is lower than the candidate level (the cap), or why KHTNV (disqualification); null otherwise. */
  readonly reason: LocalisedText | null;
}

/** The cap within one scope (the district, or one commune). */
export interface CapResult {
  readonly ratio: number;
  readonly rounding: CapRounding;
  readonly poolIncludesExcellent: boolean;
  /** The pool the limit was computed on (final counts). */
  readonly pool: number;
  readonly limit: number;
  readonly candidates: number;
  readonly refused: number;
  /** Collectives tied at the limit and the places they share (0 and 0 when there is no tie). */
  readonly tied: number;
  readonly tiedPlaces: number;
}

/** The proposal within one scope. */
export interface ScopeResult {
  /** `district`, or the commune's id. */
  readonly id: string;
  readonly name: string | null;
  readonly total: number;
  readonly counts: Readonly<Record<EvaluationLevel, number>>;
  readonly cap: CapResult;
  readonly reportLines: readonly LocalisedText[];
}

/** The evaluation of a group of collectives (e.g. the cells of the district for one year). */
export interface EvaluationResult {
  /** In input order. */
  readonly collectives: readonly CollectiveEvaluation[];
  readonly total: number;
  /** Proposed levels (tied collectives are in none of them; see `undecided`). */
  readonly counts: Readonly<Record<EvaluationLevel, number>>;
  /** Collectives tied at the limit, left to the committee. */
  readonly undecided: number;
  /** One entry per scope (one for `district`; one per commune for `commune`). */
  readonly scopes: readonly ScopeResult[];
  readonly cap: {
    readonly ratio: number;
    readonly rounding: CapRounding;
    readonly poolIncludesExcellent: boolean;
    /** The pool the limit was computed on (final counts). */
    readonly pool: number;
    readonly limit: number;
    readonly candidates: number;
    readonly refused: number;
    readonly tied: number;
    readonly scope: CapScope;
  };
  /** Report lines as district reports write them (see {@link evaluationReportLines}). */
  readonly reportLines: readonly LocalisedText[];
  readonly options: EvaluationOptions;
}

/** `rounding`(ratio × pool), robust to floating-point noise (0.2 × 35 is 7, not 7.000000000000001 → ceil 8). */
export function capLimit(ratio: number, pool: number, rounding: CapRounding): number {
  const exact = Math.round(ratio * pool * 1e9) / 1e9;
  return rounding === 'floor' ? Math.floor(exact) : rounding === 'ceil' ? Math.ceil(exact) : Math.round(exact);
}

function bandLevel(score: number, bands: EvaluationOptions['bands']): EvaluationLevel {
  if (score >= bands.excellent) return 'HTXSNV';
  if (score >= bands.good) return 'HTTNV';
  if (score >= bands.completed) return 'HTNV';
  return 'KHTNV';
}

/** Evaluates collectives: bands, then the cap within each scope (see the module comment). Deterministic for any input order. */
export function evaluateCollectives(collectives: readonly CollectiveInput[], options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS): EvaluationResult {
  const scope = options.cap.scope ?? 'district';
  const groups = new Map<string, { name: string | null; members: number[] }>();
  collectives.forEach((c, i) => {
    const id = scope === 'commune' ? (c.groupId ?? '?') : 'district';
    const g = groups.get(id) ?? { name: scope === 'commune' ? (c.groupName ?? c.groupId ?? null) : null, members: [] };
    g.members.push(i);
    groups.set(id, g);
  });
  const evaluations: CollectiveEvaluation[] = new Array<CollectiveEvaluation>(collectives.length);
  const scopes: ScopeResult[] = [];
  for (const [id, g] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const members = g.members.map((i) => collectives[i]);
    const { results, cap } = evaluateScope(members, options);
    g.members.forEach((i, k) => (evaluations[i] = results[k]));
    const counts = countLevels(results);
    scopes.push({ id, name: g.name, total: members.length, counts, cap, reportLines: evaluationReportLines(counts, members.length, false, cap) });
  }
  const counts = countLevels(evaluations);
  const sum = (f: (c: CapResult) => number) => scopes.reduce((s, x) => s + f(x.cap), 0);
  const { ratio, rounding, poolIncludesExcellent } = options.cap;
  const tied = sum((c) => c.tied);
  return {
    collectives: evaluations,
    total: collectives.length,
    counts,
    undecided: tied,
    scopes,
    cap: {
      ratio,
      rounding,
      poolIncludesExcellent,
      pool: sum((c) => c.pool),
      limit: sum((c) => c.limit),
      candidates: sum((c) => c.candidates),
      refused: sum((c) => c.refused),
      tied,
      scope,
    },
    reportLines: evaluationReportLines(counts, collectives.length, false, { tied, tiedPlaces: sum((c) => c.tiedPlaces) }),
    options,
  };
}

function countLevels(evaluations: readonly CollectiveEvaluation[]): Record<EvaluationLevel, number> {
  return Object.fromEntries(EVALUATION_LEVELS.map((l) => [l, evaluations.filter((e) => e.level === l).length])) as Record<EvaluationLevel, number>;
}

function evaluateScope(collectives: readonly CollectiveInput[], options: EvaluationOptions): { results: CollectiveEvaluation[]; cap: CapResult } {
  const candidateLevels = collectives.map((c) => (c.disqualification ? 'KHTNV' : bandLevel(c.score, options.bands)));
  const candidates = collectives
    .filter((_, i) => candidateLevels[i] === 'HTXSNV')
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const good = candidateLevels.filter((l) => l === 'HTTNV').length;
  const { ratio, rounding, poolIncludesExcellent } = options.cap;
  const poolFor = (accepted: number): number => (poolIncludesExcellent ? candidates.length + good : good + candidates.length - accepted);
  let accepted = candidates.length;
  while (accepted > 0 && accepted > capLimit(ratio, poolFor(accepted), rounding)) accepted -= 1;
  const pool = poolFor(accepted);
  const limit = capLimit(ratio, pool, rounding);
  // equal scores share a rank; a group of equal scores that the limit cuts through is a tie at the limit
  const rankOf = new Map<string, number>();
  candidates.forEach((c, i) => rankOf.set(c.id, i > 0 && candidates[i - 1].score === c.score ? rankOf.get(candidates[i - 1].id)! : i + 1));
  let tieScore: number | null = null;
  let tieSize = 0;
  let tiePlaces = 0;
  if (accepted > 0 && accepted < candidates.length && candidates[accepted - 1].score === candidates[accepted].score) {
    tieScore = candidates[accepted].score;
    const group = candidates.filter((c) => c.score === tieScore);
    tieSize = group.length;
    tiePlaces = accepted - candidates.findIndex((c) => c.score === tieScore);
  }
  const capText = formatPercent(ratio, 'vi');
  const results: CollectiveEvaluation[] = collectives.map((c, i) => {
    const candidateLevel = candidateLevels[i];
    const rank = rankOf.get(c.id) ?? null;
    const position = candidates.indexOf(c) + 1;
    if (candidateLevel === 'HTXSNV' && tieScore !== null && c.score === tieScore) {
      return {
        id: c.id,
        name: c.name,
        score: c.score,
        candidateLevel,
        level: null,
        candidateRank: rank,
        tie: { size: tieSize, places: tiePlaces },
        reason: {
          vi: `Bằng điểm ở giới hạn ${capText}: ${tieSize} tập thể cùng ${formatNumber(c.score, 'vi')} điểm cho ${tiePlaces} suất xuất sắc còn lại (tối đa ${limit} trên ${pool}); cấp ủy quyết định`,
          en: `Tied at the ${formatPercent(ratio, 'en')} limit: ${tieSize} collectives with ${formatNumber(c.score, 'en')} points for ${tiePlaces} remaining excellent places (at most ${limit} of ${pool}); the committee decides`,
        },
      };
    }
    if (candidateLevel === 'HTXSNV' && position > accepted) {
      return {
        id: c.id,
        name: c.name,
        score: c.score,
        candidateLevel,
        level: 'HTTNV',
        candidateRank: rank,
        tie: null,
        reason: {
          vi: `Vượt giới hạn ${capText}: tối đa ${limit} tập thể xuất sắc trên ${pool} tập thể hoàn thành tốt (xếp thứ ${rank}/${candidates.length} đề nghị xuất sắc, ${formatNumber(c.score, 'vi')} điểm); đề xuất mức hoàn thành tốt nhiệm vụ`,
          en: `Exceeds the ${formatPercent(ratio, 'en')} cap: at most ${limit} excellent collectives out of ${pool} rated good (ranked ${rank} of ${candidates.length} excellent candidates, ${formatNumber(c.score, 'en')} points); proposed as well completed`,
        },
      };
    }
    return {
      id: c.id,
      name: c.name,
      score: c.score,
      candidateLevel,
      level: candidateLevel,
      candidateRank: rank,
      tie: null,
      reason: c.disqualification ?? null,
    };
  });
  const refused = results.filter((r) => r.candidateLevel === 'HTXSNV' && r.level === 'HTTNV').length;
  return {
    results,
    cap: { ratio, rounding, poolIncludesExcellent, pool, limit, candidates: candidates.length, refused, tied: tieSize, tiedPlaces: tiePlaces },
  };
}

/**
 * Report lines as district reports write them, one per level with at least one collective (or every level with
 * `includeZero`): vi "8/40 tập thể hoàn thành xuất sắc nhiệm vụ (đạt 20%)", "5/30 … (đạt 16,7%)";
 * en "8/40 collectives completed their tasks excellently (20%)". Percentages have one decimal unless whole.
 */
export function evaluationReportLines(
  counts: Readonly<Record<EvaluationLevel, number>>,
  total: number,
  includeZero = false,
  tie: { readonly tied: number; readonly tiedPlaces: number } = { tied: 0, tiedPlaces: 0 },
): LocalisedText[] {
  const lines = EVALUATION_LEVELS.filter((level) => includeZero || counts[level] > 0).map((level) => {
    const share = total === 0 ? 0 : counts[level] / total;
    const { phrase } = EVALUATION_LEVEL_NAMES[level];
    return {
      vi: `${counts[level]}/${total} tập thể ${phrase.vi} (đạt ${formatPercent(share, 'vi')})`,
      en: `${counts[level]}/${total} collectives ${phrase.en} (${formatPercent(share, 'en')})`,
    };
  });
  if (tie.tied > 0) {
    lines.push({
      vi: `${tie.tied}/${total} tập thể bằng điểm ở giới hạn xuất sắc, cùng ${tie.tiedPlaces} suất: do cấp ủy quyết định`,
      en: `${tie.tied}/${total} collectives tied at the excellent limit for ${tie.tiedPlaces} places: for the committee to decide`,
    });
  }
  return lines;
}

/** Credit of a pledge item toward the fulfilment score (see {@link fulfilmentScore}). */
export interface FulfilmentOptions {
  /** Met after its due date. Default 0.5. */
  readonly lateCredit: number;
  /** Overdue and not met: this × actual progress. Default 0.5. */
  readonly overdueProgressCredit: number;
  /** Not yet due and not met, by forecast status. Defaults on_track 1, at_risk 0.5, off_track 0, no_data 0. */
  readonly notYetDueCredit: Readonly<Record<Extract<ForecastStatus, 'on_track' | 'at_risk' | 'off_track' | 'no_data'>, number>>;
}

/** Default {@link FulfilmentOptions}. */
export const DEFAULT_FULFILMENT_OPTIONS: FulfilmentOptions = {
  lateCredit: 0.5,
  overdueProgressCredit: 0.5,
  notYetDueCredit: { on_track: 1, at_risk: 0.5, off_track: 0, no_data: 0 },
};

/**
 * A cell's fulfilment score 0..100 (one decimal) from the forecasts of its pledge items made on the evaluation day:
 * the mean item credit × 100, where an item met by its due date counts 1; met late, `lateCredit`; overdue and
 * unmet, `overdueProgressCredit` × its actual progress; not yet due, by its forecast status (`notYetDueCredit`).
 * Null when there are no items.
 */
export function fulfilmentScore(items: readonly Forecast[], options: FulfilmentOptions = DEFAULT_FULFILMENT_OPTIONS): number | null {
  if (items.length === 0) return null;
  const credit = (f: Forecast): number => {
    if (f.metOnTime) return 1;
    switch (f.status) {
      case 'met':
        return options.lateCredit;
      case 'overdue':
        return options.overdueProgressCredit * (f.actualProgress ?? 0);
      default:
        return options.notYetDueCredit[f.status];
    }
  };
  return Math.round((items.reduce((s, f) => s + credit(f), 0) / items.length) * 1000) / 10;
}
