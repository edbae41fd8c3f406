import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useLive } from '../live/live';
import { api } from './client';
import type { Criteria, InboxPage, Pledges, Progress, Reporting, SubmissionPage, Text, Trend, UnitProgress } from './types';

/** A read that follows live progress: re-read on every change signal, polled when the live stream is down. */
export function useLiveQuery<T>(key: readonly unknown[], path: string | null): UseQueryResult<T> {
  const live = useLive();
  return useQuery<T>({
    queryKey: key,
    queryFn: ({ signal }) => api<T>(path!, { signal }),
    enabled: path !== null,
    refetchInterval: live.refetchInterval,
    placeholderData: (prev) => prev,
  });
}

/** `?asOf=` of the read API: the programme as it stood on that day (default: today, capped at the deadline). */
export function withAsOf(path: string, asOf?: string | null): string {
  return asOf ? `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}` : path;
}

export function useProgress(asOf?: string | null): UseQueryResult<Progress> {
  return useLiveQuery<Progress>(['progress', asOf ?? null], withAsOf('/api/v1/progress', asOf));
}

/** The trend of the programme (GET /api/v1/progress/trend): one request, cached by the server until the figures change. */
export function useTrend(asOf?: string | null): UseQueryResult<Trend> {
  return useLiveQuery<Trend>(['trend', asOf ?? null], withAsOf('/api/v1/progress/trend?every=quarter', asOf));
}

/** Reporting completeness of the period the view date requires (GET /api/v1/reporting), in the caller's scope. */
export function useReporting(asOf?: string | null): UseQueryResult<Reporting> {
  return useLiveQuery<Reporting>(['reporting', asOf ?? null], withAsOf('/api/v1/reporting', asOf));
}

export interface CellRankingRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  placeholder: boolean;
  rank: number;
  score: number | null;
  communeId: string;
  communeName: string;
  items: number;
  metOnTime: number;
  forecast: Record<string, number>;
}

export interface Rankings {
  asOf: string;
  level: 'cell' | 'commune';
  basis: Text;
  cells: CellRankingRow[];
  hiddenRows: number;
}

export function useCellRankings(asOf?: string | null): UseQueryResult<Rankings> {
  return useLiveQuery<Rankings>(['rankings', 'cell', asOf ?? null], withAsOf('/api/v1/rankings?level=cell', asOf));
}

export function useUnitProgress(unitId: string | undefined): UseQueryResult<UnitProgress> {
  return useLiveQuery<UnitProgress>(['commune', 'unit', unitId], unitId ? `/api/v1/progress/units/${encodeURIComponent(unitId)}` : null);
}

/** The catalogue (criteria with indicators, thresholds, fractions); cached by the service worker for offline forms. */
export function useCriteria(): UseQueryResult<Criteria> {
  return useQuery<Criteria>({ queryKey: ['criteria'], queryFn: ({ signal }) => api<Criteria>('/api/v1/criteria', { signal }), staleTime: 10 * 60_000 });
}

export function usePledges(cellId: string | undefined): UseQueryResult<Pledges> {
  return useLiveQuery<Pledges>(['pledges', cellId], cellId ? `/api/v1/pledges?cell=${encodeURIComponent(cellId)}` : null);
}

/** The secretary's own submissions (intake, through the dashboard's proxy). */
export function useMySubmissions(): UseQueryResult<SubmissionPage> {
  return useLiveQuery<SubmissionPage>(['submissions', 'mine'], '/api/v1/submissions?limit=50');
}

export function useCommuneSubmissions(communeId: string | undefined, reviewStatus: 'none' | 'all'): UseQueryResult<SubmissionPage> {
  const filter = reviewStatus === 'none' ? '&reviewStatus=none' : '';
  return useLiveQuery<SubmissionPage>(
    ['submissions', 'commune', communeId, reviewStatus],
    communeId ? `/api/v1/communes/${encodeURIComponent(communeId)}/submissions?limit=100${filter}` : null,
  );
}

/** The inbox, re-read every minute (reminders arrive on their own schedule, not with the progress signal). */
/** Whether demonstration data (npm run demo) is in the figures (GET /api/v1/demo-data): every page shows the banner. */
export interface DemoData {
  present: boolean;
  events: number;
  loadedAt: string | null;
}
export function useDemoData(enabled: boolean): UseQueryResult<DemoData> {
  const live = useLive();
  return useQuery<DemoData>({
    queryKey: ['progress', 'demo-data'],
    queryFn: ({ signal }) => api<DemoData>('/api/v1/demo-data', { signal }),
    enabled,
    refetchInterval: live.refetchInterval || 30_000,
  });
}

export function useInbox(enabled: boolean): UseQueryResult<InboxPage> {
  return useQuery<InboxPage>({
    queryKey: ['inbox'],
    queryFn: ({ signal }) => api<InboxPage>('/api/v1/inbox?limit=50', { signal }),
    enabled,
    refetchInterval: 60_000,
  });
}
