import { isIP } from 'node:net';
import { z } from 'zod';
import { secretFromEnv } from './secrets';

/**
 * Environment configuration, validated once at boot and typed (immich / novu habit).
 * Each app composes the sections it needs; an invalid environment stops the process with one
 * message that names every bad variable and the problem.
 */

/** A URL whose scheme is one of `protocols` (e.g. ['http', 'https']), with a readable error otherwise. */
export const urlFromEnv = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(':', ''));
        } catch {
          return false;
        }
      },
      `must be a URL (${protocols.join(' or ')})`,
    );

/** true/false, 1/0, yes/no → boolean. */
export const boolFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: boolFromEnv.default(false),
  TZ_DISPLAY: z.string().default('Asia/Ho_Chi_Minh'),
});

export const databaseEnvSchema = z.object({
  DATABASE_URL: urlFromEnv(['postgres', 'postgresql']).default('postgres://postgres@127.0.0.1:5432/pledge'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Run pending migrations at boot, under a PostgreSQL advisory lock. */
  DB_MIGRATE_ON_BOOT: boolFromEnv.default(false),
});

export const redisEnvSchema = z.object({
  REDIS_URL: urlFromEnv(['redis', 'rediss']).default('redis://127.0.0.1:6379/0'),
  /** Key prefix for BullMQ queues (lets several systems or test runs share one Redis). */
  BULLMQ_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only')
    .default('pledge'),
});

export const kafkaEnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length > 0 && v.every((b) => /^[^:\s]+:\d+$/.test(b)), 'must be host:port[,host:port...]'),
  KAFKA_CLIENT_ID: z.string().default('thanh-binh-pledge'),
  /** Prepended to every topic and consumer-group name (isolates test runs; empty in production). */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ - only')
    .default(''),
  KAFKA_UPDATES_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_RECORDED_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  /**
   * Replicas of each topic the project creates, and how many of them must have a write before it is acknowledged
   * (producers use acks=all). Unset: chosen from the cluster's size when the topics are created (1/1 on one
   * broker, 2/1 on two, 3/2 on three or more; see replicationFor).
   */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).optional(),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).optional(),
});

export const httpEnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  /** Public base URL of the dashboard (used in links sent to people). */
  PUBLIC_BASE_URL: urlFromEnv(['http', 'https']).default('http://127.0.0.1:3000'),
});

export const authEnvSchema = z.object({
  /**
   * The key that signs access tokens (HS256), shared by every app that verifies them. No default: required, at least
   * 32 random characters, never a value written in this repository, in every mode (`npm start` generates one in
   * .var/secrets.env). Tokens name their key (`kid`).
   */
  JWT_SECRET: secretFromEnv(),
  /**
   * The key signed with before the last rotation: tokens it signed stay valid until they expire (JWT_TTL_SECONDS),
   * nothing new is signed with it. Same rules as JWT_SECRET; remove it once JWT_TTL_SECONDS have passed.
   */
  JWT_SECRET_PREVIOUS: secretFromEnv().optional(),
  /** Lifetime of access tokens, in seconds. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(900),
  /**
   * How long (ms) the answer "this account is active, its password unchanged, this session not revoked" is trusted
   * per token: disabling an account, changing or resetting its password, logging out or a replayed refresh token
   * stop its access tokens within this time.
   */
  AUTH_REVOCATION_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
});

/** Failed log-ins per account (libs/domain loginDelaySeconds): free failures in a row, then doubling waits up to the maximum. */
export const loginLimitEnvSchema = z.object({
  LOGIN_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
});

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isCidr = (v: string) => {
  const [addr, bits, ...rest] = v.split('/');
  if (rest.length || !isIP(addr)) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128);
};

/**
 * Express "trust proxy" from the environment, limited to named proxies: `false` (default: nobody's X-Forwarded-For
 * is believed), or a comma-separated list of addresses, CIDR ranges or the names loopback, linklocal, uniquelocal.
 * `true` and hop counts are refused: they believe any client's X-Forwarded-For, which lets it pose as any address
 * and dodge per-address limits.
 */
export const trustProxyFromEnv = z
  .string()
  .trim()
  .default('false')
  .superRefine((v, ctx) => {
    if (v === 'false') return;
    const bad = v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => !PROXY_NAMES.includes(x) && !isCidr(x));
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `must be false or a list of proxy addresses, CIDR ranges or ${PROXY_NAMES.join('/')} (not "${bad.join(', ')}": "true" or a hop count would believe any client's X-Forwarded-For)`,
      });
  })
  .transform((v): false | string[] => (v === 'false' ? false : v.split(',').map((x) => x.trim())));

export class InvalidEnvironmentError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment variables:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Parse and validate `env` against `schema`; throws InvalidEnvironmentError naming each bad variable. */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

export type BaseEnv = z.infer<typeof baseEnvSchema>;
export type DatabaseEnv = z.infer<typeof databaseEnvSchema>;
export type RedisEnv = z.infer<typeof redisEnvSchema>;
export type KafkaEnv = z.infer<typeof kafkaEnvSchema>;
export type HttpEnv = z.infer<typeof httpEnvSchema>;
export type AuthEnv = z.infer<typeof authEnvSchema>;
export type LoginLimitEnv = z.infer<typeof loginLimitEnvSchema>;

/** DI token under which each app registers its validated configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
