import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { freePort } from './apps';
import { REPO_ROOT } from './env';
import { eventually } from './eventually';
import { createTestDatabase } from './template-db';

/**
 * PRIVATE services for fault tests: a test that kills, restarts or wipes a service starts its own instance on free
 * ports with its own data, never touching the shared PostgreSQL, Redis and Kafka that other test runs use.
 *
 *   startPrivateKafkaCluster()  three KRaft nodes (scripts/kafka-cluster.sh): kill / start one node, leaders
 *   startPrivatePostgres()      a PostgreSQL cluster of its own (initdb + pg_ctl) holding a copy of the seeded test database
 *   startPrivateRedis()         a redis-server with its own append-only file: restart it, or lose its data
 *
 * Each stop() ends the processes and removes the data.
 */
const run = promisify(execFile);

async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

// ---------------------------------------------------------------- Kafka: three nodes

export interface PrivateKafkaCluster {
  /** Bootstrap list for KAFKA_BROKERS. */
  brokers: string;
  kafka: Kafka;
  /** SIGKILL node 1, 2 or 3 (node id = broker id). */
  kill(node: number): Promise<void>;
  /** Start a node again (with its data); resolves once it is ready. */
  start(node: number): Promise<void>;
  /** The broker id leading a partition of a topic. */
  leaderOf(topic: string, partition: number): Promise<number>;
  /** Until every partition of `topics` has all its replicas in sync again. */
  waitFullyReplicated(topics: string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateKafkaCluster(label: string): Promise<PrivateKafkaCluster> {
  const home = join(REPO_ROOT, '.var', `kafka-${label}-${randomBytes(4).toString('hex')}`);
  mkdirSync(home, { recursive: true });
  const [p1, p2, p3, c1, c2, c3] = await freePorts(6);
  const env = {
    ...process.env,
    KAFKA_CLUSTER_HOME: home,
    KAFKA_CLUSTER_PORTS: `${p1},${p2},${p3}`,
    KAFKA_CLUSTER_CONTROLLER_PORTS: `${c1},${c2},${c3}`,
    KAFKA_CLUSTER_HEAP: '-Xms128m -Xmx384m',
    KAFKA_START_TIMEOUT_S: '180',
  };
  const script = (...args: string[]) => run('bash', [join(REPO_ROOT, 'scripts', 'kafka-cluster.sh'), ...args], { env, timeout: 240_000 });
  try {
    await script('start');
  } catch (err) {
    await script('stop').catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    throw err;
  }
  const brokers = `127.0.0.1:${p1},127.0.0.1:${p2},127.0.0.1:${p3}`;
  const kafka = new Kafka({
    clientId: `test-${label}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 200 },
  });
  const withAdmin = async <T>(f: (a: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await f(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
  return {
    brokers,
    kafka,
    kill: async (node) => void (await script('kill-node', String(node))),
    start: async (node) => void (await script('start-node', String(node))),
    leaderOf: (topic, partition) =>
      withAdmin(async (a) => {
        const meta = await a.fetchTopicMetadata({ topics: [topic] });
        const p = meta.topics[0].partitions.find((x) => x.partitionId === partition);
        if (!p) throw new Error(`no partition ${partition} in ${topic}`);
        return p.leader;
      }),
    waitFullyReplicated: (topics, timeoutMs = 90_000) =>
      withAdmin(async (a) => {
        await eventually(
          async () => (await a.fetchTopicMetadata({ topics })).topics.flatMap((t) => t.partitions.map((p) => p.isr.length === p.replicas.length)),
          (ok) => ok.length > 0 && ok.every(Boolean),
          { what: `every replica of ${topics.join(', ')} in sync`, timeoutMs, intervalMs: 500 },
        );
      }),
    stop: async () => {
      await script('stop').catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- PostgreSQL

export interface PrivatePostgres {
  port: number;
  /** The seeded test database on this server (a copy of the test template). */
  url: string;
  /** Stop the server (fast shutdown: open connections are cut), wait `downMs`, start it again. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of its own (initdb in a temporary directory, pg_ctl on a free port, trust authentication on
 * 127.0.0.1) holding `database`: a copy of the migrated, seeded test template (cloned on the shared server, copied
 * over with pg_dump / pg_restore, the clone dropped). initdb refuses to run as root: then it runs as the
 * `postgres` system user.
 */
export async function startPrivatePostgres(label: string, database = 'pledge_test_private'): Promise<PrivatePostgres> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), `pledge-pg-${label}-`));
  const data = join(dir, 'data');
  const port = await freePort();
  const owner = root ? await run('id', ['-u', 'postgres']).then((r) => ({ uid: Number(r.stdout), gid: 0 })) : null;
  if (owner) {
    owner.gid = Number((await run('id', ['-g', 'postgres'])).stdout);
    chownSync(dir, owner.uid, owner.gid);
  }
  const asOwner = (bin: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { timeout: 120_000 }) : run(join(PG_BIN, bin), args, { timeout: 120_000 });
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (cmd: 'start' | 'stop', extra: string[] = []) => asOwner('pg_ctl', [cmd, '-D', data, '-w', '-t', '60', ...extra]);
  const start = () => pgCtl('start', ['-l', join(dir, 'server.log'), '-o', options]);

  await asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/${database}`;
  const clone = await createTestDatabase(`priv${label}`);
  try {
    const dump = join(dir, 'template.dump');
    await run(join(PG_BIN, 'pg_dump'), ['-Fc', '-f', dump, '-d', clone.url], { timeout: 120_000 });
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    await run(join(PG_BIN, 'pg_restore'), ['--no-owner', '-d', url, dump], { timeout: 120_000 });
  } finally {
    await clone.drop();
  }
  return {
    port,
    url,
    restart: async (downMs = 0) => {
      await pgCtl('stop', ['-m', 'fast']);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs)); // the outage lasts this long
      await start();
    },
    stop: async () => {
      await pgCtl('stop', ['-m', 'immediate']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- Redis

export interface PrivateRedis {
  url: string;
  /**
   * Restart the server. `loseData`: it dies (SIGKILL) and comes back with an empty data directory, as after a
   * crash with the disk lost; otherwise a clean shutdown (SIGTERM) that keeps the append-only file.
   */
  restart(opts?: { loseData?: boolean; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server of its own (append-only file, noeviction as BullMQ needs) on a free port. */
export async function startPrivateRedis(label: string): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), `pledge-redis-${label}-`));
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const launch = async () => {
    mkdirSync(dir, { recursive: true });
    proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      {
        stdio: 'ignore',
      },
    );
    await eventually(
      async () => {
        const probe = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        try {
          await probe.connect();
          return await probe.ping();
        } finally {
          probe.disconnect();
        }
      },
      (p) => p === 'PONG',
      { what: `the private redis-server on port ${port}`, timeoutMs: 20_000 },
    );
  };
  const end = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    restart: async (opts = {}) => {
      await end(opts.loseData ? 'SIGKILL' : 'SIGTERM');
      if (opts.loseData) rmSync(dir, { recursive: true, force: true });
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs)); // the outage lasts this long
      await launch();
    },
    stop: async () => {
      await end('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
