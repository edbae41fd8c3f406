/**
 * Failed log-ins of one account (whatever address they come from) are answered with growing delays: the first
 * `free` failures cost nothing (typos), then each further failure doubles the wait before the next attempt, from
 * `baseSeconds` up to `maxSeconds`. A successful log-in resets the count. Per username, known or not, so that the
 * answers do not tell which usernames exist.
 */
export interface LoginDelayPolicy {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_LOGIN_DELAY: LoginDelayPolicy = { free: 5, baseSeconds: 1, maxSeconds: 900 };

/** Seconds to wait before the next attempt after `failures` consecutive failures. */
export function loginDelaySeconds(failures: number, policy: LoginDelayPolicy = DEFAULT_LOGIN_DELAY): number {
  if (failures < policy.free) return 0;
  const doublings = Math.min(failures - policy.free, 30);
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** doublings);
}
