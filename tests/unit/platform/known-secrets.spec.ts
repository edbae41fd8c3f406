import { passwordProblems } from '@pledge/domain';
import { isKnownSecret, secretProblems } from '@pledge/platform';
import { KNOWN_SECRET_SHA256 } from '@pledge/platform/config/known-secrets';
import { createHash } from 'node:crypto';
import { repositorySecretCandidates } from '../../support/repo-secrets';

/**
 * No value written in this repository (now or in its history) can serve as a secret or a password: the scan finds
 * every literal given to a secret or a password (tests/support/repo-secrets.ts), and each must be refused, as a
 * signing key (short, predictable or on the deny-list of libs/platform known-secrets.ts) and as a password (the
 * password policy). A new written secret fails this test until it is removed or its digest is denied.
 */
describe('secrets and passwords written in the repository', () => {
  const found = repositorySecretCandidates();
  const all = [...new Set([...found.secrets, ...found.passwords])];

  it('finds the values written in the repository, among them the former development defaults', () => {
    const digests = all.map((v) => createHash('sha256').update(v).digest('hex'));
    // the former JWT_SECRET default and seeded-accounts password (issue 11) are in the history: the scan must see them
    expect(digests.filter((d) => KNOWN_SECRET_SHA256.has(d)).length).toBeGreaterThanOrEqual(4);
  });

  it('refuses every one of them as a signing secret (JWT_SECRET, JWT_SECRET_PREVIOUS, REMINDER_WEBHOOK_SECRET)', () => {
    expect(all.filter((v) => secretProblems(v).length === 0)).toEqual([]);
  });

  it('refuses every one of them as a password', () => {
    expect(all.filter((v) => passwordProblems(v, { username: 'someone', isKnown: isKnownSecret }).length === 0)).toEqual([]);
  });
});
