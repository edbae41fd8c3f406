import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useInbox } from '../api/queries';
import type { InboxMessage } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** A message's link as an address of this app (the reminders write absolute links to PUBLIC_BASE_URL). */
export function localLink(link: string | null | undefined): string | null {
  if (!link) return null;
  try {
    const u = new URL(link, window.location.origin);
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function Message({ m }: { m: InboxMessage }) {
  const { t, dateTime } = useI18n();
  const qc = useQueryClient();
  const read = useMutation({
    mutationFn: () => api(`/api/v1/inbox/${encodeURIComponent(m.id)}/read`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
  const navigate = useNavigate();
  const to = localLink(m.link);
  return (
    <li data-message={m.id} data-read={m.readAt ? 'true' : 'false'}>
      <div className="row">
        {!m.readAt && <span className="chip waiting">{t('inbox.unread')}</span>}
        <strong>{m.title}</strong>
      </div>
      <div className="small muted">{dateTime(m.createdAt)}</div>
      <p className="small" style={{ whiteSpace: 'pre-line', margin: '0.3rem 0' }}>
        {m.body}
      </p>
      <div className="row">
        {to && (
          <Link
            className="button"
            to={to}
            onClick={(e) => {
              if (m.readAt) return;
              e.preventDefault(); // mark it read first, then go
              void read.mutateAsync().finally(() => navigate(to));
            }}
          >
            {t('inbox.open')}
          </Link>
        )}
        {!m.readAt && (
          <button type="button" className="secondary" onClick={() => read.mutate()} disabled={read.isPending}>
            {t('inbox.markRead')}
          </button>
        )}
      </div>
      {read.error && <ErrorBox error={read.error} />}
    </li>
  );
}

/** The reminders and summaries sent to this account (in-app inbox). */
export function InboxPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useInbox(true);
  const readAll = useMutation({
    mutationFn: () => api('/api/v1/inbox/read-all', { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['inbox'] }),
  });
  return (
    <section className="narrow">
      <h1>{t('inbox.title')}</h1>
      {q.isPending && <Loading />}
      {q.error && <ErrorBox error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && q.data.items.length === 0 && <p className="muted">{t('inbox.empty')}</p>}
      {q.data && q.data.unread > 0 && (
        <button type="button" className="secondary" onClick={() => readAll.mutate()} disabled={readAll.isPending}>
          {t('inbox.markAllRead')}
        </button>
      )}
      {q.data && q.data.items.length > 0 && (
        <ul className="list-plain card" data-testid="inbox" style={{ marginTop: '0.8rem' }}>
          {q.data.items.map((m) => (
            <Message key={m.id} m={m} />
          ))}
        </ul>
      )}
    </section>
  );
}
