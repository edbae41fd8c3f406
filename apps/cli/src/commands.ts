import { createDataSource, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { baseEnvSchema, createKafka, databaseEnvSchema, ensureProjectTopics, kafkaEnvSchema, loadConfig } from '@pledge/platform';
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
  const admin = createKafka(env, 'cli').admin();
  await admin.connect();
  try {
    const { replication, created, underReplicated } = await ensureProjectTopics(admin, {
      prefix: env.KAFKA_TOPIC_PREFIX,
      partitions: { updates: env.KAFKA_UPDATES_PARTITIONS, recorded: env.KAFKA_RECORDED_PARTITIONS },
      env,
    });
    const how = `replication factor ${replication.factor}, min.insync.replicas ${replication.minInSyncReplicas}`;
    out(created.length ? `✔ Kafka topics created (${how}): ${created.join(', ')}` : '✔ Kafka topics exist');
    for (const t of underReplicated) {
      process.stderr.write(`⚠ topic ${t} has fewer replicas than ${replication.factor}; Kafka does not add replicas by itself (docs/operations.md, "More brokers")\n`);
    }
  } finally {
    await admin.disconnect();
  }
}
