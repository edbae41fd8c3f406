import { Injectable, Optional } from '@nestjs/common';
import { scopeOf, type Principal } from '@pledge/auth';
import { yearOf } from '@pledge/domain/shared/iso-date';
import { settingsFor } from './programme/evaluation-settings';
import { addStatusCounts, cellScore, countStatuses } from './programme/programme-view';
import { ProgrammeDaysService } from './programme/programme-days.service';
import { criterionRef, FORECAST_WORDS, pledgeSummary, standardSummary, t, unitRef } from './programme/present';
import { districtStandardDto, overallDto } from './present-standard';
import { mayReadCell, resolveViewDate, type ViewDate } from './programme/request-context';
import type { ProgrammeReference } from './programme/programme-reference';
import type { ProgrammeView } from './programme/programme-view';
import { DemoDataService } from '../demo-data/demo-data.service';
import { CommuneProgressService } from './commune-programme/commune-progress';
import type { CellProgressDto, CommuneProgressDto, ProgressResponseDto } from './progress.dto';
import { Clock, SystemClock } from '@pledge/platform';

export interface GetProgressQuery {
  asOf?: string;
  version?: string;
  /** A programme id (GET /api/v1/programmes); its catalogue version is the view's. */
  programme?: string;
}

/**
 * GET /api/v1/progress: the district standard, the overall progress figure, the forecast against the deadline,
 * and per-commune and per-cell breakdowns: the projector's programme on the view date (computed on demand, off the
 * request thread, when the projector does not keep that day).
 * District-level and commune-level figures are shown to every logged-in account; cell rows only within the
 * caller's scope (secretary: its cell; commune officer: its commune's cells; district roles: all).
 */
@Injectable()
export class GetProgressHandler {
  /** Answers already written as JSON, per view (dropped with it) and caller's scope: repeated requests cost no work. */
  private readonly bodies = new WeakMap<ProgrammeView, Map<string, Buffer>>();

  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly demo: DemoDataService,
    private readonly clock: Clock = new SystemClock(),
    /** The commune programmes' views (absent where a test builds the handler by hand: district programmes only). */
    @Optional() private readonly communes?: CommuneProgressService,
  ) {}

  async execute(me: Principal, query: GetProgressQuery): Promise<ProgressResponseDto> {
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query, this.clock.now());
    return this.present(me, reference, date, await this.views.view(date.version.id, date.asOf), await this.demo.present());
  }

  /** The answer as JSON (the transport of GET /api/v1/progress): written once per view and scope. */
  async json(me: Principal, query: GetProgressQuery): Promise<Buffer> {
    const reference = await this.views.reference();
    // a commune programme (2026–2030) whose catalogue is published: its communes and cells, no district
    const commune = this.communes?.commune(reference, query.programme);
    if (commune) return Buffer.from(JSON.stringify(await this.communes!.present(me, reference, commune, query.asOf)));
    const date = resolveViewDate(reference, query, this.clock.now());
    const view = await this.views.view(date.version.id, date.asOf);
    const demo = await this.demo.present();
    let bodies = this.bodies.get(view);
    if (!bodies) this.bodies.set(view, (bodies = new Map<string, Buffer>()));
    const key = `${JSON.stringify(scopeOf(me))}|${date.asOfNote?.en ?? ''}|${date.final}|${reference.loadedAt.getTime()}|${demo}`;
    let body = bodies.get(key);
    if (!body) bodies.set(key, (body = Buffer.from(JSON.stringify(this.present(me, reference, date, view, demo)))));
    return body;
  }

  private present(me: Principal, reference: ProgrammeReference, date: ViewDate, view: ProgrammeView, demo: boolean): ProgressResponseDto {
    const { fulfilment } = settingsFor(reference.evaluationSettings, yearOf(date.asOf)).settings;
    const catalogue = view.catalogue.catalogue;
    const cellColumns = catalogue.criteria.filter((c) => c.appliesTo === 'hamlet' || c.appliesTo === 'ward');

    const communes: CommuneProgressDto[] = view.communes.map((c) => {
      const cells = c.cellIds.map((id) => view.cellById.get(id)!).filter(Boolean);
      const scores = cells.map((cell) => cellScore(cell, fulfilment)).filter((s): s is number => s !== null);
      return {
        id: c.unit.id,
        code: c.unit.code,
        name: c.unit.name,
        kind: c.unit.kind,
        placeholder: c.unit.placeholder,
        cells: c.cellIds.length,
        cellsReporting: c.cellsReporting,
        readings: c.readings,
        lastReportedAt: c.lastReportedAt,
        standard: standardSummary(c.standard),
        criteria: countStatuses(c.standard?.criteria ?? []),
        criteriaStatus: Object.fromEntries((c.standard?.criteria ?? []).map((k) => [k.criterion.code, k.status])),
        cellCriteria: addStatusCounts(cells.map((cell) => countStatuses(cell.standard?.criteria ?? []))),
        cellsAtStandard: cells.filter((cell) => cell.standard?.status === 'met').length,
        pledgeFulfilment: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null,
      };
    });

    const visible = view.cells.filter((c) => mayReadCell(me, c.unit.id, c.commune.id));
    const rows: CellProgressDto[] = visible.map((c) => ({
      ...unitRef(c.unit),
      communeId: c.commune.id,
      communeName: c.commune.name,
      standard: standardSummary(c.standard, false),
      criteria: Object.fromEntries((c.standard?.criteria ?? []).map((k) => [k.criterion.code, k.status])),
      counts: countStatuses(c.standard?.criteria ?? []),
      readings: c.readings,
      lastReportedAt: c.lastReportedAt,
      pledge: pledgeSummary(c, fulfilment),
    }));

    const s = view.standard;
    const f = view.forecast;
    return {
      asOf: view.asOf,
      demo,
      asOfNote: date.asOfNote,
      computedAt: view.computedAt.toISOString(),
      source: view.source,
      catalogueVersion: view.version,
      deadline: catalogue.deadline,
      district: unitRef(view.district),
      cells: view.cells.length,
      cellsReporting: view.cells.filter((c) => c.readings > 0).length,
      readings: view.readings,
      lastReportedAt: view.lastReportedAt,
      overall: overallDto(s),
      // once the programme is closed, its last day's standard is the final result, in the past tense
      standard: districtStandardDto(s, view.pledgeHints, date.final),
      forecast: {
        status: f.status,
        statusText: FORECAST_WORDS[f.status],
        deadline: catalogue.deadline,
        expectedProgress: f.expectedProgress,
        actualProgress: f.actualProgress,
        projectedCompletion: f.projectedCompletion,
        items: f.items,
        counts: { ...f.counts },
        reason: t(f.reason),
      },
      criteria: catalogue.criteria.map(criterionRef),
      communes,
      heatmap: { columns: cellColumns.map(criterionRef), rows, hiddenRows: view.cells.length - visible.length },
    };
  }
}
