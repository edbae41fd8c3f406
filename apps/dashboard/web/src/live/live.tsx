import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { refreshSession } from '../api/client';
import { getSession, onSessionChange } from '../auth/session';

/**
 * Live progress: the dashboard listens to /api/v1/live/progress (Server-Sent Events sent when the projector
 * commits changes) and re-reads what it shows. When the stream cannot be opened or goes quiet, the pages poll
 * instead (every POLL_MS) until the stream is back.
 */
export type LiveMode = 'connecting' | 'live' | 'polling';

export const POLL_MS = 15_000;
/** The server pings every 20 s (LIVE_HEARTBEAT_SECONDS); a stream silent for longer than this is dead. */
const SILENCE_MS = 60_000;

interface LiveState {
  mode: LiveMode;
  lastChangeAt: string | null;
  /** Cells named by the change signals received so far on this page (newest last, at most 200). */
  changedCells: string[];
  /** refetchInterval for queries that should follow live progress. */
  refetchInterval: number | false;
}

const LiveContext = createContext<LiveState>({ mode: 'connecting', lastChangeAt: null, changedCells: [], refetchInterval: POLL_MS });

/** Query keys re-read on every change (their first element). */
export const LIVE_KEYS = ['progress', 'trend', 'reporting', 'rankings', 'cell', 'commune', 'readings', 'pledges', 'submissions', 'evaluation'];

export function LiveProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [lastChangeAt, setLastChangeAt] = useState<string | null>(null);
  const [changedCells, setChangedCells] = useState<string[]>([]);
  const lastSeen = useRef(Date.now());

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setMode('polling');
      return;
    }
    let es: EventSource | null = null;
    let reopen: number | undefined;
    let fallback: number | undefined;
    const refresh = () => void qc.invalidateQueries({ predicate: (q) => LIVE_KEYS.includes(String(q.queryKey[0])) });
    // the stream is for logged-in accounts: the access token goes in the URL (EventSource cannot send headers); the
    // server ends the stream when the token expires, and it is reopened with the current (refreshed) token
    const open = async () => {
      es?.close();
      es = null;
      let s = getSession();
      if (s && s.expiresAt - Date.now() < 30_000 && s.refreshToken) {
        await refreshSession();
        s = getSession();
      }
      if (!s || s.expiresAt <= Date.now()) {
        setMode('polling');
        return;
      }
      es = new EventSource(`/api/v1/live/progress?token=${encodeURIComponent(s.accessToken)}`);
      lastSeen.current = Date.now();
      const alive = () => {
        lastSeen.current = Date.now();
        window.clearTimeout(fallback);
        setMode('live');
      };
      es.addEventListener('hello', () => {
        alive();
        refresh(); // whatever happened while disconnected
      });
      es.addEventListener('ping', alive);
      es.addEventListener('progress', (e) => {
        alive();
        try {
          const change = JSON.parse((e as MessageEvent<string>).data) as { at?: string; hamlets?: string[] };
          setLastChangeAt(change.at ?? new Date().toISOString());
          if (change.hamlets?.length) setChangedCells((prev) => [...prev.filter((h) => !change.hamlets!.includes(h)), ...change.hamlets!].slice(-200));
        } catch {
          setLastChangeAt(new Date().toISOString());
        }
        refresh();
      });
      es.onerror = () => {
        // EventSource retries by itself; poll meanwhile if it does not come back quickly, reopen if it gave up
        window.clearTimeout(fallback);
        fallback = window.setTimeout(() => setMode('polling'), 3000);
        if (es?.readyState === EventSource.CLOSED) {
          window.clearTimeout(reopen);
          reopen = window.setTimeout(() => void open(), 10_000);
        }
      };
    };
    void open();
    const watchdog = window.setInterval(() => {
      if (Date.now() - lastSeen.current > SILENCE_MS) {
        setMode('polling');
        void open();
      }
    }, 10_000);
    // logging in or out: the stream follows the account
    const unsubscribe = onSessionChange((next) => {
      if (!next || !es || es.readyState === EventSource.CLOSED) void open();
    });
    return () => {
      unsubscribe();
      window.clearInterval(watchdog);
      window.clearTimeout(reopen);
      window.clearTimeout(fallback);
      es?.close();
    };
  }, [qc]);

  return (
    <LiveContext.Provider value={{ mode, lastChangeAt, changedCells, refetchInterval: mode === 'live' ? false : POLL_MS }}>{children}</LiveContext.Provider>
  );
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
