import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KNOWN_SECRET_SHA256 } from './known-secrets';

/**
 * Secrets (signing keys, webhook keys, initial passwords) come from the environment only: none has a default, and
 * every app refuses to start with a secret that is missing, short, guessable, or known. "Known" = any value that is
 * or was written in this repository (development defaults, test fixtures, examples): the deny-list keeps their
 * sha256, never the values (known-secrets.ts; tests/unit/platform/known-secrets.spec.ts scans the repository and its
 * history and fails when a new written value is missing from it).
 */

/** Shortest accepted signing secret (characters). 32 random base64url characters carry 192 bits. */
export const MIN_SECRET_LENGTH = 32;
/** Least estimated entropy of a signing secret, in bits (length × Shannon entropy of its characters). */
export const MIN_SECRET_BITS = 128;

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * True when `value` is or was written in this repository (its sha256 is on the deny-list), or is itself one of the
 * deny-list's entries (they are written in the repository too).
 */
export function isKnownSecret(value: string): boolean {
  const v = value.trim();
  return KNOWN_SECRET_SHA256.has(sha256Hex(v)) || KNOWN_SECRET_SHA256.has(v.toLowerCase());
}

/** length × Shannon entropy of the character distribution: a rough upper bound of the secret's strength in bits. */
export function estimatedBits(value: string): number {
  const chars = [...value];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** Why `value` cannot be a signing secret (empty when it can). */
export function secretProblems(value: string | undefined, minLength = MIN_SECRET_LENGTH): string[] {
  if (value === undefined || value === '')
    return [`is required (no default: generate one, e.g. \`openssl rand -base64 48\`; \`npm start\` keeps one in .var/secrets.env)`];
  const problems: string[] = [];
  if (value !== value.trim()) problems.push('must not start or end with spaces');
  if ([...value].length < minLength) problems.push(`must be at least ${minLength} characters (a random value, e.g. \`openssl rand -base64 48\`)`);
  else if (estimatedBits(value) < MIN_SECRET_BITS)
    problems.push(`is too predictable (about ${Math.floor(estimatedBits(value))} bits; at least ${MIN_SECRET_BITS} needed): use a random value`);
  if (isKnownSecret(value))
    problems.push('is a value written in this repository (a development default or an example): anyone can sign with it; generate a new one');
  return problems;
}

/** A zod schema of a required secret: refuses missing, short, predictable and known values, whatever NODE_ENV says. */
export const secretFromEnv = (minLength = MIN_SECRET_LENGTH) =>
  z.string({ error: secretProblems(undefined)[0] }).superRefine((v, ctx) => {
    for (const message of secretProblems(v, minLength)) ctx.addIssue({ code: 'custom', message });
  });

/** A strong random secret (base64url, 48 bytes = 384 bits), as `npm start` generates on first start. */
export function generateSecret(bytes = 48): string {
  return randomBytes(bytes).toString('base64url');
}

/** The key id of a signing secret: a short digest, so a token names its key without revealing it. */
export function keyIdOf(secret: string): string {
  return createHash('sha256').update(`pledge-jwt-kid:${secret}`, 'utf8').digest('base64url').slice(0, 16);
}
