import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { EVALUATION_LEVEL_NAMES, evaluateCollectives, formatPercent, type CollectiveInput } from '@pledge/domain';
import { settingsFor } from '../progress/programme/evaluation-settings';
import { cellScore } from '../progress/programme/programme-view';
import { ProgrammeViewService } from '../progress/programme/programme-view.service';
import { t } from '../progress/programme/present';
import { badParam, mayReadCell, notFound } from '../progress/programme/request-context';
import type { CollectiveDto, EvaluationResponseDto, NotRatedDto } from './evaluations.dto';
import { settingsDto } from './settings-dto';

/**
 * GET /api/v1/evaluations/{year}: the year-end classification of the cells (collectives) from their pledge
 * fulfilment on 31/12 of the year, with the cap on "excellent" (libs/domain evaluateCollectives) under the
 * evaluation settings in force for the year, and the report lines as district reports write them.
 * The counts and the report are shown to every logged-in account; the per-cell classification only within the
 * caller's scope.
 */
@Injectable()
export class GetEvaluationHandler {
  constructor(private readonly views: ProgrammeViewService) {}

  async execute(me: Principal, yearText: string, query: { version?: string }): Promise<EvaluationResponseDto> {
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || !Number.isInteger(year)) {
      throw badParam('year', 'invalid_year', `"${yearText}" không phải năm hợp lệ (cần 4 chữ số)`, `"${yearText}" is not a valid year (4 digits expected)`);
    }
    const reference = await this.views.reference();
    const asOf = `${year}-12-31`;
    const version = query.version ? reference.versions.find((v) => v.id === query.version) : reference.versions.find((v) => v.periodFrom <= asOf && asOf <= v.periodTo);
    if (!version) {
      if (query.version) throw badParam('version', 'unknown_version', `Không có bộ tiêu chí "${query.version}"`, `No catalogue version "${query.version}"`);
      throw notFound('year', 'no_programme', `Không có chương trình nào trong năm ${year}`, `No programme covers ${year}`);
    }
    const signings = reference.pledges.filter((p) => p.catalogueVersion === version.id).map((p) => p.signedOn).sort();
    const firstYear = signings.length ? Number(signings[0].slice(0, 4)) : null;
    const lastYear = Number(version.deadline.slice(0, 4));
    if (firstYear === null || year < firstYear || year > lastYear) {
      throw notFound(
        'year',
        'no_evaluation',
        firstYear === null
          ? `Chưa có giao ước nào của ${version.id} để đánh giá`
          : `Năm ${year} nằm ngoài thời gian thực hiện giao ước (${firstYear}–${lastYear})`,
        firstYear === null ? `No pledges of ${version.id} to evaluate` : `${year} is outside the pledges’ years (${firstYear}–${lastYear})`,
      );
    }
    const view = await this.views.view(version.id, asOf);
    const { settings, scope } = settingsFor(reference.evaluationSettings, year);
    const inputs: CollectiveInput[] = [];
    const notRated: NotRatedDto[] = [];
    for (const cell of view.cells) {
      const score = cellScore(cell, settings.fulfilment);
      if (score === null) {
        notRated.push({
          id: cell.unit.id,
          name: cell.unit.name,
          reason: cell.pledge
            ? { vi: 'Mọi hạng mục giao ước đã được miễn', en: 'Every pledge item is waived' }
            : { vi: 'Không có giao ước thi đua để đánh giá', en: 'No pledge to evaluate' },
        });
      } else inputs.push({ id: cell.unit.id, name: cell.unit.name, score });
    }
    const result = evaluateCollectives(inputs, settings.evaluation);
    const cellById = view.cellById;
    const rows = result.collectives
      .map((c): CollectiveDto => {
        const cell = cellById.get(c.id)!;
        return {
          id: c.id,
          name: c.name,
          placeholder: cell.unit.placeholder,
          communeId: cell.commune.id,
          communeName: cell.commune.name,
          score: c.score,
          candidateLevel: c.candidateLevel,
          level: c.level,
          levelName: t(EVALUATION_LEVEL_NAMES[c.level].name),
          candidateRank: c.candidateRank,
          reason: c.reason ? t(c.reason) : null,
        };
      })
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const visible = rows.filter((r) => mayReadCell(me, r.id, r.communeId));
    const cap = result.cap;
    const capText = {
      vi:
        `Số tập thể xuất sắc không vượt quá ${formatPercent(cap.ratio, 'vi')} số tập thể hoàn thành tốt nhiệm vụ` +
        `${cap.poolIncludesExcellent ? ' (kể cả các tập thể xuất sắc)' : ''}: tối đa ${cap.limit}/${cap.pool}; ${cap.candidates} đề nghị` +
        (cap.refused > 0 ? `, ${cap.refused} không được công nhận do vượt giới hạn` : ''),
      en:
        `Excellent collectives may not exceed ${formatPercent(cap.ratio, 'en')} of those rated good` +
        `${cap.poolIncludesExcellent ? ' (counting the excellent ones)' : ''}: at most ${cap.limit} of ${cap.pool}; ${cap.candidates} candidates` +
        (cap.refused > 0 ? `, ${cap.refused} refused by the cap` : ''),
    };
    const lines = result.reportLines.map(t);
    return {
      year,
      asOf: view.asOf,
      catalogueVersion: view.version,
      settings: settingsDto(scope, settings, reference.evaluationSettings.get(scope)),
      total: result.total,
      counts: { ...result.counts },
      cap: { ratio: cap.ratio, rounding: cap.rounding, poolIncludesExcellent: cap.poolIncludesExcellent, pool: cap.pool, limit: cap.limit, candidates: cap.candidates, refused: cap.refused, text: capText },
      reportLines: lines,
      reportText: {
        vi: `Kết quả đánh giá, xếp loại năm ${year} của ${result.total} chi bộ ấp, khóm: ${lines.map((l) => l.vi).join('; ')}.`,
        en: `Year-end evaluation ${year} of ${result.total} hamlet and ward cells: ${lines.map((l) => l.en).join('; ')}.`,
      },
      collectives: visible,
      hiddenCollectives: rows.length - visible.length,
      notRated,
    };
  }
}
