import { vnDateOf, type IsoDate } from '@pledge/domain';

/**
 * The apps' one notion of "now" for business dates: the day a view is assessed on by default, the date a reading
 * may not be after, the version of the catalogue in force. Injected (Nest provider `Clock`, registered by
 * AppConfigModule in every app) so that tests can set it; instants that only measure (cache ages, durations, log
 * stamps, session expiry) stay on the real clock.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's calendar date in Vietnam (Asia/Ho_Chi_Minh). */
  today(): IsoDate {
    return vnDateOf(this.now());
  }
}

/** The real clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still at one instant until it is set again (tests). */
export class FixedClock extends Clock {
  private at: number;

  constructor(at: Date | string) {
    super();
    this.at = new Date(at).getTime();
    if (Number.isNaN(this.at)) throw new Error(`FixedClock: "${String(at)}" is not an instant`);
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`FixedClock: "${String(at)}" is not an instant`);
    this.at = ms;
  }
}

/**
 * The clock an app runs on: CLOCK_FIXED_AT (an ISO instant, e.g. "2025-06-20T10:00:00+07:00") fixes it, honoured
 * only when NODE_ENV=test; set under any other NODE_ENV it stops the boot (a production system never runs on a
 * made-up date).
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const fixed = env.CLOCK_FIXED_AT?.trim();
  if (!fixed) return new SystemClock();
  if (env.NODE_ENV !== 'test') throw new Error(`CLOCK_FIXED_AT: is for tests only (NODE_ENV=test), not NODE_ENV=${env.NODE_ENV ?? '(unset)'}`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(fixed) || Number.isNaN(Date.parse(fixed)))
    throw new Error(`CLOCK_FIXED_AT: "${fixed}" is not an ISO instant with its offset (e.g. 2025-06-20T10:00:00+07:00)`);
  return new FixedClock(fixed);
}
