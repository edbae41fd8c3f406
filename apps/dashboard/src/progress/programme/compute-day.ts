/**
 * The programme of a district on a day that the projector does not keep, computed on demand by libs/domain's
 * programmeOnDay (the function the projector stores its days with) from the reference data and the readings history
 * in PostgreSQL. Pure apart from the queries; used by the computing worker thread (./compute-day.worker) and, where no
 * compiled worker exists (tests running the TypeScript sources), in the calling thread.
 */
import { programmeOnDay, type HistoryPoint, type IsoDate, type ProgrammeDay, type Reading } from '@pledge/domain';
// modules of their own, not the package index: the worker thread loads them without TypeORM
import { loadProgrammeReferenceData, type ProgrammeReferenceData, type ReferenceQueryable } from '@pledge/persistence/reference/programme-reference';
import { readingColumns, readingsByUnit, type ReadingRow } from '@pledge/persistence/readings/reading-rows';

/** What to compute, and the generations of the data it depends on (a change of either reloads that data). */
export interface ComputeDayRequest {
  readonly version: string;
  readonly districtId: string;
  readonly day: IsoDate;
  readonly referenceGeneration: number;
  readonly readingsGeneration: number;
}

/** What one computing thread keeps between requests: the reference data and each district's readings. */
export class ComputeDayState {
  private reference?: { generation: number; data: ProgrammeReferenceData };
  private readonly readings = new Map<string, { generation: number; byUnit: Map<string, Reading[]>; series: Map<string, HistoryPoint[]> }>();

  constructor(private readonly db: ReferenceQueryable) {}

  async compute(req: ComputeDayRequest): Promise<ProgrammeDay> {
    if (this.reference?.generation !== req.referenceGeneration) {
      this.reference = { generation: req.referenceGeneration, data: await loadProgrammeReferenceData(this.db).then((r) => r.data) };
      this.readings.clear();
    }
    const data = this.reference.data;
    const version = data.catalogues.find((c) => c.id === req.version);
    if (!version) throw new RangeError(`Unknown catalogue version ${req.version}`);
    let known = this.readings.get(req.districtId);
    if (known?.generation !== req.readingsGeneration) {
      const units = [...descendantsAndSelf(data, req.districtId)];
      const rows = (await this.db.query(`SELECT ${readingColumns('t')} FROM rm_reading_history t WHERE t.hamlet_code = ANY($1::text[])`, [
        units,
      ])) as ReadingRow[];
      known = { generation: req.readingsGeneration, byUnit: readingsByUnit(rows), series: new Map() };
      this.readings.set(req.districtId, known);
    }
    return programmeOnDay({
      catalogue: version.index,
      units: data.unitIndex,
      pledges: data.pledges,
      waivedItems: new Set([...data.itemStates].filter(([, s]) => s.status === 'waived').map(([id]) => id)),
      recognitions: data.recognitionIndex,
      districtId: req.districtId,
      day: req.day,
      readings: known.byUnit,
      seriesMemo: known.series,
    });
  }
}

/** Every unit ever under `districtId` (any validity), and the district. */
function* descendantsAndSelf(data: ProgrammeReferenceData, districtId: string): Generator<string> {
  yield districtId;
  for (const child of data.unitIndex.childrenById.get(districtId) ?? []) yield* descendantsAndSelf(data, child.id);
}
