import { useState } from 'react';
import { Link } from 'react-router';
import type { Blockers, Condition, Progress } from '../api/types';
import { AsOfNote, ProgressBar, StatusChip, Txt } from '../components/common';
import { useI18n } from '../i18n/i18n';

/** Today in Vietnam, YYYY-MM-DD. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const SYMBOLS: Record<string, string> = { '>=': '≥', '<=': '≤', '==': '=', '>': '>', '<': '<' };

function ConditionItem({ c }: { c: Condition }) {
  const { t, num, pick } = useI18n();
  const [open, setOpen] = useState(false);
  const [summary, ...details] = c.missing;
  const figure =
    c.unitsTotal !== null && c.unitsAtTier !== null
      ? `${c.unitsAtTier}/${c.unitsTotal}${c.sharePercent != null ? ` (${num(c.sharePercent)}%)` : ''}${c.requiredUnits !== null ? ` · ${t('dash.required')} ${SYMBOLS[c.rule.comparator ?? ''] ?? ''} ${c.requiredUnits}/${c.unitsTotal}` : ''}`
      : `${c.checks.met}/${c.checks.total}`;
  return (
    <li data-condition={c.code} data-status={c.status}>
      <div className="cond-head">
        <StatusChip status={c.status} />
        <strong>
          {c.code} · <Txt text={c.name} />
        </strong>
        <span className="muted small" data-testid="condition-figure">
          {figure}
        </span>
      </div>
      {summary && (
        <>
          <p className="small" style={{ margin: '0.3rem 0 0' }}>
            <strong>{t('dash.missing')}:</strong> {pick(summary.vi, summary.en)}
          </p>
          {details.length > 0 && (
            <details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
              <summary>{open ? t('common.showLess') : t('common.showAll', { n: details.length })}</summary>
              <ul className="missing-list">
                {details.map((m, i) => (
                  <li key={i}>{pick(m.vi, m.en)}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {c.units.length > 0 && c.status !== 'met' && (
        <p className="small" style={{ margin: '0.3rem 0 0' }}>
          <strong>{t('dash.behind')}:</strong>{' '}
          {c.units
            .filter((u) => !u.counted)
            .map((u, i) => (
              <span key={u.id}>
                {i > 0 && ', '}
                <Link to={`/communes/${u.id}`}>{u.name}</Link> ({u.metCriteria}/{u.totalCriteria})
              </span>
            ))}
        </p>
      )}
      {c.units.some((u) => u.recognition) && (
        <p className="small" style={{ margin: '0.3rem 0 0' }} data-testid="recognitions">
          <strong title={t('dash.recognisedTitle')}>{t('dash.recognised')}:</strong>{' '}
          {c.units
            .filter((u) => u.recognition)
            .map((u, i) => (
              <span key={u.id} title={u.recognition!.source}>
                {i > 0 && '; '}
                {u.name}: <Txt text={u.recognition!.text} /> · {t('dash.computed')}: <Txt text={u.label} />
              </span>
            ))}
        </p>
      )}
      {c.measure && (
        <p className="small" style={{ margin: '0.3rem 0 0' }}>
          <Txt text={c.measure} />
        </p>
      )}
      <p className="small muted" style={{ margin: '0.2rem 0 0' }} title={c.source}>
        {t('dash.confidence', { c: c.confidence })}
      </p>
    </li>
  );
}

/** What blocks the standard: per condition, the units or criteria still missing, closest first; the few that complete it soonest marked. */
function BlockersList({ b, final }: { b: Blockers; final: boolean }) {
  const { t, date } = useI18n();
  if (b.conditions.length === 0) return null;
  return (
    <section aria-labelledby="blockers-title" data-testid="blockers">
      <h3 id="blockers-title">{final ? t('dash.blockersFinal') : t('dash.blockers')}</h3>
      <ol className="blockers">
        {b.conditions.map((c) => (
          <li key={c.code} data-blocker-condition={c.code}>
            <strong>
              {c.code} · <Txt text={c.name} />
            </strong>{' '}
            <span className="muted small">{t('dash.blockerNeeded', { n: c.needed })}</span>
            <ul className="small">
              {c.blockers.slice(0, 8).map((x) => (
                <li key={x.id} data-blocker={x.id} data-soonest={x.soonest ? 'true' : undefined}>
                  {x.kind === 'commune' || x.kind === 'town' ? <Link to={`/communes/${x.id}`}>{x.name}</Link> : x.name}: <Txt text={x.summary} />
                  {x.soonest && <span className="chip met"> {t('dash.soonest')}</span>}
                  {x.projectedOn && <span className="muted"> · {t('dash.projected', { date: date(x.projectedOn) })}</span>}
                </li>
              ))}
              {c.blockers.length > 8 && <li className="muted">… +{c.blockers.length - 8}</li>}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * "Will we meet the standard by 31/12/2025, and what blocks it?" (once the programme is closed: its final result, in
 * the past tense): the verdict, what blocks it condition by condition, then the overall figure (secondary) and each
 * condition with recognised beside computed.
 */
export function Headline({ p, viewDay }: { p: Progress; viewDay?: string }) {
  const { t, date, pick } = useI18n();
  const today = viewDay ?? todayInVietnam();
  const left = daysBetween(today, p.deadline);
  const f = p.forecast;
  return (
    <section className={`card headline ${p.standard.status === 'met' ? 'met' : ''}`} aria-labelledby="headline-title" data-testid="headline">
      <h2 id="headline-title">
        {p.standard.final ? t('dash.questionFinal', { date: date(p.standard.assessedOn) }) : t('dash.question', { deadline: date(p.deadline) })}
      </h2>
      <p style={{ margin: '0.3rem 0' }}>
        <strong data-testid="standard-label">
          <Txt text={p.standard.label} />
        </strong>
      </p>
      <p data-testid="blockers-headline" style={{ margin: '0.3rem 0' }}>
        <Txt text={p.standard.blockers.headline} />
      </p>
      <BlockersList b={p.standard.blockers} final={p.standard.final} />
      <h3>{t('dash.overallSecondary')}</h3>
      <div className="verdict">
        <span className="big-number" data-testid="overall-percent">
          {pick(p.overall.text.vi, p.overall.text.en)}
        </span>
        <span>
          {t('dash.overall')} · {t('dash.checks', { met: p.overall.checks.met, total: p.overall.checks.total })}
        </span>
        <StatusChip status={f.status} kind="forecast" label={`${t('dash.verdict')}: ${pick(f.statusText.vi, f.statusText.en)}`} />
      </div>
      <ProgressBar value={p.overall.percent ?? 0} label={t('dash.overall')} />
      <p className="small" style={{ margin: '0.2rem 0' }}>
        <Txt text={f.reason} />{' '}
        {f.projectedCompletion ? t('dash.projected', { date: date(f.projectedCompletion) }) : f.status !== 'met' ? t('dash.projectedNever') : ''}
      </p>
      <p className="small muted" style={{ margin: '0.2rem 0' }}>
        {left > 0 ? t('dash.daysLeft', { n: left, deadline: date(p.deadline) }) : t('dash.deadlinePassed', { deadline: date(p.deadline) })}
        {p.asOfNote && (
          <>
            {' · '}
            <AsOfNote note={p.asOfNote} />
          </>
        )}
        {p.standard.structureNote && (
          <>
            {' · '}
            <Txt text={p.standard.structureNote} />
          </>
        )}
      </p>
      <h3>{t('dash.conditions')}</h3>
      <ul className="conditions">
        {p.standard.conditions.map((c) => (
          <ConditionItem key={c.code} c={c} />
        ))}
      </ul>
      <details className="small">
        <summary>{t('dash.definition')}</summary>
        <p>
          <Txt text={p.overall.definition} />
        </p>
      </details>
    </section>
  );
}
