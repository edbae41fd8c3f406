import { Link } from 'react-router';
import type { Text } from '../api/types';
import { useI18n, type MessageKey } from '../i18n/i18n';

/** A unit's name; a provisional (placeholder) name is shown as such, in words and in italics. */
export function UnitName({ name, placeholder }: { name: string; placeholder?: boolean }) {
  const { t } = useI18n();
  if (!placeholder) return <>{name}</>;
  return (
    <span className="placeholder-name" title={t('common.placeholderTitle')} data-placeholder="true">
      {name}
      <span className="placeholder-tag">{t('common.placeholder')}</span>
    </span>
  );
}

const SYMBOL: Record<string, string> = {
  met: '✓',
  not_met: '✗',
  no_data: '–',
  stale: '!',
  threshold_missing: '?',
  undetermined: '?',
  on_track: '✓',
  at_risk: '!',
  off_track: '✗',
  overdue: '✗',
};

export function statusSymbol(status: string): string {
  return SYMBOL[status] ?? '';
}

/** A status as a coloured chip with a symbol and a word (never colour alone). */
export function StatusChip({ status, kind = 'status', label }: { status: string; kind?: 'status' | 'forecast'; label?: string }) {
  const { t } = useI18n();
  const text = label ?? t(`${kind}.${status}` as MessageKey);
  return (
    <span className={`chip ${status}`} data-status={status}>
      <span aria-hidden="true">{statusSymbol(status)}</span>
      {text}
    </span>
  );
}

export function Txt({ text }: { text: Text | null | undefined }) {
  const { pick } = useI18n();
  return <>{text ? pick(text.vi, text.en) : ''}</>;
}

export interface Crumb {
  to?: string;
  label: React.ReactNode;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  return (
    <nav className="breadcrumb" aria-label="breadcrumb">
      <ol>
        {items.map((c, i) => (
          <li key={i}>
            {c.to && i < items.length - 1 ? (
              <Link to={c.to}>{c.label}</Link>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined}>{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct * 10) / 10} aria-label={label}>
      <span style={{ width: `${pct}%` }} />
    </div>
  );
}

/** The API's note on the assessment day, without its hint for programs ("?asOf=YYYY-MM-DD"): the page has a date picker. */
export function AsOfNote({ note }: { note: Text | null | undefined }) {
  const { pick } = useI18n();
  if (!note) return null;
  return <>{pick(note.vi, note.en).replace(/\s*\([^)]*\?asOf=[^)]*\)/, '')}</>;
}
