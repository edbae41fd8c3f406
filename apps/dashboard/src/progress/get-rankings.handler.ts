import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { yearOf } from '@pledge/domain/shared/iso-date';
import { formatPercent } from '@pledge/domain/text/format';
import type { CellRankingRowDto, CommuneRankingRowDto, RankingsResponseDto } from './get-rankings.dto';
import { settingsFor } from './programme/evaluation-settings';
import { cellScore } from './programme/programme-view';
import { ProgrammeDaysService } from './programme/programme-days.service';
import { forecastCounts, standardSummary, unitRef } from './programme/present';
import { badParam, mayReadCell, resolveViewDate } from './programme/request-context';
import { Clock, SystemClock } from '@pledge/platform';

/** Competition ranks ("1, 2, 2, 4"): equal keys share a rank. `keys` must be sorted best first. */
export function competitionRanks<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): number[] {
  const ranks: number[] = [];
  sorted.forEach((x, i) => ranks.push(i > 0 && same(sorted[i - 1], x) ? ranks[i - 1] : i + 1));
  return ranks;
}

/**
 * GET /api/v1/rankings: cells by pledge fulfilment (libs/domain fulfilmentScore over the forecasts of their
 * pledge items on the view date, with the administrator's fulfilment credits), or communes by criteria met.
 * Ranks are over the whole district; a secretary or commune officer receives only the rows of its scope.
 */
@Injectable()
export class GetRankingsHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(me: Principal, query: { asOf?: string; version?: string; programme?: string; level?: string }): Promise<RankingsResponseDto> {
    const level = query.level ?? 'cell';
    if (level !== 'cell' && level !== 'commune') {
      throw badParam(
        'level',
        'invalid_value',
        `level phải là "cell" hoặc "commune", không phải "${level}"`,
        `level must be "cell" or "commune", not "${level}"`,
      );
    }
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query, this.clock.now());
    const view = await this.views.view(date.version.id, date.asOf);
    const { settings } = settingsFor(reference.evaluationSettings, yearOf(view.asOf));
    const f = settings.fulfilment;
    const base = { asOf: view.asOf, asOfNote: date.asOfNote, catalogueVersion: view.version, level };
    if (level === 'commune') {
      const scored = view.communes.map((c) => {
        const scores = c.cellIds
          .map((id) => view.cellById.get(id))
          .flatMap((cell) => (cell ? [cellScore(cell, f)] : []))
          .filter((s): s is number => s !== null);
        return { c, met: c.standard?.metCriteria ?? 0, mean: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null };
      });
      scored.sort((a, b) => b.met - a.met || (b.mean ?? -1) - (a.mean ?? -1) || (a.c.unit.id < b.c.unit.id ? -1 : 1));
      const ranks = competitionRanks(scored, (a, b) => a.met === b.met && a.mean === b.mean);
      const communes: CommuneRankingRowDto[] = scored.map((s, i) => ({
        ...unitRef(s.c.unit),
        rank: ranks[i],
        standard: standardSummary(s.c.standard),
        pledgeFulfilment: s.mean,
      }));
      return {
        ...base,
        basis: {
          vi: 'Xếp theo số tiêu chí đạt của chuẩn xã (thị trấn: chuẩn văn minh đô thị), rồi theo điểm thực hiện giao ước bình quân của các chi bộ',
          en: 'By criteria met of the commune standard (the town: civilised-urban), then by the mean pledge-fulfilment score of its cells',
        },
        cells: [],
        communes,
        hiddenRows: 0,
      };
    }
    const scored = view.cells.map((cell) => ({ cell, score: cellScore(cell, f) }));
    scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || (a.cell.unit.id < b.cell.unit.id ? -1 : 1));
    const ranked = scored.filter((s) => s.score !== null);
    const ranks = competitionRanks(ranked, (a, b) => a.score === b.score);
    const rankOf = new Map(ranked.map((s, i) => [s.cell.unit.id, ranks[i]]));
    const visible = scored.filter((s) => mayReadCell(me, s.cell.unit.id, s.cell.commune.id));
    const cells: CellRankingRowDto[] = visible.map(({ cell, score }) => {
      const forecasts = cell.items.flatMap((i) => (i.forecast ? [i.forecast] : []));
      return {
        ...unitRef(cell.unit),
        rank: rankOf.get(cell.unit.id) ?? null,
        score,
        communeId: cell.commune.id,
        communeName: cell.commune.name,
        items: forecasts.length,
        metOnTime: forecasts.filter((x) => x.metOnTime).length,
        forecast: forecastCounts(forecasts.map((x) => x.status)),
      };
    });
    const n = f.notYetDueCredit;
    return {
      ...base,
      basis: {
        vi:
          `Điểm thực hiện giao ước (0–100) = bình quân điểm các hạng mục × 100: đạt đúng hạn 1; đạt trễ hạn ${formatPercent(f.lateCredit, 'vi')}; ` +
          `quá hạn chưa đạt ${formatPercent(f.overdueProgressCredit, 'vi')} × tiến độ; chưa đến hạn: đúng tiến độ ${formatPercent(n.on_track, 'vi')}, ` +
          `có nguy cơ ${formatPercent(n.at_risk, 'vi')}, chậm ${formatPercent(n.off_track, 'vi')}, chưa có số liệu ${formatPercent(n.no_data, 'vi')}`,
        en:
          `Pledge-fulfilment score (0–100) = mean item credit × 100: met by the due date 1; met late ${formatPercent(f.lateCredit, 'en')}; ` +
          `overdue and unmet ${formatPercent(f.overdueProgressCredit, 'en')} × progress; not yet due: on track ${formatPercent(n.on_track, 'en')}, ` +
          `at risk ${formatPercent(n.at_risk, 'en')}, off track ${formatPercent(n.off_track, 'en')}, no data ${formatPercent(n.no_data, 'en')}`,
      },
      cells,
      communes: [],
      hiddenRows: scored.length - visible.length,
    };
  }
}
