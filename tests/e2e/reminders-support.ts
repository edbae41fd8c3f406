import { JwtService } from '@nestjs/jwt';
import { TokenService, type Principal } from '@pledge/auth';
import { Client } from 'pg';

/** Helpers of the reminders end-to-end tests (tests/e2e/reminders-*.spec.ts). */

export const TZ = 'Asia/Ho_Chi_Minh';

/** Offset (ms) to give REMINDER_CLOCK_OFFSET_MS so that the reminders' clock reads `localIso` (e.g. "2025-06-20T06:59:40+07:00") now. */
export function clockOffsetTo(localIso: string): number {
  return new Date(localIso).getTime() - Date.now();
}

/** The real epoch ms at which a clock running `offsetMs` ahead shows `localIso`. */
export function realTimeOf(localIso: string, offsetMs: number): number {
  return new Date(localIso).getTime() - offsetMs;
}

/** An access token for a seeded account, signed as intake's login signs them, with the test system's JWT_SECRET. */
export async function tokenFor(pg: Client, username: string, jwtSecret: string): Promise<string> {
  const { rows } = await pg.query(
    `SELECT a.id, a.username, a.role, a.unit_id, a.password_hash, CASE WHEN a.role = 'secretary' THEN u.parent_id WHEN a.role = 'commune_officer' THEN a.unit_id END AS commune_id
       FROM account a JOIN admin_unit u ON u.id = a.unit_id WHERE a.username = $1`,
    [username],
  );
  if (!rows[0]) throw new Error(`no account ${username}`);
  const r = rows[0];
  const principal: Principal = { accountId: r.id, username: r.username, role: r.role, unitId: r.unit_id, communeId: r.commune_id };
  const tokens = new TokenService(new JwtService({}), { JWT_SECRET: jwtSecret, JWT_TTL_SECONDS: 900 });
  return (await tokens.issue(principal, { passwordHash: r.password_hash })).accessToken;
}

export interface ReminderRow {
  id: string;
  kind: string;
  status: string;
  dedupe_key: string;
  recipient: string;
  unit_id: string | null;
  subject: Record<string, any>;
  channels: string[];
  fire_at: Date;
  dispatched_at: Date | null;
  sent_at: Date | null;
  cancel_reason: string | null;
  content: { title: string; body: string; link: string } | null;
  deliveries: { channel: string; status: string; attempts: number; delivered_at: string | null }[];
}

/** Reminder rows (the truth) with recipient username and deliveries; filter by SQL condition on `r`. */
export async function reminders(pg: Client, where = 'true', params: unknown[] = []): Promise<ReminderRow[]> {
  const { rows } = await pg.query(
    `SELECT r.id, r.kind, r.status, r.dedupe_key, a.username AS recipient, r.unit_id, r.subject, r.channels, r.fire_at, r.dispatched_at, r.sent_at,
            r.cancel_reason, r.content,
            COALESCE((SELECT json_agg(json_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts, 'delivered_at', d.delivered_at) ORDER BY d.channel)
                        FROM reminder_delivery d WHERE d.reminder_id = r.id), '[]') AS deliveries
       FROM reminder r LEFT JOIN account a ON a.id = r.recipient_account_id
      WHERE ${where} ORDER BY r.fire_at, r.dedupe_key`,
    params,
  );
  return rows;
}

/** Leaves only `keep` pledge items active (the others are waived), so a test sees only its own reminders. */
export async function onlyItems(pg: Client, keep: Record<string, string>): Promise<void> {
  await pg.query(`UPDATE pledge_item SET status = 'waived', waived_reason = 'test' WHERE NOT (id = ANY($1::text[]))`, [Object.keys(keep)]);
  for (const [id, due] of Object.entries(keep))
    await pg.query(`UPDATE pledge_item SET status = 'active', waived_reason = NULL, due_date = $2 WHERE id = $1`, [id, due]);
}
