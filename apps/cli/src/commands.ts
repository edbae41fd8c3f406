import { NotifyChannels, type ReferenceChangedSignal } from '@pledge/contracts';
import { buildCatalogueTemplate, CatalogueRefused, createDataSource, importCatalogue, loadSeeds, runMigrationsLocked } from '@pledge/persistence';
import { passwordProblems } from '@pledge/domain';
import { baseEnvSchema, createKafka, databaseEnvSchema, ensureProjectTopics, isKnownSecret, kafkaEnvSchema, loadConfig } from '@pledge/platform';
import { hash } from 'argon2';
import { randomBytes } from 'node:crypto';
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
      password: seedPassword('DEV_SEED_PASSWORD'),
      adminPassword: seedPassword('INITIAL_ADMIN_PASSWORD'),
      // in production the seeded accounts' password is known to the operator: each owner replaces it first
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
    // running dashboards drop their cached catalogue and units at once, and the projector derives again
    const signal: ReferenceChangedSignal = { entity: 'seed', force };
    await ds.query(`SELECT pg_notify($1, $2)`, [NotifyChannels.referenceChanged, JSON.stringify(signal)]);
    const parts = Object.entries(summary).map(([k, v]) => `${k} ${v}`);
    out(`✔ seeds loaded from ${dir} (new or updated: ${parts.join(', ')})`);
  } finally {
    bar?.stop();
    await ds.destroy();
  }
}

/**
 * A password for seeded accounts from the environment (DEV_SEED_PASSWORD, INITIAL_ADMIN_PASSWORD), checked against the
 * password policy (libs/domain): a weak or published one stops the seed with the variable and the problem.
 */
function seedPassword(name: string): string | undefined {
  const value = process.env[name] || undefined;
  if (value === undefined) return undefined;
  const problems = passwordProblems(value, { username: 'quantri', isKnown: isKnownSecret });
  if (problems.length) throw new Error(`${name}: ${problems.map((p) => p.messageEn).join('; ')}`);
  return value;
}

/**
 * A new temporary password for one account (an operator's way in when no administrator can log in, e.g. after the
 * former development password was refused): printed once, to be changed at the next log-in; the account's sessions
 * end. Needs only DATABASE_URL, like every operator command.
 */
export async function runResetPassword(username: string): Promise<void> {
  const env = loadConfig(databaseEnvSchema);
  const ds = createDataSource({ url: env.DATABASE_URL, applicationName: 'pledge-cli' });
  await ds.initialize();
  try {
    const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
    const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
    const password = [0, 4, 8, 12].map((i) => chars.slice(i, i + 4)).join('-');
    const rows: unknown = await ds.query(
      `UPDATE account SET password_hash = $2, must_change_password = true, updated_at = now() WHERE username = $1 RETURNING id`,
      [username.trim().toLowerCase(), await hash(password)],
    );
    // pg answers an UPDATE … RETURNING with [rows, count] through TypeORM
    const [updated] = rows as [{ id: string }[], number];
    const id = updated[0]?.id;
    if (!id) throw new Error(`no account "${username}"`);
    await ds.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'password_reset' WHERE account_id = $1 AND revoked_at IS NULL`, [id]);
    await ds.query(`INSERT INTO audit_log (actor, entity, entity_id, action) VALUES ('cli', 'account', $1, 'password_reset')`, [username]);
    out(`✔ temporary password of ${username} (shown once; to be changed at the next log-in): ${password}`);
  } finally {
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
      process.stderr.write(
        `⚠ topic ${t} has fewer replicas than ${replication.factor}; Kafka does not add replicas by itself (docs/operations.md, "More brokers")\n`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

/** Writes the catalogue workbook template (the same as the dashboard's download and seeds/templates/catalogue-template.xlsx). */
export async function runCatalogueTemplate(outFile: string): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(outFile, await buildCatalogueTemplate());
  out(`✔ catalogue template written to ${outFile}`);
}

/**
 * Loads a catalogue version from an .xlsx (the template) or a .json (seed format) as a draft, and publishes it with
 * --publish: libs/persistence importCatalogue, the same logic as the dashboard's upload. Every problem is printed
 * (sheet, row, column, reason); nothing is stored if there is any.
 */
export async function runCatalogueImport(file: string, publish: boolean): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const env = loadConfig(databaseEnvSchema);
  const content = readFileSync(file);
  const ds = createDataSource({ url: env.DATABASE_URL, applicationName: 'pledge-cli' });
  await ds.initialize();
  const bar = process.stdout.isTTY ? new SingleBar({ format: ' {step} [{bar}] {value}/{total}', hideCursor: true }, Presets.shades_classic) : null;
  let current = '';
  try {
    const v = await importCatalogue(ds, { file: content }, 'cli', {
      publish,
      onProgress: (step, done, total) => {
        if (!bar) {
          if (step !== current) out(`… ${step === 'check' ? 'checking the file' : 'storing the criteria'}`);
          current = step;
          return;
        }
        if (step !== current) {
          if (current) bar.stop();
          current = step;
          bar.start(total, done, { step: step.padEnd(8) });
        } else bar.update(done);
      },
    });
    bar?.stop();
    out(`✔ ${v.id}: ${v.status} (${v.criteria} criteria, ${v.indicators} indicators)`);
  } catch (err) {
    bar?.stop();
    if (err instanceof CatalogueRefused) {
      for (const p of err.problems)
        out(
          `  - ${[p.sheet, p.row !== null ? `row ${p.row}` : null, p.column !== null ? `column ${p.column}` : null, p.field].filter(Boolean).join(', ')}: ${p.message} / ${p.messageEn}`,
        );
      throw new Error(`${err.messageVi} / ${err.messageEn}`, { cause: err });
    }
    throw err;
  } finally {
    await ds.destroy();
  }
}
