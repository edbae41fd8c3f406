import { Injectable } from '@nestjs/common';
import { scopeOf, type Principal } from '@pledge/auth';
import type { Unit } from '@pledge/domain';
import { isCell, isCommuneLevel } from '@pledge/domain/units/hierarchy';
import type { AccountRow, ReadingHistoryRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { badParam, dateParam, intParam, mayReadCell, mayReadCommune, unknownUnit } from '../progress/programme/request-context';
import { unitNode } from './unit-node';
import type { UnitReadingsResponseDto } from './units.dto';

export interface UnitReadingsQuery {
  criterion?: string;
  indicator?: string;
  from?: string;
  to?: string;
  limit?: string;
  offset?: string;
}

/** A reading of the history with its reporter's name and whether it is the one in force. */
type Row = Omit<ReadingHistoryRow, 'commune_code'> & { display_name: AccountRow['display_name'] | null; current: boolean };

/**
 * GET /api/v1/units/{id}/readings: the history of readings (rm_reading_history) of a cell, or of a commune's cells and
 * its own, optionally of one criterion/indicator, with who reported each and whether it is the reading in force.
 * Scope: a cell for its secretary, its commune's officer and district roles; a commune for its officer and district
 * roles; anything else (district, province, post-2025 units) for district roles.
 */
@Injectable()
export class ListUnitReadingsHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly ds: DataSource,
  ) {}

  async execute(me: Principal, id: string, query: UnitReadingsQuery): Promise<UnitReadingsResponseDto> {
    const reference = await this.views.reference();
    const unit: Unit | undefined = reference.unitIndex.byId.get(id);
    if (!unit) throw unknownUnit(id);
    const allowed = isCell(unit)
      ? mayReadCell(me, unit.id, unit.parentId ?? '')
      : isCommuneLevel(unit) && unit.validTo !== null
        ? mayReadCommune(me, unit.id)
        : scopeOf(me).kind === 'district';
    // outside the caller's scope: exactly the answer of an unknown unit
    if (!allowed) throw unknownUnit(id);
    const criterion = query.criterion || null;
    const indicator = query.indicator || null;
    if (indicator && !criterion)
      throw badParam('criterion', 'required', 'Cần chỉ rõ tiêu chí (criterion) khi lọc theo chỉ tiêu', 'criterion is required with indicator');
    if (criterion) {
      const known = [...reference.catalogues.values()].some((c) => c.criteria.has(criterion) && (!indicator || c.indicators.has(`${criterion}|${indicator}`)));
      if (!known) {
        throw badParam(
          indicator ? 'indicator' : 'criterion',
          'unknown_code',
          indicator ? `Không có chỉ tiêu ${criterion} ${indicator}` : `Không có tiêu chí ${criterion}`,
          indicator ? `No indicator ${criterion} ${indicator}` : `No criterion ${criterion}`,
        );
      }
    }
    const from = dateParam('from', query.from) ?? null;
    const to = dateParam('to', query.to) ?? null;
    const limit = intParam('limit', query.limit, 1, 1000) ?? 100;
    const offset = intParam('offset', query.offset, 0, 1_000_000) ?? 0;
    const where = isCell(unit)
      ? 'h.hamlet_code = $1'
      : isCommuneLevel(unit)
        ? 'h.commune_code = $1'
        : unit.kind === 'district' || unit.kind === 'province'
          ? 'TRUE'
          : 'FALSE';
    const filter = `${where} AND ($2::text IS NULL OR h.criterion_code = $2) AND ($3::text IS NULL OR h.indicator_code = $3)
                    AND ($4::date IS NULL OR h.as_of >= $4) AND ($5::date IS NULL OR h.as_of <= $5)`;
    const params = [unit.kind === 'district' || unit.kind === 'province' ? null : id, criterion, indicator, from, to];
    const [rows, total] = await Promise.all([
      this.ds.query<Row[]>(
        `SELECT h.event_id, h.hamlet_code, h.criterion_code, h.indicator_code, h.value, h.bool_value, h.numerator, h.denominator,
                to_char(h.as_of, 'YYYY-MM-DD') AS as_of, h.reported_at, h.reported_by, h.supersedes, a.display_name,
                (r.event_id IS NOT NULL) AS current
           FROM rm_reading_history h
           LEFT JOIN account a ON a.username = h.reported_by
           LEFT JOIN rm_reading r ON r.hamlet_code = h.hamlet_code AND r.criterion_code = h.criterion_code
                                  AND r.indicator_code = h.indicator_code AND r.event_id = h.event_id
          WHERE ${filter}
          ORDER BY h.as_of DESC, h.reported_at DESC, h.event_id DESC, h.indicator_code
          LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.ds.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM rm_reading_history h WHERE ${filter}`, params),
    ]);
    return {
      unitId: unit.id,
      unitName: unit.name,
      criterion,
      indicator,
      total: total[0].n,
      limit,
      offset,
      items: rows.map((r) => {
        const numerator = r.numerator === null ? null : Number(r.numerator);
        const denominator = r.denominator === null ? null : Number(r.denominator);
        return {
          eventId: r.event_id,
          unitId: r.hamlet_code,
          unitName: reference.unitIndex.byId.get(r.hamlet_code)?.name ?? r.hamlet_code,
          criterionCode: r.criterion_code,
          indicatorCode: r.indicator_code,
          value: r.bool_value !== null ? r.bool_value : r.value === null ? null : Number(r.value),
          numerator,
          denominator,
          percent: numerator !== null && denominator ? Math.round((numerator / denominator) * 1000) / 10 : null,
          asOf: r.as_of,
          reportedAt: new Date(r.reported_at).toISOString(),
          reportedBy: r.reported_by,
          reporterName: r.display_name ?? null,
          supersedes: r.supersedes ?? null,
          current: r.current === true,
        };
      }),
      predecessors: unitNode(reference, unit).predecessors,
    };
  }
}
