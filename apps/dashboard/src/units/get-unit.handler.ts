import { Injectable } from '@nestjs/common';
import type { Unit } from '@pledge/domain';
import { formatDate } from '@pledge/domain/text/format';
import { ancestorsOf, isCell, isCommuneLevel, predecessorsOf } from '@pledge/domain/units/hierarchy';
import type { UnitNameRevisionRow } from '@pledge/persistence';
import { DataSource } from 'typeorm';
import { ProgrammeDaysService } from '../progress/programme/programme-days.service';
import { unknownUnit } from '../progress/programme/request-context';
import { unitNode } from './unit-node';
import type { NameRevisionDto, UnitDetailDto } from './units.dto';

/** A unit's readings in rm_reading_history, counted (dates with to_char → 'YYYY-MM-DD'). */
type ReadingsSummaryRow = { readings: number; first_as_of: string | null; last_as_of: string | null; last_reported_at: Date | null };

/**
 * GET /api/v1/units/{id}: one unit with its parent chain, every child it ever had, successors and predecessors,
 * every name it had (administrators' renames keep the id), and where its readings are. Units that ended on
 * 30/06/2025 stay readable with their history. Readable by every logged-in account (names and structure only;
 * the readings themselves are scoped, see GET /api/v1/units/{id}/readings).
 */
@Injectable()
export class GetUnitHandler {
  constructor(
    private readonly views: ProgrammeDaysService,
    private readonly ds: DataSource,
  ) {}

  async execute(id: string): Promise<UnitDetailDto> {
    const reference = await this.views.reference();
    const unit: Unit | undefined = reference.unitIndex.byId.get(id);
    if (!unit) throw unknownUnit(id);
    const column = isCell(unit) ? 'hamlet_code' : isCommuneLevel(unit) ? 'commune_code' : null;
    const [revisions, summary] = await Promise.all([
      this.ds.query<Omit<UnitNameRevisionRow, 'id' | 'unit_id'>[]>(
        `SELECT old_name, old_placeholder, new_name, new_placeholder, reason, changed_by, changed_at FROM unit_name_revision WHERE unit_id = $1 ORDER BY changed_at, id`,
        [id],
      ),
      column
        ? this.ds.query<ReadingsSummaryRow[]>(
            `SELECT count(*)::int AS readings, to_char(min(as_of), 'YYYY-MM-DD') AS first_as_of, to_char(max(as_of), 'YYYY-MM-DD') AS last_as_of, max(reported_at) AS last_reported_at
               FROM rm_reading_history WHERE ${column} = $1`,
            [id],
          )
        : Promise.resolve<ReadingsSummaryRow[]>([{ readings: 0, first_as_of: null, last_as_of: null, last_reported_at: null }]),
    ]);
    const nameHistory: NameRevisionDto[] = [];
    const revs = revisions;
    revs.forEach((r, i) => {
      const previous = i > 0 ? revs[i - 1] : null;
      nameHistory.push({
        name: r.old_name,
        placeholder: r.old_placeholder,
        until: new Date(r.changed_at).toISOString(),
        setBy: previous?.changed_by ?? null,
        setAt: previous ? new Date(previous.changed_at).toISOString() : null,
        reason: previous?.reason ?? '',
      });
    });
    const last = revs[revs.length - 1];
    nameHistory.push({
      name: unit.name,
      placeholder: unit.placeholder,
      until: null,
      setBy: last?.changed_by ?? null,
      setAt: last ? new Date(last.changed_at).toISOString() : null,
      reason: last?.reason ?? '',
    });
    const s = summary[0];
    const successor = unit.validTo === null && predecessorsOf(reference.unitIndex, id).length > 0;
    const ended = unit.validTo !== null;
    return {
      ...unitNode(reference, unit),
      ancestors: ancestorsOf(reference.unitIndex, id).map((u) => unitNode(reference, u)),
      childUnits: (reference.unitIndex.childrenById.get(id) ?? []).map((u) => unitNode(reference, u)),
      nameHistory,
      readingsSummary: {
        readings: s.readings,
        firstAsOf: s.first_as_of,
        lastAsOf: s.last_as_of,
        lastReportedAt: s.last_reported_at ? new Date(s.last_reported_at).toISOString() : null,
      },
      links: {
        readings: `/api/v1/units/${encodeURIComponent(id)}/readings`,
        progress: `/api/v1/progress/units/${encodeURIComponent(id)}`,
        ...(isCell(unit) ? { pledges: `/api/v1/pledges?cell=${encodeURIComponent(id)}` } : {}),
      },
      note: successor
        ? {
            vi: `Đơn vị mới từ ${formatDate(unit.validFrom, 'vi')}: số liệu trước đó vẫn ghi theo các đơn vị cũ (xem predecessors)`,
            en: `A new unit from ${formatDate(unit.validFrom, 'en')}: earlier figures stay recorded against the old units (see predecessors)`,
          }
        : ended
          ? {
              vi: `Đơn vị đã kết thúc sau ngày ${formatDate(unit.validTo, 'vi')}; lịch sử số liệu vẫn xem được tại links.readings`,
              en: `The unit ended after ${formatDate(unit.validTo, 'en')}; its history of readings stays readable at links.readings`,
            }
          : null,
    };
  }
}
