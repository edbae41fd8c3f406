import { Injectable } from '@nestjs/common';
import { scopeOf, type Principal } from '@pledge/auth';
import { findIndicator, getCriterion } from '@pledge/domain/catalogue/lookup';
import { yearOf } from '@pledge/domain/shared/iso-date';
import { formatRequirement } from '@pledge/domain/status/value-format';
import { settingsFor } from '../progress/programme/evaluation-settings';
import type { CellView, ItemView, ProgrammeView } from '../progress/programme/programme-view';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { FORECAST_WORDS, pledgeSummary, t, unitRef } from '../progress/programme/present';
import { badParam, mayReadCell, mayReadCommune, resolveViewDate } from '../progress/programme/request-context';
import type { PledgeItemDto, PledgesResponseDto } from './pledges.dto';
import { Clock, SystemClock } from '@pledge/platform';

const STATUSES = ['met', 'on_track', 'at_risk', 'off_track', 'overdue', 'no_data', 'waived'];

export interface ListPledgesQuery {
  cell?: string;
  commune?: string;
  status?: string;
  asOf?: string;
  version?: string;
  /** A programme id (GET /api/v1/programmes); its catalogue version is the view's. */
  programme?: string;
}

function itemDto(view: ProgrammeView, i: ItemView): PledgeItemDto {
  const criterion = getCriterion(view.catalogue, i.item.criterionCode);
  const entry = i.item.indicatorCode ? findIndicator(view.catalogue, { criterionCode: i.item.criterionCode, indicatorCode: i.item.indicatorCode }) : undefined;
  const target = i.item.target;
  const f = i.forecast;
  return {
    id: i.item.id,
    criterionCode: criterion.code,
    criterionName: { vi: criterion.nameVi, en: criterion.nameEn },
    indicatorCode: i.item.indicatorCode,
    indicatorName: entry ? { vi: entry.indicator.nameVi, en: entry.indicator.nameEn } : null,
    target: {
      comparator: target.comparator,
      value: target.value,
      text: entry ? t(formatRequirement(entry.indicator, target.comparator, target.value)) : { vi: 'đạt tiêu chí', en: 'criterion met' },
    },
    dueDate: i.item.dueDate,
    note: i.item.note,
    status: f?.status ?? 'waived',
    statusText: f ? FORECAST_WORDS[f.status] : { vi: 'đã miễn', en: 'waived' },
    waivedReason: i.state.waivedReason,
    current: f?.latest ? { value: Math.round(f.latest.value * 100) / 100, asOf: f.latest.asOf } : null,
    expectedProgress: f?.expectedProgress ?? null,
    actualProgress: f?.actualProgress ?? null,
    projectedCompletion: f?.projectedCompletion ?? null,
    firstMetOn: f?.firstMetOn ?? null,
    metOnTime: f?.metOnTime ?? false,
    reason: f ? t(f.reason) : { vi: `Đã miễn: ${i.state.waivedReason ?? ''}`.trim(), en: `Waived: ${i.state.waivedReason ?? ''}`.trim() },
  };
}

/**
 * GET /api/v1/pledges: the cells' pledges with their items, each with its status on the view date by libs/domain's
 * forecast rules (met / on track / at risk / off track / overdue / no data) on the projected readings.
 * Scope: a secretary its cell, a commune officer its commune's cells, district roles all; a filter outside the
 * scope is refused (403).
 */
@Injectable()
export class ListPledgesHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(me: Principal, query: ListPledgesQuery): Promise<PledgesResponseDto> {
    if (query.status && !STATUSES.includes(query.status)) {
      throw badParam('status', 'invalid_value', `status phải là một trong ${STATUSES.join(', ')}`, `status must be one of ${STATUSES.join(', ')}`);
    }
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query, this.clock.now());
    const view = await this.views.view(date.version.id, date.asOf);
    let cells: CellView[] = [...view.cells];
    if (query.cell) {
      const cell = view.cellById.get(query.cell);
      // a cell outside the caller's scope is answered exactly like an unknown one
      if (!cell || !mayReadCell(me, cell.unit.id, cell.commune.id))
        throw badParam('cell', 'unknown_cell', `Không có chi bộ ấp/khóm "${query.cell}"`, `No hamlet/ward cell "${query.cell}"`);
      cells = [cell];
    }
    if (query.commune) {
      const scope = scopeOf(me);
      if (!view.communeById.has(query.commune) || (!mayReadCommune(me, query.commune) && !(scope.kind === 'cell' && scope.communeId === query.commune)))
        throw badParam('commune', 'unknown_commune', `Không có xã/thị trấn "${query.commune}"`, `No commune or town "${query.commune}"`);
      cells = cells.filter((c) => c.commune.id === query.commune);
    }
    cells = cells.filter((c) => c.pledge !== null && mayReadCell(me, c.unit.id, c.commune.id));
    const { fulfilment } = settingsFor(reference.evaluationSettings, yearOf(view.asOf)).settings;
    const pledges = cells.map((c) => {
      const items = c.items.filter((i) => !query.status || (i.forecast?.status ?? 'waived') === query.status).map((i) => itemDto(view, i));
      return {
        id: c.pledge!.id,
        cell: unitRef(c.unit),
        commune: unitRef(c.commune),
        signedOn: c.pledge!.signedOn,
        placeholder: c.pledge!.placeholder,
        source: c.pledge!.source,
        summary: pledgeSummary(c, fulfilment)!,
        items,
      };
    });
    const shown = query.status ? pledges.filter((p) => p.items.length > 0) : pledges;
    return {
      asOf: view.asOf,
      asOfNote: date.asOfNote,
      catalogueVersion: view.version,
      total: shown.length,
      items: shown.reduce((s, p) => s + p.items.length, 0),
      pledges: shown,
    };
  }
}
