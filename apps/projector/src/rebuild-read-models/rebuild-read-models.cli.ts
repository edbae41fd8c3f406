import type { INestApplicationContext } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { RebuildReadModelsHandler, type RebuildOptions, type RebuildProgress, type RebuildSummary } from './rebuild-read-models.handler';

const out = (s: string) => process.stdout.write(`${s}\n`);

/** A progress bar per phase on a terminal; one line per phase and every ~10 % otherwise (logs, CI, tests). */
export function consoleProgress(tty = process.stdout.isTTY === true): RebuildProgress {
  let bar: SingleBar | null = null;
  let name = '';
  let total = 0;
  let lastShown = -1;
  let started = 0;
  return {
    phase(phase, n) {
      name = phase;
      total = n;
      started = Date.now();
      lastShown = -1;
      if (tty) {
        bar = new SingleBar(
          { format: ` ${phase.padEnd(42)} [{bar}] {percentage}% {value}/{total} {duration_formatted}`, hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(Math.max(n, 1), 0);
      } else out(`… ${phase} (${n})`);
    },
    update(done) {
      if (bar) bar.update(done);
      else {
        const step = total > 0 ? Math.floor((done / total) * 10) : 10;
        if (step > lastShown && step < 10) {
          lastShown = step;
          out(`  ${name}: ${done}/${total}`);
        }
      }
    },
    done() {
      if (bar) {
        bar.stop();
        bar = null;
      } else out(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
  };
}

export function formatSummary(s: RebuildSummary, ms: number): string {
  const t = (k: string) => `${((s.timings[k] ?? 0) / 1000).toFixed(1)} s`;
  const lines = [
    `✔ Read models rebuilt from the event store in ${(ms / 1000).toFixed(1)} s / Đã dựng lại dữ liệu tổng hợp từ kho sự kiện`,
    `  events ${s.events} (of which ${s.caughtUp} recorded during the rebuild) · readings ${s.readings} · in force ${s.readingsInForce} · cell reports ${s.cellReports} · unit days derived ${s.unitsAssessed}`,
    `  phases: prepare ${t('prepare')}, history ${t('history')}, state ${t('state')}, load ${t('load')}, status ${t('status')}, status-indexes ${t('status-indexes')}, catch-up ${t('catch-up')}, swap ${t('swap')}, count ${t('count')} (live writers paused only during the swap)`,
    `  status phase: ${s.status.threads === 0 ? 'in the main thread' : `${s.status.threads} worker threads`}, ${s.status.rows} rows; assessing ${(s.status.assessMs / 1000).toFixed(1)} s, writing (COPY) ${(s.status.writeMs / 1000).toFixed(1)} s (summed over the threads)`,
    `  tables: ${Object.entries(s.rows)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  generation ${s.generation}: running projectors reload; checkpoints unchanged; one "rebuilt" signal sent on progress_changed`,
  ];
  return lines.join('\n');
}

/** Transport "CLI" of the rebuild use case: `node dist/apps/projector/src/cli.js rebuild`. */
export async function rebuildCommand(app: INestApplicationContext, opts: RebuildOptions): Promise<void> {
  const t0 = Date.now();
  const summary = await app.get(RebuildReadModelsHandler).execute(consoleProgress(), opts);
  out(formatSummary(summary, Date.now() - t0));
}
