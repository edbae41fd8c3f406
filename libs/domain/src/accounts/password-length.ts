/** Fewest characters (Unicode code points) of a password (the password policy's first rule; the phone form checks it too). */
export const PASSWORD_MIN_LENGTH = 12;
/** Most characters: argon2 hashes anything, but a bound keeps a request's work bounded. */
export const PASSWORD_MAX_LENGTH = 200;
