import type { Principal } from '@pledge/auth';
import { Topics, type CriterionUpdateV1 } from '@pledge/contracts';
import {
  programmeOnDay,
  readingsFromCriterionUpdate,
  reportingPeriodOf,
  requiredPeriodStart,
  unwrap,
  vnDateOf,
  type IsoDate,
  type Reading,
} from '@pledge/domain';
import { createDataSource } from '@pledge/persistence';
import { Partitioners, type Producer } from 'kafkajs';
import type { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { GetEvaluationHandler } from '../../apps/dashboard/src/evaluations/get-evaluation.handler';
import { GetProgressHandler } from '../../apps/dashboard/src/progress/get-progress.handler';
import { DemoDataService } from '../../apps/dashboard/src/demo-data/demo-data.service';
import { GetUnitProgressHandler } from '../../apps/dashboard/src/progress/get-unit-progress.handler';
import type { ReadModelChangeListener } from '../../apps/dashboard/src/progress/programme/change-listener.service';
import { ProgrammeReferenceLoader, type ProgrammeReference } from '../../apps/dashboard/src/progress/programme/programme-reference';
import type { ProgrammeDaysService } from '../../apps/dashboard/src/progress/programme/programme-days.service';
import { programmeViewOf } from '../../apps/dashboard/src/progress/programme/programme-view';
import { GetTrendHandler } from '../../apps/dashboard/src/progress/trend/get-trend.handler';
import { periodFor } from '../../apps/dashboard/src/reporting/get-reporting.handler';
import { eventually } from '../support/eventually';
import { startSystem, type TestSystem } from '../support/system';
import { generateEvents, loadCellsAndIndicators, prng } from '../medium/projector/support/events';
import { logIn } from './intake-support';

/**
 * Progress has one owner. Readings stream into the running system from a producer on ntm.criterion-updates (late
 * older ones, duplicates, corrections), through ingest and the projector; then, for several view dates (stored
 * period ends, "today", and a day computed on demand), every number of GET /api/v1/progress, /progress/units/{id},
 * /progress/trend, /reporting and /evaluations equals libs/domain's programmeOnDay applied from scratch to the event
 * store, passed through the same presenters.
 */
describe('progress: the projector’s figures equal the domain function applied to the event store', () => {
  let sys: TestSystem;
  let pg: Client;
  let ds: DataSource;
  let producer: Producer;
  let expected: FromScratch;
  let token: string;
  const SEED = Number(process.env.PROGRESS_E2E_SEED ?? 20260101);

  beforeAll(async () => {
    sys = await startSystem('oneowner', ['ingest', 'projector', 'intake', 'dashboard']);
    pg = new Client({ connectionString: sys.db.url });
    await pg.connect();
    ds = createDataSource({ url: sys.db.url, applicationName: 'test-one-owner' });
    await ds.initialize();
    producer = sys.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    token = (await logIn(sys.url('intake'), 'lanhdao.1')).accessToken;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await ds?.destroy();
    await pg?.end();
    await sys?.stop();
  });

  const api = async (path: string): Promise<any> => {
    const get = () => fetch(`${sys.url('dashboard')}${path}`, { headers: { authorization: `Bearer ${token}` } });
    // this test computes the expected figures synchronously for seconds between requests: the dashboard closes the idle
    // keep-alive connection meanwhile, and fetch may reuse it before this blocked process has seen the close ("other side
    // closed"); a GET is safe to send again on a new connection
    const res = await get().catch((err: unknown) => {
      if ((err as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET') return get();
      throw err;
    });
    const body = await res.json();
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return body;
  };

  it('streams 1,500 updates with late, duplicate and corrected ones, and every figure is the domain’s', async () => {
    const rnd = prng(SEED);
    const { cells, indicators } = await loadCellsAndIndicators(pg);
    const events = generateEvents(cells, indicators, 1500, { seed: SEED, corrections: 0.15, lateOlder: 0.15 });
    const updates: CriterionUpdateV1[] = events.map(({ communeCode: _c, sequence: _s, recordedAt: _r, ...u }) => u);
    const stream: CriterionUpdateV1[] = [];
    for (const u of updates) {
      stream.push(u);
      if (rnd() < 0.05) stream.push(u); // delivered twice
    }
    for (let i = 0; i < stream.length; i += 100) {
      await producer.send({
        topic: sys.topic(Topics.criterionUpdates),
        messages: stream.slice(i, i + 100).map((u) => ({ key: u.hamletCode, value: JSON.stringify(u) })),
      });
    }
    // everything recorded once, folded, and derived (the refresher's queue empty, "today" set)
    await eventually(
      async () => Number((await pg.query(`SELECT count(*) FROM event_store`)).rows[0].count),
      (n) => n === updates.length,
      {
        what: 'every update in the event store',
        timeoutMs: 240_000,
        intervalMs: 500,
      },
    );
    await eventually(
      async () =>
        (await pg.query(`SELECT count(DISTINCT event_id)::int AS n FROM rm_reading_history`)).rows[0].n === updates.length &&
        (await pg.query(`SELECT count(*)::int AS n FROM projection_dirty_batch`)).rows[0].n === 0 &&
        (await pg.query(`SELECT derived_today FROM projection_state`)).rows[0]?.derived_today != null,
      (ok) => ok,
      { what: 'the projector to fold and derive everything', timeoutMs: 300_000, intervalMs: 500 },
    );
    // the domain from scratch: the event store's updates as readings
    const readings = new Map<string, Reading[]>();
    for (const { payload } of (await pg.query(`SELECT payload FROM event_store ORDER BY sequence`)).rows) {
      for (const r of unwrap(readingsFromCriterionUpdate(payload))) readings.set(r.hamletId, [...(readings.get(r.hamletId) ?? []), r]);
    }
    expected = new FromScratch(await new ProgrammeReferenceLoader(ds).load(), readings);
    const me: Principal = { accountId: 'x', username: 'lanhdao.1', role: 'district_leader', unitId: '874', communeId: null };
    const views = expected as unknown as ProgrammeDaysService;
    const noDemoData = { present: async () => false } as unknown as DemoDataService;

    // stored period ends, a day computed on demand (between two period ends), and "today" (the deadline, by default)
    const days: (IsoDate | undefined)[] = ['2023-06-30', '2024-02-29', '2024-08-17', '2025-06-30', '2025-11-30', undefined];
    const q = (day: IsoDate | undefined, more = '') => `${day ? `?asOf=${day}` : '?'}${more}`;
    for (const day of days) {
      const progress = await api(`/api/v1/progress${q(day)}`);
      expect(progress.source).toBe(day === '2024-08-17' ? 'computed' : 'stored');
      expect(figures(progress)).toEqual(figures(await new GetProgressHandler(views, noDemoData).execute(me, { asOf: day })));
      for (const unit of ['874', '30136', '30130', '874-30133-A02', '874-30136-A04', '874-30130-K01']) {
        expect(figures(await api(`/api/v1/progress/units/${unit}${q(day)}`))).toEqual(
          figures(await new GetUnitProgressHandler(views).execute(me, unit, { asOf: day })),
        );
      }
      const trend = new GetTrendHandler(views, expected.listener, quiet);
      for (const every of ['quarter', 'month']) {
        expect(figures(await api(`/api/v1/progress/trend${q(day, `&every=${every}`)}`))).toEqual(figures(await trend.execute(me, { asOf: day, every })));
      }
      expect(reportingFigures(await api(`/api/v1/reporting${q(day)}`))).toEqual(expected.reporting(day ?? '2025-12-31'));
    }
    for (const period of ['2023-09', '2024-12', '2025-05']) {
      expect(reportingFigures(await api(`/api/v1/reporting?period=${period}`))).toEqual(expected.reporting('2025-12-31', period));
    }
    for (const year of [2023, 2024, 2025]) {
      expect(figures(await api(`/api/v1/evaluations/${year}`))).toEqual(figures(await new GetEvaluationHandler(views).execute(me, String(year), {})));
    }
  }, 900_000);
});

const quiet = {
  setContext: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as PinoLogger;

/** An answer without what says when and how it was produced (not a figure). */
function figures<T>(body: T): T {
  return JSON.parse(JSON.stringify(body, (k, v) => (['computedAt', 'computeMs', 'computedPoints', 'source'].includes(k) ? undefined : v)));
}

/** The figures of a reporting answer: the period, the counts, who has not reported and who reported late (by id). */
function reportingFigures(body: any) {
  return {
    period: { start: body.period.start, end: body.period.end, due: body.period.due },
    cellsExpected: body.cellsExpected,
    cellsReported: body.cellsReported,
    cellsLate: body.cellsLate,
    notReported: body.notReported.map((c: { id: string }) => c.id).sort(),
    late: body.late
      .map((c: { id: string; firstReportedAt: string }) => ({ id: c.id, firstReportedAt: c.firstReportedAt }))
      .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)),
  };
}

/**
 * The read API's programme, computed from scratch: libs/domain's programmeOnDay on the event store's readings for
 * every day asked (what ProgrammeDaysService serves from the projector's tables), and reporting completeness from the
 * readings and the domain's calendar (what the projector's rm_cell_report and rm_reporting_summary hold).
 */
class FromScratch {
  readonly listener = { generations: { readings: 0, reference: 0 }, derivedGeneration: () => '0', listening: false } as unknown as ReadModelChangeListener;

  constructor(
    private readonly ref: ProgrammeReference,
    private readonly readings: Map<string, Reading[]>,
  ) {}

  reference(): Promise<ProgrammeReference> {
    return Promise.resolve(this.ref);
  }

  async view(version: string, asOf: IsoDate) {
    const day = programmeOnDay({
      catalogue: this.ref.catalogues.get(version)!,
      units: this.ref.unitIndex,
      pledges: this.ref.pledges,
      waivedItems: new Set([...this.ref.itemStates].filter(([, s]) => s.status === 'waived').map(([id]) => id)),
      recognitions: this.ref.recognitionIndex,
      districtId: '874',
      day: asOf,
      readings: this.readings,
    });
    return programmeViewOf(this.ref, day, 'stored');
  }

  unitDetail(view: { unitDayById: Map<string, unknown> }, unitId: string) {
    return Promise.resolve(view.unitDayById.get(unitId));
  }

  storedTrendPoints(): Promise<never[]> {
    return Promise.resolve([]);
  }

  /** The reporting answer's figures for a view date (and a period), from the readings. */
  reporting(asOf: IsoDate, asked?: string) {
    const version = this.ref.versions[0];
    const { span } = periodFor(this.ref, version, asOf, asked);
    const rule = this.ref.catalogues.get(version.id)!.catalogue.reportingPeriod;
    expect(span).toEqual(asked ? reportingPeriodOf(`${asked}-01`, rule) : reportingPeriodOf(requiredPeriodStart(rule, asOf), rule));
    const notReported: string[] = [];
    const late: { id: string; firstReportedAt: string }[] = [];
    const cells = [...this.ref.unitIndex.byId.values()].filter((u) => (u.kind === 'hamlet' || u.kind === 'ward') && u.id.startsWith('874-'));
    for (const cell of cells) {
      const first = (this.readings.get(cell.id) ?? [])
        .filter((r) => r.asOf >= span.start && r.asOf <= span.end)
        .map((r) => r.reportedAt)
        .sort()[0];
      if (!first) notReported.push(cell.id);
      else if (vnDateOf(new Date(first)) > span.due) late.push({ id: cell.id, firstReportedAt: first });
    }
    return {
      period: { start: span.start, end: span.end, due: span.due },
      cellsExpected: cells.length,
      cellsReported: cells.length - notReported.length,
      cellsLate: late.length,
      notReported: notReported.sort(),
      late: late.sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
  }
}
