import { freePort } from '../../support/apps';
import { testEnv } from '../../support/env';
import { assertServicesUp } from '../../support/services-check';

/** The suite runs against real services: if the broker is down it fails loudly, naming it; it never skips. */
describe('service check before the suite', () => {
  it('passes when Kafka, PostgreSQL and Redis answer', async () => {
    await expect(assertServicesUp(testEnv)).resolves.toBeUndefined();
  });

  it('fails with the unreachable broker named and the command that starts it', async () => {
    const deadPort = await freePort();
    await expect(assertServicesUp({ ...testEnv, kafkaBrokers: `127.0.0.1:${deadPort}` })).rejects.toThrow(
      new RegExp(`Kafka \\(127\\.0\\.0\\.1:${deadPort}\\)[\\s\\S]*scripts/services\\.sh up`),
    );
  });
});
