import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useSession } from '../auth/useSession';
import { useI18n } from '../i18n/i18n';
import { useOnline } from '../offline/useOutbox';

/** GET /api/v1/pipeline/backlog: the consumer lag of each stage (ingest, projector). */
export interface Backlog {
  total: number | null;
  current: boolean;
  stages: { stage: 'ingest' | 'projector' | string; lag: number }[];
  measuredAt: string;
}

/** How often the status line asks (the server measures at most every 2 s). */
const BACKLOG_POLL_MS = 5000;

/**
 * The status line's "đang cập nhật: còn N báo cáo": reports still on their way into the figures (after an outage, a
 * spreadsheet import, a history load), so that leaders know the figures are not yet current. Shown only while N > 0.
 */
export function BacklogStatus() {
  const { t, num } = useI18n();
  const session = useSession();
  const online = useOnline();
  const backlog = useQuery<Backlog>({
    queryKey: ['backlog'],
    queryFn: ({ signal }) => api<Backlog>('/api/v1/pipeline/backlog', { signal }),
    enabled: !!session && online,
    refetchInterval: BACKLOG_POLL_MS,
    retry: false,
  });
  const total = backlog.data?.total;
  if (!session || !online || total == null || total === 0) return null;
  const lagOf = (stage: string) => backlog.data?.stages.find((s) => s.stage === stage)?.lag ?? 0;
  return (
    <span
      className="status-pill warn backlog"
      role="status"
      data-testid="backlog-status"
      data-total={total}
      title={t('backlog.detail', { ingest: num(lagOf('ingest'), 0), projector: num(lagOf('projector'), 0) })}
    >
      {t('backlog.pending', { n: num(total, 0) })}
    </span>
  );
}
