import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableAccess, tableAccessMarkdown } from '../../support/table-access';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'architecture.md');
const BEGIN = '<!-- table-owners:begin (kept true by tests/unit/architecture/table-owners.spec.ts) -->';
const END = '<!-- table-owners:end -->';

/** docs/architecture.md says which app writes each table and which read it; the apps' code is checked against it. */
describe('table owners', () => {
  it('docs/architecture.md lists every table with the apps that write it and the apps that read it', () => {
    const doc = readFileSync(DOC, 'utf8');
    const from = doc.indexOf(BEGIN);
    const to = doc.indexOf(END);
    expect({ markers: from >= 0 && to > from }).toEqual({ markers: true });
    const documented = doc.slice(from + BEGIN.length, to).trim();
    // on a difference, the expected table is printed: paste it between the markers (and fix the code if an app
    // writes a table it should not)
    expect(documented).toBe(tableAccessMarkdown(tableAccess()));
  });

  it('the scan finds what it should: the intake writes submissions, the projector its read models, ingest the event store', () => {
    const byTable = new Map(tableAccess().map((r) => [r.table, r]));
    // intake stores submissions and ingest appends events; the cli only removes demonstration data (npm run demo --
    // --remove, guarded for the event store by its trigger): docs/architecture.md says so
    expect(byTable.get('submission')?.writers).toEqual(['cli', 'intake']);
    expect(byTable.get('event_store')?.writers).toEqual(['cli', 'ingest']);
    expect(byTable.get('rm_reading')?.writers).toEqual(['projector']);
    expect(byTable.get('rm_reading')?.readers).toContain('dashboard');
  });
});
