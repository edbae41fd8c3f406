import { topicSpecs } from '@pledge/contracts';
import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { baseEnvSchema, createKafka, databaseEnvSchema, ensureTopics, kafkaEnvSchema, KafkaNaming, loadConfig } from '@pledge/platform';
import { hash } from 'argon2';
import { SingleBar, Presets } from 'cli-progress';

const out = (s: string) => process.stdout.write(`${s}\n`);

export async function runMigrate(): Promise<void> {
  const env = loadConfig(databaseEnvSchema);
  const ds = createDataSource({ url: env.DATABASE_URL, applicationName: 'pledge-cli' });
  await ds.initialize();
  try {
    const ran = await runMigrationsLocked(ds);
    out(ran.length ? `✔ migrations applied: ${ran.join(', ')}` : '✔ database schema is up to date');
  } finally {
    await ds.destroy();
  }
}

export async function runSeed(dir: string, force: boolean): Promise<void> {
  const env = loadConfig(databaseEnvSchema.extend(baseEnvSchema.pick({ NODE_ENV: true }).shape));
  const ds = createDataSource({ url: env.DATABASE_URL, applicationName: 'pledge-cli' });
  await ds.initialize();
  const bar = process.stdout.isTTY ? new SingleBar({ format: ' {step} [{bar}] {value}/{total}', hideCursor: true }, Presets.shades_classic) : null;
  let current = '';
  try {
    const summary = await loadSeeds(ds, {
      dir,
      force,
      hashPassword: (p) => hash(p),
      devPassword: process.env.DEV_SEED_PASSWORD || undefined,
      // in production the seeded accounts share a password written in the repository: each owner replaces it first
      mustChangePassword: env.NODE_ENV === 'production',
      onProgress: (step, done, total) => {
        if (!bar) return;
        if (step !== current) {
          if (current) bar.stop();
          current = step;
          bar.start(total, done, { step: step.padEnd(28) });
        } else bar.update(done);
      },
    });
    bar?.stop();
    // running dashboards drop their cached catalogue and units at once
    await ds.query(`SELECT pg_notify('reference_changed', $1)`, [JSON.stringify({ entity: 'seed', force })]);
    const parts = Object.entries(summary).map(([k, v]) => `${k} ${v}`);
    out(`✔ seeds loaded from ${dir} (new or updated: ${parts.join(', ')})`);
  } finally {
    bar?.stop();
    await ds.destroy();
  }
}

export async function runTopics(): Promise<void> {
  const env = loadConfig(kafkaEnvSchema);
  const naming = new KafkaNaming(env.KAFKA_TOPIC_PREFIX);
  const admin = createKafka(env, 'cli').admin();
  await admin.connect();
  try {
    const specs = topicSpecs({ updates: env.KAFKA_UPDATES_PARTITIONS, recorded: env.KAFKA_RECORDED_PARTITIONS });
    const created = await ensureTopics(
      admin,
      specs.map((s) => ({ topic: naming.topic(s.topic), numPartitions: s.numPartitions, replicationFactor: 1 })),
    );
    out(created.length ? `✔ Kafka topics created: ${created.join(', ')}` : '✔ Kafka topics exist');
  } finally {
    await admin.disconnect();
  }
}
