import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useLive } from '../live/live';
import { api } from './client';
import type { Progress, Text } from './types';

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

export function useProgress(): UseQueryResult<Progress> {
  return useLiveQuery<Progress>(['progress'], '/api/v1/progress');
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

export function useCellRankings(): UseQueryResult<Rankings> {
  return useLiveQuery<Rankings>(['rankings', 'cell'], '/api/v1/rankings?level=cell');
}
