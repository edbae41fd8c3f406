import { Body, Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { LoginAttempts, PasswordHasher, Public, TokenService, type Principal } from '@pledge/auth';
import { toNfc } from '@pledge/domain';
import { isKnownSecret } from '@pledge/platform';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { BOARD_COOKIE, BOARD_ROUTE, LOGIN_ROUTE } from './board-session';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(error?: string, next = BOARD_ROUTE): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Đăng nhập quản trị – hàng đợi nhắc việc</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}.err{color:#b00020}</style></head>
<body><h1>Hàng đợi nhắc việc</h1><p>Đăng nhập bằng tài khoản quản trị viên (administrator login).</p>
${error ? `<p class="err" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${LOGIN_ROUTE}"><input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="u">Tên đăng nhập</label><input id="u" name="username" autocomplete="username" required>
<label for="p">Mật khẩu</label><input id="p" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button></form></body></html>`;
}

/**
 * Administrator login for the queue board (bull-board at /admin/queues): checks the account's password
 * (argon2id, libs/auth PasswordHasher), requires the administrator role, and keeps the access token in an
 * HttpOnly, SameSite=Strict cookie limited to /admin for the token's lifetime (JWT_TTL_SECONDS). Failed attempts are
 * counted per account, whatever the address, and shared with intake's log-in (LoginAttempts: after LOGIN_FREE_FAILURES
 * failures in a row, growing waits answered 429 with the form); successful log-ins never count. The form's POST, like
 * every state change a browser could be tricked into, must come from the board's own origin (CSRF: libs/platform).
 */
@ApiExcludeController()
@Public()
@Controller()
export class AdminLoginHttpController {
  constructor(
    private readonly ds: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly attempts: LoginAttempts,
  ) {}

  @Get(LOGIN_ROUTE)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  form(@Query('next') next?: string): string {
    return page(undefined, safeNext(next));
  }

  @Post(LOGIN_ROUTE)
  @HttpCode(200)
  async login(@Body() body: { username?: string; password?: string; next?: string }, @Res() res: Response): Promise<void> {
    const username = toNfc(String(body?.username ?? ''))
      .trim()
      .toLowerCase();
    const password = String(body?.password ?? '');
    res.setHeader('cache-control', 'no-store');
    const wait = await this.attempts.waitSeconds(username);
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60);
      res
        .status(429)
        .setHeader('retry-after', String(wait))
        .type('html')
        .send(
          page(
            `Tài khoản này đăng nhập sai quá nhiều lần; vui lòng thử lại sau ${minutes} phút (too many failed log-ins for this account; try again in ${minutes} min).`,
            safeNext(body?.next),
          ),
        );
      return;
    }
    const [account]: {
      id: string;
      username: string;
      role: Principal['role'];
      unit_id: string;
      password_hash: string;
      active: boolean;
      must_change_password: boolean;
    }[] = await this.ds.query(`SELECT id, username, role, unit_id, password_hash, active, must_change_password FROM account WHERE lower(username) = $1`, [
      username,
    ]);
    const ok = (await this.hasher.verify(account?.active ? account.password_hash : null, password)) && !isKnownSecret(password);
    if (!ok || !account) {
      await this.attempts.failed(username);
      res
        .status(401)
        .type('html')
        .send(page('Tên đăng nhập hoặc mật khẩu không đúng (wrong username or password).', safeNext(body?.next)));
      return;
    }
    await this.attempts.succeeded(username);
    if (account.role !== 'administrator') {
      res
        .status(403)
        .type('html')
        .send(page('Tài khoản này không phải quản trị viên (not an administrator).', safeNext(body?.next)));
      return;
    }
    if (account.must_change_password) {
      const msg =
        'Mật khẩu này do người khác đặt: hãy đổi mật khẩu trong ứng dụng (trang đăng nhập của bảng điều khiển) rồi đăng nhập lại (change the password in the web app first).';
      res
        .status(403)
        .type('html')
        .send(page(msg, safeNext(body?.next)));
      return;
    }
    const issued = await this.tokens.issue(
      { accountId: account.id, username: account.username, role: account.role, unitId: account.unit_id, communeId: null },
      { passwordHash: account.password_hash },
    );
    res.cookie(BOARD_COOKIE, issued.accessToken, { httpOnly: true, sameSite: 'strict', path: '/admin', maxAge: issued.expiresIn * 1000, secure: false });
    res.redirect(303, safeNext(body?.next));
  }
}

/** Only paths under the board: never an absolute URL (open redirect). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith(BOARD_ROUTE) && !next.startsWith('//') ? next : BOARD_ROUTE;
}
