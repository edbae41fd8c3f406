/**
 * The previous ingest, for the "before" figure of the same run: apps/ingest/src as it was at a git revision (default:
 * the last one with the one-message-at-a-time ingest: Nest's Kafka transport, eachMessage, one database round trip
 * and one produce per message), transpiled against this run's compiled libraries. Nothing of it stays in the product.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { BUILD, REPO } from '../support/bench-run';

/** main of the one-message-at-a-time ingest (before the batched transport). */
export const PREVIOUS_INGEST_REF = '442e4b2db8972f418c89c6bd411b423903c857b3';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Extracts apps/ingest/src at `ref` and compiles it next to this run's build; returns the entry point (main.js). */
export function buildPreviousIngest(ref: string): string {
  const src = join(BUILD, 'previous-ingest-src');
  const out = join(BUILD, 'previous-ingest');
  mkdirSync(src, { recursive: true });
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', ref, 'apps/ingest/src'], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', src], { input: archive });
  for (const file of filesUnder(join(src, 'apps', 'ingest', 'src')).filter((f) => f.endsWith('.ts'))) {
    const rel = relative(src, file).replace(/\.ts$/, '.js');
    const target = join(out, rel);
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
      },
    }).outputText;
    // the libraries of this run's build (the previous ingest only uses what they still export)
    const linked = js.replace(
      /require\("@pledge\/([a-z]+)"\)/g,
      (_m, lib: string) => `require(${JSON.stringify(join(BUILD, 'libs', lib, 'src', 'index.js'))})`,
    );
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, linked);
  }
  return join(out, 'apps', 'ingest', 'src', 'main.js');
}
