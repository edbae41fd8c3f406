/**
 * sha256 (hex, of the UTF-8 value) of every secret or password that is or was written in this repository:
 * development defaults, examples and test fixtures of earlier versions. Such a value signs nothing and opens no
 * account: secrets.ts refuses it at start, the password policy refuses it as a new password, and a log-in with it is
 * refused. Only digests are kept here, never the values.
 *
 * tests/unit/platform/known-secrets.spec.ts reads the repository (its files and its whole history) for values given
 * to secrets and passwords and fails when one that would otherwise be accepted is missing here: add its digest
 * (`node -p "require('crypto').createHash('sha256').update(process.argv[1]).digest('hex')" '<value>'`),
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
  // tests of earlier versions (JWT secrets written in specs)
  '712ea6ab2cf27a05b305f5add385f3b2bb69b0677c4d1d6a4d6cac4ecf34a37a',
  'a39a8353b64f6a1abd7a17252d5518377831304e0a3c395d2939a6f9e51f4272',
  '6a0d5df01cdda490a982325befe1e2d24107d5871c1909f0948bc446580ccb0e',
  'ca51202ab7644116221f3d4ea13e85463d8a2a7decc581391bb3797496917354',
  '1a5b9982f7c150d1a7e6835a0a7900b47a9062ee89f6968d82a278164f3f8e1d',
  '1de620fcfb4061c06a2fbcefa2cd272148db57f80fa300391e39bfe3c7586788',
  '4518bc6dd76b93c6281ab4acf44c2ca471b65085596d24928542f2fa93567a37',
  'e308da87d318168f7c2d54df53ce2b739bdc868644420db3a3d7da84c4ed33a1',
  // passwords written in tests and benchmarks of earlier versions
  'c4c57880d4df684bb38ce75a9c2d52d1eb0ae7233e80c5e92136883fa5a71768',
  '12706cac230b3a4994127c76b12664ff5cd57312b991b312e297ccc0ae6858af',
  '8b20c14beb67d8b85af187ec72e5e98d1335c7415a9bd6b94e81a30bcdb8dd85',
  '1f40f8557af0714e8c487ce1d2b91a2cef4e581ca719dcbdc09851871f338588',
  '77210af2f1758a49f5d167d60dd8404361f27d652d269625cc88309f2f0080b1',
  // texts next to passwords and secrets in the repository (found by the scan; refused so that the scan stays strict)
  'f8099a121992bb8a3f7d22ed05212bf2d6dba62b479cb69e433c16adba31f830',
  '90336e1cebee7c644cd019ef792cbe1675199802adfe3028c02ccb61e75f9022',
  '1d81bd34a7b4e15b80d0e5659b40c2c7a5612a45d11b0a3d48bc9ed1e9952a8c',
  '56bc084092716c8f63f2716cd2499a3d573d5b80c471ec288dc92d52498a1beb',
  '42acb73ed4d366cab50113e7a6658d6f0789cc8e3710ac515f1657f60c4f6b62',
  '6313c1bb5fc9446f1d856280ed4f2cfc01d0b4e156196ef415d5cd67fdeb8eac',
  // a password written in an intermediate version of tests/e2e/security/sessions.spec.ts (issue 11)
  '43365dabe4e497d7afc458c26ffecd50a0b5e8769df0e669d1e35ebe950631ff',
  'bc7903fc98b620bffc60b768bd65926a57caa90cf151868bc296f096d70d8dae',
  // passwords typed by the browser test of earlier versions
  '0ecf8a5292a41594a7c43bc7dd77ea67a725f66c9abd411fe707cdd070ee373d',
  'da648b7d009974ee42250aee90b82cb9b3efb7ca08ba983cf23bc3a6712ae285',
]);
