import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * Password hashing with argon2id (the `argon2` package's defaults: 64 MiB, 3 passes, 4 lanes;
 * parameters and salt are stored in the PHC string, so they can be raised later: see needsRehash).
 */
@Injectable()
export class PasswordHasher {
  static readonly options = { type: argon2.argon2id } as const;
  /** A hash of a random string, verified when the username is unknown so that both cases take as long. */
  private dummy?: Promise<string>;

  hash(plain: string): Promise<string> {
    return argon2.hash(plain, PasswordHasher.options);
  }

  /** True when `plain` matches `hash`; false for a wrong password or a malformed hash (never throws). */
  async verify(hash: string | null | undefined, plain: string): Promise<boolean> {
    if (!hash) {
      this.dummy ??= argon2.hash('not-a-password-' + Math.random(), PasswordHasher.options);
      await argon2.verify(await this.dummy, plain).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, plain);
    } catch {
      return false;
    }
  }

  /** True when the hash was made with weaker parameters than today's (rehash after a successful login). */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash);
    } catch {
      return true;
    }
  }
}
