import { Injectable } from '@nestjs/common';
import type { Principal } from '@pledge/auth';
import { evaluateCollectives, type CapResult, type CollectiveInput } from '@pledge/domain/evaluation/evaluation';
import { EVALUATION_LEVEL_NAMES, EVALUATION_PROPOSAL_TITLE } from '@pledge/domain/evaluation/levels';
import { formatPercent } from '@pledge/domain/text/format';
import { catalogueVersionOn, programmeDates } from '@pledge/domain/catalogue/governing';
import { settingsFor } from '../progress/programme/evaluation-settings';
import { cellScore } from '../progress/programme/programme-view';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { t } from '../progress/programme/present';
import { badParam, mayReadCell, notFound, outsideProgramme, programmeVersionFor, type Text } from '../progress/programme/request-context';
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
  constructor(private readonly views: ProgrammeDaysService) {}

  async execute(me: Principal, yearText: string, query: { version?: string; programme?: string }): Promise<EvaluationResponseDto> {
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || !Number.isInteger(year)) {
      throw badParam('year', 'invalid_year', `"${yearText}" không phải năm hợp lệ (cần 4 chữ số)`, `"${yearText}" is not a valid year (4 digits expected)`);
    }
    const reference = await this.views.reference();
    const asOf = `${year}-12-31`;
    // without a programme the version rule decides (a year before every programme: 404 no_programme, as before)
    const asked = (query.programme ? programmeVersionFor(reference, query, asOf) : undefined) ?? query.version;
    const version = asked ? reference.versions.find((v) => v.id === asked) : catalogueVersionOn(reference.versions, asOf);
    if (!version) {
      if (asked) throw badParam('version', 'unknown_version', `Không có bộ tiêu chí "${asked}"`, `No catalogue version "${asked}"`);
      throw notFound('year', 'no_programme', `Không có chương trình nào trong năm ${year}`, `No programme covers ${year}`);
    }
    // the evaluation day lies within the programme's dates (the view-date rule of every progress endpoint)
    const range = programmeDates(version);
    if (asOf < range.from || asOf > range.to) throw outsideProgramme('year', asOf, version.id, range);
    const signings = reference.pledges
      .filter((p) => p.catalogueVersion === version.id)
      .map((p) => p.signedOn)
      .sort();
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
      } else inputs.push({ id: cell.unit.id, name: cell.unit.name, score, groupId: cell.commune.id, groupName: cell.commune.name });
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
          levelName: c.level
            ? t(EVALUATION_LEVEL_NAMES[c.level].name)
            : { vi: 'Bằng điểm ở giới hạn: cấp ủy quyết định', en: 'Tied at the limit: for the committee' },
          candidateRank: c.candidateRank,
          tie: c.tie ? { ...c.tie } : null,
          reason: c.reason ? t(c.reason) : null,
        };
      })
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const visible = rows.filter((r) => mayReadCell(me, r.id, r.communeId));
    const cap = result.cap;
    const capTextOf = (c: CapResult, where: Text | null) => ({
      vi:
        `${where ? `${where.vi}: ` : ''}số tập thể xuất sắc không vượt quá ${formatPercent(c.ratio, 'vi')} số tập thể hoàn thành tốt nhiệm vụ` +
        `${c.poolIncludesExcellent ? ' (kể cả các tập thể xuất sắc)' : ''}: tối đa ${c.limit}/${c.pool}; ${c.candidates} đề nghị` +
        (c.refused > 0 ? `, ${c.refused} vượt giới hạn` : '') +
        (c.tied > 0 ? `, ${c.tied} bằng điểm ở giới hạn cho ${c.tiedPlaces} suất (cấp ủy quyết định)` : ''),
      en:
        `${where ? `${where.en}: ` : ''}excellent collectives may not exceed ${formatPercent(c.ratio, 'en')} of those rated good` +
        `${c.poolIncludesExcellent ? ' (counting the excellent ones)' : ''}: at most ${c.limit} of ${c.pool}; ${c.candidates} candidates` +
        (c.refused > 0 ? `, ${c.refused} over the limit` : '') +
        (c.tied > 0 ? `, ${c.tied} tied at the limit for ${c.tiedPlaces} places (the committee decides)` : ''),
    });
    const scopeDtos = result.scopes.map((sc) => ({
      id: sc.id,
      name: sc.name,
      total: sc.total,
      counts: { ...sc.counts },
      cap: { ...sc.cap, scope: cap.scope, text: capTextOf(sc.cap, sc.name ? { vi: sc.name, en: sc.name } : null) },
      reportLines: sc.reportLines.map(t),
    }));
    const capText = {
      vi:
        `Số tập thể xuất sắc không vượt quá ${formatPercent(cap.ratio, 'vi')} số tập thể hoàn thành tốt nhiệm vụ` +
        `${cap.poolIncludesExcellent ? ' (kể cả các tập thể xuất sắc)' : ''}${cap.scope === 'commune' ? ', áp dụng trong từng đảng bộ xã' : ''}: tối đa ${cap.limit}/${cap.pool}; ${cap.candidates} đề nghị` +
        (cap.refused > 0 ? `, ${cap.refused} vượt giới hạn` : '') +
        (cap.tied > 0 ? `, ${cap.tied} bằng điểm ở giới hạn (cấp ủy quyết định)` : ''),
      en:
        `Excellent collectives may not exceed ${formatPercent(cap.ratio, 'en')} of those rated good` +
        `${cap.poolIncludesExcellent ? ' (counting the excellent ones)' : ''}${cap.scope === 'commune' ? ', within each commune party committee' : ''}: at most ${cap.limit} of ${cap.pool}; ${cap.candidates} candidates` +
        (cap.refused > 0 ? `, ${cap.refused} over the limit` : '') +
        (cap.tied > 0 ? `, ${cap.tied} tied at the limit (the committee decides)` : ''),
    };
    const lines = result.reportLines.map(t);
    return {
      year,
      asOf: view.asOf,
      catalogueVersion: view.version,
      settings: settingsDto(scope, settings, reference.evaluationSettings.get(scope)),
      title: EVALUATION_PROPOSAL_TITLE(year),
      total: result.total,
      counts: { ...result.counts },
      undecided: result.undecided,
      cap: {
        ratio: cap.ratio,
        rounding: cap.rounding,
        poolIncludesExcellent: cap.poolIncludesExcellent,
        scope: cap.scope,
        pool: cap.pool,
        limit: cap.limit,
        candidates: cap.candidates,
        refused: cap.refused,
        tied: cap.tied,
        text: capText,
      },
      scopes: scopeDtos,
      reportLines: lines,
      reportText: {
        vi: `Đề xuất kết quả thực hiện giao ước thi đua năm ${year} của ${result.total} chi bộ ấp, khóm (để cấp ủy xem xét khi đánh giá, xếp loại): ${lines.map((l) => l.vi).join('; ')}.`,
        en: `Proposed pledge-fulfilment results ${year} of ${result.total} hamlet and ward cells (for the party committee to consider when it rates them): ${lines.map((l) => l.en).join('; ')}.`,
      },
      collectives: visible,
      hiddenCollectives: rows.length - visible.length,
      notRated,
    };
  }
}
