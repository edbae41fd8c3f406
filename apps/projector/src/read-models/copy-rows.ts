/**
 * Bulk writes of read-model rows with PostgreSQL COPY (text format, pg-copy-streams): rows are encoded straight from
 * the domain's objects into COPY lines, without an intermediate JSON document for PostgreSQL to parse again.
 *
 * Values are written as the former `jsonb_to_recordset` path stored them, so both give the same rows: null and
 * undefined are NULL (also for jsonb columns: a JSON null became SQL NULL there), non-finite numbers are NULL (JSON
 * has no NaN), numbers are their shortest round-trip text, booleans t/f, jsonb is JSON text.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { ident } from './sql-ident';

/** A column as the writers need it: JS property, database column, PostgreSQL type. */
export interface ColumnSpec {
  prop: string;
  column: string;
  type: string;
}

type Encoder = (v: unknown) => string;

/** A string JSON.stringify writes as it is between quotes, and COPY takes as it is (unit ids, codes). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON and COPY would escape
const PLAIN = /^[^"\\\u0000-\u001f\u007f\ud800-\udfff]*$/;
const isPlainString = (x: unknown): boolean => typeof x === 'string' && PLAIN.test(x);

const NULL = '\\N';
const SPECIAL = /[\\\n\r\t]/;

/** A text value escaped for COPY's text format. */
export function copyText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

const encoders: Record<string, Encoder> = {
  text: (v) => copyText(String(v)),
  uuid: (v) => String(v),
  date: (v) => copyText(String(v)),
  integer: (v) => (typeof v === 'number' && !Number.isFinite(v) ? NULL : String(v)),
  bigint: (v) => String(v),
  'double precision': (v) => (typeof v === 'number' && !Number.isFinite(v) ? NULL : String(v)),
  boolean: (v) => (v ? 't' : 'f'),
  jsonb: (v) => {
    if (Array.isArray(v) && v.every(isPlainString)) return v.length === 0 ? '[]' : `["${v.join('","')}"]`; // = JSON.stringify
    const json = JSON.stringify(v);
    return json === undefined ? NULL : copyText(json);
  },
  timestamptz: (v) => (v instanceof Date ? v.toISOString() : copyText(String(v))),
};

function encoderFor(type: string): Encoder {
  const e = encoders[type] ?? encoders[type.toLowerCase()];
  if (!e) throw new Error(`no COPY encoder for the column type ${type}`);
  return e;
}

/**
 * Rows of one table collected as COPY text. `add(row, extra)` reads each column's property from `row`, else from
 * `extra` (columns shared by every row of a unit), so callers need not build a merged object per row.
 */
export class CopyRows {
  private readonly props: string[];
  private readonly encode: Encoder[];
  private readonly fields: string[];
  private lines: string[] = [];
  private size = 0;
  private readonly chunks: string[] = [];
  count = 0;

  constructor(readonly columns: readonly ColumnSpec[]) {
    this.props = columns.map((c) => c.prop);
    this.encode = columns.map((c) => encoderFor(c.type));
    this.fields = new Array<string>(columns.length).fill('');
  }

  add(row: object, extra?: object): void {
    const r = row as Record<string, unknown>;
    const x = extra as Record<string, unknown> | undefined;
    const fields = this.fields;
    for (let i = 0; i < this.props.length; i++) {
      const p = this.props[i];
      let v = r[p];
      if (v === undefined && x) v = x[p];
      fields[i] = v === null || v === undefined ? NULL : this.encode[i](v);
    }
    const line = fields.join('\t');
    this.lines.push(line);
    this.size += line.length;
    this.count++;
    if (this.lines.length >= 4096) this.flushLines();
  }

  private flushLines(): void {
    if (this.lines.length === 0) return;
    this.chunks.push(`${this.lines.join('\n')}\n`);
    this.lines = [];
  }

  /** The COPY data (text format), in pieces of a few thousand lines. */
  data(): string[] {
    this.flushLines();
    return this.chunks;
  }

  /** Approximate size of the data, in characters. */
  get length(): number {
    return this.size + this.count;
  }
}

/** A pg client (a pool client, or the one TypeORM's query runner holds). */
export interface CopyClient {
  query(q: unknown): unknown;
}

/** Writes `rows` into `table` with COPY FROM STDIN on `client` (inside the caller's transaction, if any). */
export async function copyRows(client: CopyClient, table: string, rows: CopyRows): Promise<void> {
  if (rows.count === 0) return;
  const sql = `COPY ${ident(table)} (${rows.columns.map((c) => ident(c.column)).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql)) as NodeJS.WritableStream;
  await pipeline(Readable.from(rows.data()), stream);
}
