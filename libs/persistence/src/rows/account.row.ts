/** A row of account as pg returns it. Written by the intake (and `cli` for seeds and password resets). */
export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  unit_id: string;
  email: string | null;
  phone: string | null;
  locale: string;
  active: boolean;
  must_change_password: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Where an account can be reached. */
export interface AccountContact {
  email: string | null;
  phone: string | null;
}

export function accountContactOf(row: Pick<AccountRow, 'email' | 'phone'>): AccountContact {
  return { email: row.email, phone: row.phone };
}
