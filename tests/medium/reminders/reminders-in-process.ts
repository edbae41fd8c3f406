import { createDataSource } from '@pledge/persistence';
import { loadConfig, redisOptionsFromUrl } from '@pledge/platform';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { remindersEnvSchema, REMINDERS_QUEUE, type RemindersEnv } from '../../../apps/reminders/src/config';
import { EmailChannel } from '../../../apps/reminders/src/deliver-reminder/email.channel';
import { WebhookChannel } from '../../../apps/reminders/src/deliver-reminder/webhook.channel';
import { PlanRemindersHandler } from '../../../apps/reminders/src/plan-reminders/plan-reminders.handler';
import { SendReminderHandler } from '../../../apps/reminders/src/send-reminder/send-reminder.handler';
import { ReminderClock } from '../../../apps/reminders/src/shared/clock';
import { ReminderJobs } from '../../../apps/reminders/src/shared/reminder-jobs';
import { ReminderSnapshotLoader } from '../../../apps/reminders/src/shared/reminder-snapshot.loader';
import { newTestSecret, testEnv } from '../../support/env';
import { createTestDatabase, TestDatabase } from '../../support/template-db';

/**
 * The reminders' use cases in-process on a real PostgreSQL clone and a real Redis (a private BullMQ prefix), with a
 * clock the test sets: what the planner writes and what the dispatcher decides, one call at a time.
 */
export interface RemindersInProcess {
  db: TestDatabase;
  ds: DataSource;
  queue: Queue;
  redis: IORedis;
  clock: { set(localIso: string): void; now(): Date };
  plan: PlanRemindersHandler;
  send: SendReminderHandler;
  /** Writes the projector's derived "met" of a pledge item on its "today" (rm_pledge_item_day), as its status refresher would. */
  setDerivedMet(itemId: string, met: boolean): Promise<void>;
  close(): Promise<void>;
}

const silent = () => new PinoLogger({ pinoHttp: { level: 'silent' } });

export async function remindersInProcess(label: string, extraEnv: Record<string, string> = {}): Promise<RemindersInProcess> {
  const db = await createTestDatabase(label);
  const ds = createDataSource({ url: db.url, applicationName: `test-${label}` });
  await ds.initialize();
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const env: RemindersEnv = loadConfig(remindersEnvSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv.redisUrl,
    JWT_SECRET: newTestSecret(),
    BULLMQ_PREFIX: prefix,
    PUBLIC_BASE_URL: 'https://ntm.example.vn',
    ...extraEnv,
  });
  const redis = new IORedis(testEnv.redisUrl);
  const queue = new Queue(REMINDERS_QUEUE, { connection: redisOptionsFromUrl(env.REDIS_URL, 'producer'), prefix });
  // the clock: real time shifted to whatever the test sets
  const clock = new ReminderClock(env);
  const settable = clock as unknown as { offsetMs: number };
  const api = {
    set: (localIso: string) => (settable.offsetMs = new Date(localIso).getTime() - Date.now()),
    now: () => clock.now(),
  };
  const loader = new ReminderSnapshotLoader(ds);
  const jobs = new ReminderJobs(queue, clock, env);
  const plan = new PlanRemindersHandler(ds, loader, jobs, clock, env, silent());
  const send = new SendReminderHandler(ds, loader, clock, new EmailChannel(env), new WebhookChannel(env), env, silent());
  return {
    db,
    ds,
    queue,
    redis,
    clock: api,
    plan,
    send,
    setDerivedMet: async (itemId, met) => {
      await ds.query(
        `INSERT INTO projection_state (projection, derived_today) VALUES ('read-models', '2025-12-31')
         ON CONFLICT (projection) DO UPDATE SET derived_today = coalesce(projection_state.derived_today, EXCLUDED.derived_today)`,
      );
      await ds.query(
        `INSERT INTO rm_pledge_item_day (view_day, pledge_item_id, district_id, pledge_id, cell_id, status, met, forecast)
         SELECT s.derived_today, pi.id, '874', pi.pledge_id, pi.cell_id, CASE WHEN $2 THEN 'met' ELSE 'on_track' END, $2, NULL
           FROM pledge_item pi, projection_state s WHERE pi.id = $1 AND s.projection = 'read-models'
         ON CONFLICT (view_day, pledge_item_id) DO UPDATE SET met = EXCLUDED.met, status = EXCLUDED.status`,
        [itemId, met],
      );
    },
    close: async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      redis.disconnect();
      await ds.destroy();
      await db.drop();
    },
  };
}
