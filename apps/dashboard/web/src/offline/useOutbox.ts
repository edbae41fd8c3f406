import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { getSession, onSessionChange } from '../auth/session';
import { flushOutbox, listOutbox, onOutboxChange, type FlushResult, type OutboxRecord } from './outbox';

function subscribeOnline(cb: () => void): () => void {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

/** navigator.onLine, kept current. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** The submissions waiting on this phone, re-read whenever the outbox changes (in any tab). */
export function useOutbox(): { records: OutboxRecord[]; lastFlush: FlushResult | null } {
  const [records, setRecords] = useState<OutboxRecord[]>([]);
  const [lastFlush, setLastFlush] = useState<FlushResult | null>(null);
  useEffect(() => {
    let alive = true;
    const reload = () => void listOutbox().then((r) => alive && setRecords(r));
    reload();
    const off = onOutboxChange(reload);
    const onFlushed = (e: Event) => setLastFlush((e as CustomEvent<FlushResult>).detail);
    window.addEventListener('pledge:flushed', onFlushed);
    return () => {
      alive = false;
      off();
      window.removeEventListener('pledge:flushed', onFlushed);
    };
  }, []);
  return { records, lastFlush };
}

/**
 * Sends waiting submissions: at start, when the connection returns, after signing in, and every 30 s while some
 * wait. Mounted once, at the root of the app.
 */
export function useOutboxSender(): () => Promise<void> {
  const qc = useQueryClient();
  const flush = useCallback(async () => {
    if (!navigator.onLine || !getSession()) return;
    const r = await flushOutbox();
    window.dispatchEvent(new CustomEvent<FlushResult>('pledge:flushed', { detail: r }));
    if (r.sent.length || r.rejected.length) await qc.invalidateQueries({ queryKey: ['submissions'] });
  }, [qc]);
  useEffect(() => {
    void flush();
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    const offSession = onSessionChange((s) => s && void flush());
    const timer = window.setInterval(() => {
      void listOutbox().then((items) => (items.some((x) => x.state === 'waiting') ? flush() : undefined));
    }, 30_000);
    return () => {
      window.removeEventListener('online', onOnline);
      offSession();
      window.clearInterval(timer);
    };
  }, [flush]);
  return flush;
}
