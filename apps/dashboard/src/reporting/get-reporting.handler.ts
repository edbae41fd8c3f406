import { Injectable } from '@nestjs/common';
import { scopeOf, type Principal } from '@pledge/auth';
import type { CellReportState, IsoDate, PeriodSpan, ReportingPeriod, Unit } from '@pledge/domain';
import { catalogueVersionOn, programmeDates } from '@pledge/domain/catalogue/governing';
import { reportingSummary } from '@pledge/domain/projection/reporting';
import { cellReportOf, reportingSummaryOf, type CellReportRow, type ReportingSummaryRow } from '@pledge/persistence';
import { reportingPeriodLabel } from '@pledge/domain/reminders/reporting-calendar';
import { daysBetween, vnDateOf } from '@pledge/domain/shared/iso-date';
import { reportingPeriodOf, requiredPeriodStart } from '@pledge/domain/status/reporting-period';
import { formatDate } from '@pledge/domain/text/format';
import { cellsOn, childrenOn, isCommuneLevel, structureDateFor } from '@pledge/domain/units/hierarchy';
import { DataSource } from 'typeorm';
import { districtOf, type CatalogueVersionInfo, type ProgrammeReference } from '../progress/programme/programme-reference';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { badParam, mayReadCell, outsideProgramme, resolveViewDate, type Text } from '../progress/programme/request-context';
import type { CommuneReportingDto, LateCellDto, ReportingCellDto, ReportingPeriodDto, ReportingResponseDto } from './reporting.dto';
import { Clock, SystemClock } from '@pledge/platform';

export interface GetReportingQuery {
  asOf?: string;
  period?: string;
  version?: string;
  /** A programme id (GET /api/v1/programmes); its catalogue version is the view's. */
  programme?: string;
}

/** A row of rm_cell_report for the period. */
interface CellReport {
  readonly firstReportedAt: string;
  readonly onTime: boolean;
}

/** A row of rm_reporting_summary for the period. */
interface Summary {
  readonly missing: ReadonlySet<string>;
  readonly late: ReadonlySet<string>;
}

const PERIOD_FORMAT = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The reporting period a view shows: `?period=YYYY-MM` (the period containing that month), else the newest period
 * whose report was due on the view date — the period libs/domain's staleness rule requires on that day
 * (`requiredPeriodStart`): on 31/12/2025 that is November 2025, due 05/12/2025.
 */
export function periodFor(
  reference: ProgrammeReference,
  version: CatalogueVersionInfo,
  asOf: IsoDate,
  asked: string | undefined,
): { span: PeriodSpan; rule: ReportingPeriod; chosen: 'latest_due' | 'asked' } {
  const rule = reference.catalogues.get(version.id)!.catalogue.reportingPeriod;
  if (asked === undefined || asked === '') return { span: reportingPeriodOf(requiredPeriodStart(rule, asOf), rule), rule, chosen: 'latest_due' };
  if (!PERIOD_FORMAT.test(asked)) {
    throw badParam(
      'period',
      'invalid_period',
      `"${asked}" không phải kỳ báo cáo hợp lệ (cần dạng YYYY-MM, ví dụ 2025-11)`,
      `"${asked}" is not a valid period (expected YYYY-MM, e.g. 2025-11)`,
    );
  }
  const day = `${asked}-01`;
  // the period's first day lies within the programme's dates (the view-date rule of every progress endpoint)
  const range = programmeDates(version);
  if (day < `${range.from.slice(0, 7)}-01` || day > range.to) throw outsideProgramme('period', day, version.id, range);
  const ruleThen = reference.catalogues.get((catalogueVersionOn(reference.versions, day) ?? version).id)?.catalogue.reportingPeriod ?? rule;
  const span = reportingPeriodOf(day, ruleThen);
  if (span.start > asOf) {
    throw badParam(
      'period',
      'after_view_date',
      `Kỳ ${asked} bắt đầu sau ngày xem ${formatDate(asOf, 'vi')} (chọn ngày xem khác bằng asOf)`,
      `Period ${asked} starts after the view date ${formatDate(asOf, 'en')} (choose another view date with asOf)`,
    );
  }
  return { span, rule: ruleThen, chosen: 'asked' };
}

function periodNote(label: Text, span: PeriodSpan, asOf: IsoDate, chosen: 'latest_due' | 'asked'): Text {
  const dueVi = formatDate(span.due, 'vi');
  const dueEn = formatDate(span.due, 'en');
  const viewVi = formatDate(asOf, 'vi');
  const viewEn = formatDate(asOf, 'en');
  if (chosen === 'latest_due') {
    return {
      vi: `Kỳ báo cáo ${label.vi} (hạn nộp ${dueVi}): kỳ gần nhất đã đến hạn tại ngày xem ${viewVi}`,
      en: `Reporting period ${label.en} (due ${dueEn}): the latest period whose report was due on the view date ${viewEn}`,
    };
  }
  if (span.due > asOf) {
    return {
      vi: `Kỳ báo cáo ${label.vi} (hạn nộp ${dueVi}): chưa đến hạn tại ngày xem ${viewVi}, chi bộ chưa báo cáo chưa bị tính là chậm`,
      en: `Reporting period ${label.en} (due ${dueEn}): not yet due on the view date ${viewEn}; cells that have not reported are not late yet`,
    };
  }
  return { vi: `Kỳ báo cáo ${label.vi} (hạn nộp ${dueVi})`, en: `Reporting period ${label.en} (due ${dueEn})` };
}

/**
 * GET /api/v1/reporting: reporting completeness for one period — which cells reported, on time or late, and the
 * named list of those that have not — from the projector's read models (rm_reporting_summary per commune, its
 * cells' rm_cell_report rows for the times), limited to the caller's scope (libs/auth: district roles all,
 * an officer its commune's cells, a secretary its cell). A period outside the range the projector summarises
 * (no cell has reported for it or any later period) gets the same libs/domain rule (`reportingSummary`) applied
 * to rm_cell_report here. Reports count whenever they arrived: the first report's day in Vietnam decides on time
 * or late (rm_cell_report.on_time).
 *
 * Not cached: two indexed queries of a few dozen rows, and the rows change with the projector's status
 * refresher (`kind: "status"` signals, which the read API's caches ignore).
 */
@Injectable()
export class GetReportingHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly ds: DataSource,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async execute(me: Principal, query: GetReportingQuery): Promise<ReportingResponseDto> {
    const reference = await this.views.reference();
    const date = resolveViewDate(reference, query, this.clock.now());
    const { span, rule, chosen } = periodFor(reference, date.version, date.asOf, query.period);
    const label = reportingPeriodLabel(rule, span);
    const pledges = reference.pledges.filter((p) => p.catalogueVersion === date.version.id);
    const district = districtOf(reference, pledges);
    const units = reference.unitIndex;
    const communes: Unit[] = district ? childrenOn(units, district.id, structureDateFor(district, span.end)).filter(isCommuneLevel) : [];

    const [reportRows, summaryRows] = await Promise.all([
      this.ds.query<Pick<CellReportRow, 'unit_id' | 'first_reported_at' | 'on_time'>[]>(
        `SELECT unit_id, first_reported_at, on_time FROM rm_cell_report WHERE period_start = $1`,
        [span.start],
      ),
      this.ds.query<Pick<ReportingSummaryRow, 'unit_id' | 'missing_cell_ids' | 'late_cell_ids'>[]>(
        `SELECT unit_id, missing_cell_ids, late_cell_ids FROM rm_reporting_summary WHERE period_start = $1 AND unit_id = ANY($2::text[])`,
        [span.start, communes.map((c) => c.id)],
      ),
    ]);
    const reports = new Map<string, CellReport>(
      reportRows.map(cellReportOf).map((r) => [r.unitId, { firstReportedAt: r.firstReportedAt.toISOString(), onTime: r.onTime }]),
    );
    const summaries = new Map<string, Summary>(
      summaryRows.map(reportingSummaryOf).map((s) => [s.unitId, { missing: new Set(s.missing), late: new Set(s.late) }]),
    );
    const reportOf = (cellId: string): CellReportState | undefined => {
      const r = reports.get(cellId);
      return r === undefined ? undefined : r.onTime ? 'on_time' : 'late';
    };

    const notReported: ReportingCellDto[] = [];
    const late: LateCellDto[] = [];
    const perCommune: CommuneReportingDto[] = [];
    let computed = false;
    for (const commune of communes) {
      const expected = cellsOn(units, commune.id, structureDateFor(commune, span.end));
      const visible = expected.filter((cell) => mayReadCell(me, cell.id, commune.id));
      if (visible.length === 0) continue;
      let summary = summaries.get(commune.id);
      if (!summary) {
        computed = true;
        const s = reportingSummary(units, commune.id, span, reportOf);
        summary = { missing: new Set(s.missingCellIds), late: new Set(s.lateCellIds) };
      }
      const row: CommuneReportingDto = {
        id: commune.id,
        name: commune.name,
        kind: commune.kind,
        placeholder: commune.placeholder,
        cellsExpected: visible.length,
        cellsReported: 0,
        cellsOnTime: 0,
        cellsLate: 0,
        notReported: [],
        late: [],
      };
      for (const cell of visible) {
        const ref: ReportingCellDto = {
          id: cell.id,
          code: cell.code,
          name: cell.name,
          kind: cell.kind,
          placeholder: cell.placeholder,
          communeId: commune.id,
          communeName: commune.name,
        };
        if (summary.missing.has(cell.id)) {
          row.notReported.push(cell.id);
          notReported.push(ref);
          continue;
        }
        row.cellsReported++;
        if (summary.late.has(cell.id)) {
          row.cellsLate++;
          row.late.push(cell.id);
          const first = reports.get(cell.id)?.firstReportedAt ?? null;
          late.push({ ...ref, firstReportedAt: first ?? '', daysLate: first ? daysBetween(span.due, vnDateOf(new Date(first))) : 0 });
        } else row.cellsOnTime++;
      }
      perCommune.push(row);
    }

    const scope = scopeOf(me);
    const sum = (k: 'cellsExpected' | 'cellsReported' | 'cellsOnTime' | 'cellsLate') => perCommune.reduce((s, c) => s + c[k], 0);
    const period: ReportingPeriodDto = {
      start: span.start,
      end: span.end,
      due: span.due,
      every: rule.every,
      label,
      dueOnViewDate: span.due <= date.asOf,
      chosen,
      note: periodNote(label, span, date.asOf, chosen),
    };
    return {
      asOf: date.asOf,
      asOfNote: date.asOfNote,
      catalogueVersion: date.version.id,
      period,
      scope: { kind: scope.kind, unitId: scope.kind === 'cell' ? scope.cellId : scope.kind === 'commune' ? scope.communeId : (district?.id ?? me.unitId) },
      cellsExpected: sum('cellsExpected'),
      cellsReported: sum('cellsReported'),
      cellsOnTime: sum('cellsOnTime'),
      cellsLate: sum('cellsLate'),
      notReported,
      late,
      perCommune,
      source: computed ? 'computed' : 'read_model',
    };
  }
}
