/**
 * The password policy: what a new password must be (set by its owner, by an administrator for someone, or given to
 * the seeded accounts). Pure; the strength estimate is zxcvbn-ts (dictionaries of common passwords, names, words,
 * keyboard patterns, dates, and the account's own username and name).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-length';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };
/** Least zxcvbn score (0–4): 3 = "safely unguessable: moderate protection from an offline attack". */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordProblem {
  problem: 'too_short' | 'too_long' | 'contains_username' | 'common_password' | 'known_password' | 'invalid_characters';
  message: string;
  messageEn: string;
}

export interface PasswordContext {
  username: string;
  displayName?: string | null;
  /** True when the value is written in this repository (the deny-list of libs/platform, by digest). */
  isKnown?: (password: string) => boolean;
}

let estimator: ZxcvbnFactory | undefined;
const strength = () =>
  (estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations }));

/** Every reason `password` may not be used (empty when it may), in Vietnamese and English. */
export function passwordProblems(password: string, ctx: PasswordContext): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const length = [...password].length;
  // eslint-disable-next-line no-control-regex -- control characters are refused in a password
  if (/[\u0000-\u001f\u007f]/.test(password) || /[\ud800-\udfff]/u.test(password))
    out.push({
      problem: 'invalid_characters',
      message: 'Mật khẩu chứa ký tự điều khiển hoặc ký tự không hợp lệ',
      messageEn: 'the password contains control characters or invalid Unicode',
    });
  if (length < PASSWORD_MIN_LENGTH)
    out.push({
      problem: 'too_short',
      message: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự (có thể là một câu ngắn dễ nhớ)`,
      messageEn: `the password needs at least ${PASSWORD_MIN_LENGTH} characters (a short sentence works well)`,
    });
  if (length > PASSWORD_MAX_LENGTH)
    out.push({
      problem: 'too_long',
      message: `Mật khẩu dài tối đa ${PASSWORD_MAX_LENGTH} ký tự`,
      messageEn: `the password may have at most ${PASSWORD_MAX_LENGTH} characters`,
    });
  if (out.length) return out;
  const lower = password.normalize('NFC').toLowerCase();
  const names = [ctx.username, ctx.displayName ?? ''].map((s) => s.normalize('NFC').toLowerCase().trim()).filter((s) => s.length >= 3);
  if (names.some((n) => lower.includes(n) || n.includes(lower)))
    out.push({
      problem: 'contains_username',
      message: 'Mật khẩu không được giống hoặc chứa tên đăng nhập, tên tài khoản',
      messageEn: 'the password must not be or contain the username or the account’s name',
    });
  else if (ctx.isKnown?.(password))
    out.push({
      problem: 'known_password',
      message: 'Mật khẩu này đã được ghi công khai (ví dụ, mật khẩu thử nghiệm): hãy chọn mật khẩu khác',
      messageEn: 'this password is published (an example or a development password): choose another one',
    });
  else if (strength().check(password, [ctx.username, ...(ctx.displayName ? ctx.displayName.split(/\s+/) : [])]).score < PASSWORD_MIN_SCORE)
    out.push({
      problem: 'common_password',
      message: 'Mật khẩu quá phổ biến hoặc dễ đoán (từ thông dụng, dãy phím, ngày tháng): hãy dùng một câu ngắn riêng của bạn',
      messageEn: 'the password is too common or easy to guess (common words, keyboard runs, dates): use a short sentence of your own',
    });
  return out;
}
