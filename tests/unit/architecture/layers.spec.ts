import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The layer rules of .dependency-cruiser.js hold for the whole code base. */
describe('architecture', () => {
  it('apps never import each other, libs never import apps, libs/domain stays pure, the read API’s handlers call no assessment', () => {
    let output: string;
    let failed = false;
    try {
      output = execFileSync(join(root, 'node_modules', '.bin', 'depcruise'), ['apps', 'libs', '--config', '.dependency-cruiser.js', '--output-type', 'err'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (err) {
      failed = true;
      output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
    }
    expect({ failed, output: failed ? output : '' }).toEqual({ failed: false, output: '' });
  }, 60000);
});
