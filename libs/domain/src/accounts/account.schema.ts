import { z } from 'zod';
import { parseWithSchema, type ParseOutcome, type ValidationIssue } from '../shared/validation';
import { ROLES, type AccountsFile } from './account.types';

/** Usernames: lowercase ASCII letters, digits, dot, dash, underscore. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Zod schema of one account; a missing displayName becomes the username. */
export const AccountSchema = z
  .object({
    username: z.string().regex(USERNAME_PATTERN, 'expected lowercase ASCII letters, digits, ".", "-" or "_"'),
    displayName: z.string().min(1).optional(),
    role: z.enum(ROLES),
    unitId: z.string().min(1),
  })
  .transform((a) => ({ ...a, displayName: a.displayName ?? a.username }));

const AccountsFileSchema = z.object({
  passwordNote: z.string().nullable().default(null),
  accounts: z.array(AccountSchema),
});

/** Parses `accounts.json`: NFC-normalises, checks fields and that usernames are unique. */
export function parseAccountsFile(input: unknown, file = 'accounts.json'): ParseOutcome<AccountsFile> {
  return parseWithSchema<AccountsFile>(AccountsFileSchema, input, file, (value) => {
    const issues: ValidationIssue[] = [];
    const seen = new Set<string>();
    value.accounts.forEach((account, i) => {
      if (seen.has(account.username)) issues.push({ file, path: `accounts[${i}].username`, problem: `duplicate username ${account.username}` });
      seen.add(account.username);
    });
    return issues;
  });
}
