import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@pledge/platform';

/** Why a request is not authenticated (the `problem` of the 401 body's detail). */
export type UnauthenticatedReason =
  'token_missing' | 'token_expired' | 'token_invalid' | 'bad_credentials' | 'account_disabled' | 'refresh_invalid' | 'token_revoked';

const TEXT: Record<UnauthenticatedReason, [string, string]> = {
  token_missing: ['Chưa đăng nhập: thiếu mã truy cập (Authorization: Bearer …)', 'Not logged in: the access token is missing (Authorization: Bearer …)'],
  token_expired: ['Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại', 'The access token has expired; log in again or refresh it'],
  token_invalid: ['Mã truy cập không hợp lệ', 'The access token is not valid'],
  bad_credentials: ['Tên đăng nhập hoặc mật khẩu không đúng', 'Wrong username or password'],
  account_disabled: ['Tài khoản đã bị khóa', 'The account is disabled'],
  refresh_invalid: ['Phiên đăng nhập không còn hiệu lực, vui lòng đăng nhập lại', 'The session is no longer valid; log in again'],
  token_revoked: [
    'Phiên đăng nhập đã kết thúc (đăng xuất, đổi mật khẩu hoặc tài khoản bị khóa), vui lòng đăng nhập lại',
    'The session has ended (logged out, password changed or account disabled); log in again',
  ],
};

/** 401 with the shared error body; `detail.field` is "authorization" (or "password"/"refreshToken" for login). */
export function unauthenticated(reason: UnauthenticatedReason, field = 'authorization'): ApiError {
  const [vi, en] = TEXT[reason];
  return new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', vi, en, [{ field, problem: reason, message: vi, messageEn: en }]);
}

/** 403 password_change_required: the account's password was set by somebody else and must be changed first. */
export function passwordChangeRequired(): ApiError {
  return forbidden(
    'password',
    'password_change_required',
    'Mật khẩu này do người khác đặt: vui lòng đổi mật khẩu trước khi tiếp tục',
    'This password was set by somebody else: change it before going on',
  );
}

/** 403 with the shared error body: authenticated, but this account may not do this. */
export function forbidden(field: string, problem: string, message: string, messageEn: string): ApiError {
  return new ApiError(HttpStatus.FORBIDDEN, 'forbidden', 'Bạn không có quyền thực hiện thao tác này', 'You are not allowed to do this', [
    { field, problem, message, messageEn },
  ]);
}
