import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@pledge/auth';

export class LogInRequest {
  @ApiProperty({ example: 'bithu.874-30133-a01' }) username: string;
  @ApiProperty({ format: 'password' }) password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token of the last login or refresh' }) refreshToken: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ format: 'password' }) currentPassword: string;
  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: 200,
    description: 'at least 12 characters, not the username or the account’s name, not a common or published password',
  })
  newPassword: string;
}

export class AccountViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'bithu.874-30133-a01' }) username: string;
  @ApiProperty({ example: 'Bí thư chi bộ Ấp Trung (Xã Tân Quới)' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ example: '874-30133-A01', description: 'cell (secretary), commune (officer) or district (leader, administrator)' }) unitId: string;
  @ApiPropertyOptional({ example: '30133', nullable: true, type: String }) communeId: string | null;
  @ApiProperty({
    description: 'the password was set by somebody else: change it (POST /api/v1/auth/password) before anything else (403 password_change_required)',
  })
  mustChangePassword: boolean;
}

export class SessionTokensDto {
  @ApiProperty({ description: 'JWT (HS256); send as "Authorization: Bearer <token>"' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ example: 900, description: 'seconds until the access token expires (JWT_TTL_SECONDS)' }) expiresIn: number;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ description: 'opaque; exchange at POST /api/v1/auth/refresh for a new pair; rotated on every use' }) refreshToken: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt: string;
  @ApiProperty({ type: AccountViewDto }) account: AccountViewDto;
}
