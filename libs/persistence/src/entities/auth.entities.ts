import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './reference.entities';

/**
 * One logged-in device of an account (a phone, a browser): holds the hash of its current refresh
 * token. The refresh token is `<session id>.<secret>`; only sha256(secret) is stored. Each refresh
 * rotates the secret; presenting the previous one again (a stolen, replayed token) revokes the session.
 * Logout, a password reset and disabling the account revoke sessions.
 */
@Entity('auth_session')
@Index(['accountId', 'revokedAt'])
export class AuthSessionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'account_id' }) accountId: string;
  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('text', { name: 'previous_token_hash', nullable: true }) previousTokenHash: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_used_at' }) lastUsedAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  /** logout | password_reset | password_changed | account_disabled | token_reuse */
  @Column('text', { name: 'revoked_reason', nullable: true }) revokedReason: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
}
