import {
  instantOfLocal,
  isInQuietHours,
  localDateIn,
  nextAllowedSend,
  releaseFromQuietHours,
  reportingPeriodContaining,
  reportingPeriodsDueBetween,
  hasReportedFor,
  reportedMonthKey,
} from '@pledge/domain';

const TZ = 'Asia/Ho_Chi_Minh';
const quiet = { from: '21:00', to: '07:00' };

describe('reminder time rules (Asia/Ho_Chi_Minh)', () => {
  it('places a local day and time at the right instant (UTC+7)', () => {
    expect(instantOfLocal('2025-06-30', '08:00', TZ).toISOString()).toBe('2025-06-30T01:00:00.000Z');
    expect(instantOfLocal('2025-06-30', '06:59:50', TZ).toISOString()).toBe('2025-06-29T23:59:50.000Z');
    expect(localDateIn(new Date('2025-06-29T17:30:00Z'), TZ)).toBe('2025-06-30');
  });

  it('holds a message due in quiet hours until 07:00, the same morning or the next one', () => {
    const at2130 = instantOfLocal('2025-06-30', '21:30', TZ);
    const at0300 = instantOfLocal('2025-07-01', '03:00', TZ);
    expect(isInQuietHours(at2130, quiet, TZ)).toBe(true);
    expect(releaseFromQuietHours(at2130, quiet, TZ)).toEqual(instantOfLocal('2025-07-01', '07:00', TZ));
    expect(releaseFromQuietHours(at0300, quiet, TZ)).toEqual(instantOfLocal('2025-07-01', '07:00', TZ));
    const at0700 = instantOfLocal('2025-07-01', '07:00', TZ);
    expect(isInQuietHours(at0700, quiet, TZ)).toBe(false);
    expect(releaseFromQuietHours(at0700, quiet, TZ)).toBe(at0700);
    const at2059 = instantOfLocal('2025-07-01', '20:59:59', TZ);
    expect(releaseFromQuietHours(at2059, quiet, TZ)).toBe(at2059);
    expect(releaseFromQuietHours(at2130, null, TZ)).toBe(at2130);
  });

  it('rate limit: the next message waits until the oldest one in the window leaves it', () => {
    const now = new Date('2025-06-30T03:00:00Z');
    const min = (m: number) => new Date(now.getTime() - m * 60000);
    const limit = { max: 2, windowMs: 60 * 60000 };
    expect(nextAllowedSend([min(50)], limit, now)).toBe(now);
    expect(nextAllowedSend([min(50), min(10), min(90)], limit, now)).toEqual(new Date(min(50).getTime() + 3600000));
    expect(nextAllowedSend([min(50), min(10)], null, now)).toBe(now);
  });

  it('monthly reports are due on dueDay of the next month; a reading dated in the month counts as the report', () => {
    const monthly = { every: 'month' as const, dueDay: 5 };
    expect(reportingPeriodContaining(monthly, '2025-05-17')).toEqual({ start: '2025-05-01', end: '2025-05-31', due: '2025-06-05' });
    expect(reportingPeriodsDueBetween(monthly, '2025-06-01', '2025-07-05').map((p) => p.start)).toEqual(['2025-05-01', '2025-06-01']);
    const quarterly = { every: 'quarter' as const, dueDay: 31 };
    expect(reportingPeriodContaining(quarterly, '2025-02-10')).toEqual({ start: '2025-01-01', end: '2025-03-31', due: '2025-04-30' });
    const reported = new Set([reportedMonthKey('874-30133-A01', '2025-05-31')]);
    const may = reportingPeriodContaining(monthly, '2025-05-01');
    expect(hasReportedFor(reported, '874-30133-A01', may)).toBe(true);
    expect(hasReportedFor(reported, '874-30133-A02', may)).toBe(false);
    expect(hasReportedFor(reported, '874-30133-A01', reportingPeriodContaining(monthly, '2025-06-01'))).toBe(false);
  });
});
