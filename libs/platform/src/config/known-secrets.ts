/**
 * sha256 (hex, of the UTF-8 value) of every secret or password that is or was written in this repository:
 * development defaults, examples and test fixtures of earlier versions. Such a value signs nothing and opens no
 * account: secrets.ts refuses it at start, the password policy refuses it as a new password, and a log-in with it is
 * refused. Only digests are kept here, never the values.
 *
 * tests/unit/platform/known-secrets.spec.ts reads the repository (its files and its whole history) for values given
 * to secrets and passwords and fails when one that would otherwise be accepted is missing here: add its digest
 * (`node -e "console.log(require('crypto').createHash('sha256').update(process.argv[1]).digest('hex'))" '<value>'`),
 * or better, do not write it in the repository.
 */
export const KNOWN_SECRET_SHA256: ReadonlySet<string> = new Set([
  // JWT_SECRET development default of libs/platform (until issue 11)
  '2e5caa705e9f4f938abaa1ef2c9e9cd6afdfb240733076643a6a26a15777cb41',
  // docker-compose.yml's JWT_SECRET fallback (until issue 11)
  '41c7049f1537e006a99ec2de20b014c8ceabda41505d9f6ab599f7b5e2d10a1d',
  // seeds/accounts.json defaultPassword (until issue 11)
  'aca15c088937bb68d94148f0c02f86c60143c04a835d9bbd9d3e9990b03d284a',
  // tests/support/env.ts TEST_PASSWORD (until issue 11)
  '02059720d29de82899984b64486ad36e0a19b61406e1c91fdf830e2b6ab575b9',
]);
