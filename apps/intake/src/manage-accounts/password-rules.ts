import { passwordProblems } from '@pledge/domain';
import { ApiError, isKnownSecret } from '@pledge/platform';

/** 400 naming `field` and every problem when `password` breaks the password policy (libs/domain passwordProblems). */
export function assertAcceptablePassword(password: string, account: { username: string; displayName?: string | null }, field: string): void {
  const problems = passwordProblems(password, { username: account.username, displayName: account.displayName, isKnown: isKnownSecret });
  if (problems.length) throw ApiError.validation(problems.map((p) => ({ field, ...p })));
}
