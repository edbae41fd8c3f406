/** A row of inbox_message as pg returns it. Written by the reminders (the dashboard sets read_at). */
export interface InboxMessageRow {
  id: string;
  account_id: string;
  reminder_id: string | null;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** A message of an account's inbox, with the kind and unit of the reminder it delivers (null: not a reminder). */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  link: string | null;
  kind: string | null;
  unitId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** The inbox list's row: the message joined to its reminder (reminder.kind, reminder.unit_id). */
export type InboxListRow = Pick<InboxMessageRow, 'id' | 'title' | 'body' | 'link' | 'created_at' | 'read_at'> & { kind: string | null; unit_id: string | null };

export function inboxMessageOf(row: InboxListRow): InboxMessage {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    link: row.link,
    kind: row.kind ?? null,
    unitId: row.unit_id ?? null,
    createdAt: new Date(row.created_at),
    readAt: row.read_at === null ? null : new Date(row.read_at),
  };
}
