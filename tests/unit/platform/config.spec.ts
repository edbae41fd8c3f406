import { baseEnvSchema, databaseEnvSchema, kafkaEnvSchema, InvalidEnvironmentError, loadConfig, redactUrl } from '@pledge/platform';

const schema = baseEnvSchema.extend(databaseEnvSchema.shape).extend(kafkaEnvSchema.shape);

describe('configuration from the environment', () => {
  it('gives typed defaults that work on a development machine', () => {
    const env = loadConfig(schema, {});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/pledge');
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(env.KAFKA_UPDATES_PARTITIONS).toBe(6);
    expect(env.DB_MIGRATE_ON_BOOT).toBe(false);
  });

  it('parses and types what is set', () => {
    const env = loadConfig(schema, { KAFKA_BROKERS: 'a:1, b:2', KAFKA_UPDATES_PARTITIONS: '12', DB_MIGRATE_ON_BOOT: 'true' });
    expect(env.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(env.KAFKA_UPDATES_PARTITIONS).toBe(12);
    expect(env.DB_MIGRATE_ON_BOOT).toBe(true);
  });

  it('refuses to start with every bad variable named and its problem', () => {
    let error: unknown;
    try {
      loadConfig(schema, { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'no-port', KAFKA_UPDATES_PARTITIONS: '0', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const msg = (error as Error).message;
    expect(msg).toMatch(/^Invalid environment variables:/);
    expect(msg).toMatch(/DATABASE_URL: must be a URL \(postgres or postgresql\)/);
    expect(msg).toMatch(/KAFKA_BROKERS: must be host:port/);
    expect(msg).toMatch(/KAFKA_UPDATES_PARTITIONS: /);
    expect(msg).toMatch(/LOG_LEVEL: /);
  });
});

describe('request logging', () => {
  it('never writes tokens passed in the query string (SSE) to the logs', () => {
    expect(redactUrl('/api/v1/live/progress?token=eyJhbGciOi.abc.def&lang=vi')).toBe('/api/v1/live/progress?token=[redacted]&lang=vi');
    expect(redactUrl('/x?a=1&access_token=s3cret')).toBe('/x?a=1&access_token=[redacted]');
    expect(redactUrl('/api/v1/progress')).toBe('/api/v1/progress');
  });
});
