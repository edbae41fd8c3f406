/** A row of notification_preference as pg returns it (text[] → string[]). Written by the dashboard. */
export interface NotificationPreferenceRow {
  account_id: string;
  channels: string[];
  updated_by: string | null;
  updated_at: Date;
}

/** The channels an account chose; null when it never chose (a LEFT JOIN without a row): the defaults apply. */
export function chosenChannelsOf(row: { channels: string[] | null } | undefined): string[] | null {
  return row?.channels ?? null;
}
