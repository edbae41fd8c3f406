import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, ROLES, Roles } from '@pledge/auth';
import { z } from 'zod';
import { parseBody, text } from '../http/body';
import { ManageAccountsHandler, ManagedAccount } from './manage-accounts.handler';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const createBody = z
  .object({
    username: z.string().trim().toLowerCase().regex(USERNAME),
    displayName: text(1, 200),
    role: z.enum(ROLES),
    unitId: z.string().min(1).max(64),
    password: z.string().min(1).max(200).optional(),
  })
  .strict();
const resetBody = z.object({ password: z.string().min(1).max(200).optional() }).strict();

class ManagedAccountDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty() unitId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'the password was set by an administrator (or a production seed): its owner must change it at the next login' })
  mustChangePassword: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
class CreateAccountRequest {
  @ApiProperty({ pattern: USERNAME.source, example: 'bithu.874-30133-a09' }) username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({
    description: 'secretary: a hamlet/ward cell; commune_officer: a commune or the town; leaders and administrators: the district',
    example: '874-30133-A09',
  })
  unitId: string;
  @ApiPropertyOptional({
    minLength: 12,
    description:
      'omit to have one generated (returned once as temporaryPassword); either way its owner must change it at the first login. Password policy: at least 12 characters, not the username, not common or published',
  })
  password?: string;
}
class ResetPasswordRequest {
  @ApiPropertyOptional({
    minLength: 12,
    description:
      'omit to have one generated (returned once as temporaryPassword); either way its owner must change it at the next login. Password policy: at least 12 characters, not the username, not common or published',
  })
  password?: string;
}
class AccountWithPasswordDto {
  @ApiProperty({ type: ManagedAccountDto }) account: ManagedAccountDto;
  @ApiPropertyOptional({ description: 'generated password, shown only in this answer' }) temporaryPassword?: string;
}

@ApiTags('accounts (administrators)')
@ApiBearerAuth()
@Roles('administrator')
@ApiForbiddenResponse({ description: 'not an administrator' })
@Controller('api/v1/accounts')
export class ManageAccountsHttpController {
  constructor(private readonly handler: ManageAccountsHandler) {}

  @Get()
  @ApiOperation({ summary: 'List accounts (quản lý tài khoản)' })
  @ApiQuery({ name: 'role', required: false, enum: ROLES })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiOkResponse({ type: [ManagedAccountDto] })
  list(@Query('role') role?: string, @Query('unitId') unitId?: string): Promise<ManagedAccount[]> {
    const q = parseBody(z.object({ role: z.enum(ROLES).optional(), unitId: z.string().max(64).optional() }), { role, unitId });
    return this.handler.list(q);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account' })
  @ApiBody({ type: CreateAccountRequest })
  @ApiCreatedResponse({ type: AccountWithPasswordDto })
  create(@CurrentUser() me: Principal, @Body() body: unknown) {
    return this.handler.create(me, parseBody(createBody, body));
  }

  @Post(':username/disable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Disable an account: it can no longer log in or refresh; its sessions and access tokens stop within AUTH_REVOCATION_CHECK_MS (2 s)',
  })
  @ApiOkResponse({ type: ManagedAccountDto })
  disable(@CurrentUser() me: Principal, @Param('username') username: string): Promise<ManagedAccount> {
    return this.handler.setActive(me, username.toLowerCase(), false);
  }

  @Post(':username/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enable a disabled account' })
  @ApiOkResponse({ type: ManagedAccountDto })
  enable(@CurrentUser() me: Principal, @Param('username') username: string): Promise<ManagedAccount> {
    return this.handler.setActive(me, username.toLowerCase(), true);
  }

  @Post(':username/password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Reset an account's password; its sessions end" })
  @ApiBody({ type: ResetPasswordRequest, required: false })
  @ApiOkResponse({ type: AccountWithPasswordDto })
  resetPassword(@CurrentUser() me: Principal, @Param('username') username: string, @Body() body: unknown) {
    return this.handler.resetPassword(me, username.toLowerCase(), parseBody(resetBody, body ?? {}).password);
  }
}
