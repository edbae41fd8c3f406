import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './env';

/**
 * Every value given to a secret or a password anywhere in this repository, now or in its history (`git log -p` of
 * the checked-out history, and the working tree): string literals and `NAME=value` / `${NAME:-value}` assignments of names that
 * say secret, password or key. Used by the tests to prove that no such value signs a token, starts an app or opens
 * an account: "known" secrets are whatever anyone can read here.
 */
export function repositorySecretCandidates(): { secrets: string[]; passwords: string[] } {
  const history = execFileSync(
    'git',
    ['-C', REPO_ROOT, 'log', 'HEAD', '-p', '--no-color', '--no-ext-diff', '--unified=0', '--', '.', ':(exclude)package-lock.json'],
    {
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
    },
  );
  const tree = execFileSync('git', ['-C', REPO_ROOT, 'grep', '-I', '-h', '-i', '-E', 'secret|passw', '--', '.', ':(exclude)package-lock.json'], {
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  const secrets = new Set<string>();
  const passwords = new Set<string>();
  const literal = (name: string) => new RegExp(`${name}\\w*['"]?\\s*[:=]\\s*(['"\`])([^'"\`$\\n]{6,200})\\1`, 'gi');
  const assignment = (name: string) => new RegExp(`^[+-]?\\s*(?:export\\s+)?[A-Z_]*${name}[A-Z_]*=([^\\s'"#]{6,200})\\s*$`, 'gim');
  const shellDefault = (name: string) => new RegExp(`[A-Z_]*${name}[A-Z_]*:-([^}\\s]{6,200})\\}`, 'gi');
  // a default or fallback on the same line: NAME ... .default('value'), NAME ?? 'value', NAME || 'value'
  // (without running on into the next property of an object literal: `, NAME:`)
  const fallback = (name: string) =>
    new RegExp(`${name}\\w*(?:(?!,\\s*[A-Za-z_]+\\s*:)[^\\n]){0,80}?(?:\\.default\\(|\\?\\?|\\|\\|)\\s*(['"\`])([^'"\`$\\n]{6,200})\\1`, 'gi');
  for (const text of [history, tree]) {
    for (const [set, name] of [
      // "secretary" (bí thư, a role of this system) is not a secret: `secretary: \`POST …\`` in the docs is a route
      [secrets, 'secret(?!ar(?:y|ies))'],
      [passwords, 'password'],
    ] as const) {
      for (const re of [literal(name), assignment(name), shellDefault(name), fallback(name)]) {
        for (const m of text.matchAll(re)) set.add((m[2] ?? m[1]).trim());
      }
    }
  }
  return { secrets: [...secrets].sort(), passwords: [...passwords].sort() };
}
