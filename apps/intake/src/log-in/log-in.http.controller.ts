import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AllowPendingPasswordChange, CurrentUser, Principal, Public } from '@pledge/auth';
import { z } from 'zod';
import { parseBody, text } from '../http/body';
import { AccountViewDto, ChangePasswordRequest, LogInRequest, RefreshRequest, SessionTokensDto } from './log-in.dto';
import { AccountView, LogInHandler, SessionTokens } from './log-in.handler';

const logInBody = z.object({ username: text(1, 64), password: z.string().min(1).max(200) }).strict();
const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) }).strict();
const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) }).strict();

@ApiTags('auth')
@Controller('api/v1/auth')
export class LogInHttpController {
  constructor(private readonly handler: LogInHandler) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in (đăng nhập): username + password → access token (short-lived) + refresh token',
    description:
      'Failed attempts are counted per account, whatever the address: after LOGIN_FREE_FAILURES (5) in a row each further one doubles the wait before the next attempt (429 rate_limited_login with Retry-After, up to LOGIN_MAX_DELAY_SECONDS); a success resets the count. Also at most RATE_LIMIT_LOGIN attempts per minute per address.',
  })
  @ApiBody({ type: LogInRequest })
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiUnauthorizedResponse({ description: 'bad_credentials or account_disabled (details[0].problem)' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts' })
  logIn(@Body() body: unknown, @Headers('user-agent') userAgent?: string): Promise<SessionTokens> {
    const { username, password } = parseBody(logInBody, body);
    return this.handler.logIn(username, password, userAgent);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new access token and a new refresh token',
    description:
      'The refresh token is rotated: keep the new one. Presenting an old one again more than 2 minutes after its rotation revokes the session (a replayed, stolen token).',
  })
  @ApiBody({ type: RefreshRequest })
  @ApiOkResponse({ type: SessionTokensDto })
  @ApiUnauthorizedResponse({ description: 'refresh_invalid or account_disabled' })
  refresh(@Body() body: unknown): Promise<SessionTokens> {
    return this.handler.refresh(parseBody(refreshBody, body).refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Log out this device: its refresh token stops working (the access token expires on its own)' })
  @ApiBody({ type: RefreshRequest })
  @ApiNoContentResponse()
  async logOut(@Body() body: unknown): Promise<void> {
    await this.handler.logOut(parseBody(refreshBody, body).refreshToken);
  }

  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @Get('me')
  @ApiOperation({ summary: 'The logged-in account' })
  @ApiOkResponse({ type: AccountViewDto })
  me(@CurrentUser() me: Principal): Promise<AccountView> {
    return this.handler.me(me);
  }

  @ApiBearerAuth()
  @AllowPendingPasswordChange()
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Change one’s own password (policy: at least 12 characters, not the username, not common or published); every session and access token of the account ends',
    description:
      'The only thing (with GET /auth/me) an account may do while `mustChangePassword` is true: a password set by an administrator or a production seed.',
  })
  @ApiBody({ type: ChangePasswordRequest })
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() me: Principal, @Body() body: unknown): Promise<void> {
    const { currentPassword, newPassword } = parseBody(changePasswordBody, body);
    await this.handler.changePassword(me, currentPassword, newPassword);
  }
}
