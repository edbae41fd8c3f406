/** Who may do what: a cell secretary reports for the cell; a commune officer for the commune (and sees its cells); district leaders see all; the administrator edits the catalogue (thresholds) and accounts. */
export type Role = 'secretary' | 'commune_officer' | 'district_leader' | 'administrator';

/** The roles. */
export const ROLES = ['secretary', 'commune_officer', 'district_leader', 'administrator'] as const satisfies readonly Role[];

/** A development account from `seeds/accounts.json`. */
export interface Account {
  /** `bithu.<cell id lowercased>`, `canbo.<commune code>`, `lanhdao.<n>`, `quantri`. */
  readonly username: string;
  /** Shown in the UI; the username when the seed file gives none. */
  readonly displayName: string;
  readonly role: Role;
  /** The unit the account acts for (its cell, commune, or the district). */
  readonly unitId: string;
}

/** The content of `seeds/accounts.json`. */
export interface AccountsFile {
  /** Where the seeded accounts get their passwords: never from this file (no password is written in the repository). */
  readonly passwordNote: string | null;
  readonly accounts: readonly Account[];
}
