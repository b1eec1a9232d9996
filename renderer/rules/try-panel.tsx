import { useState } from 'react';
import type { TryResult } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { formatCount } from '../lead-box/format.ts';
import { PriorityBadge } from '../lead-box/pills.tsx';
import { readableMessage } from '../ui/field-error.tsx';

const SAMPLES = [500, 2_000, 5_000];
const PAGE = 25;

/**
 * "Try it": runs a draft rule set (nothing is saved) over the newest leads of the local store
 * and shows where they would go, what changes, and per lead which rules fired.
 */
export function TryPanel(props: { draft: () => Record<string, unknown>[]; startBoxId: string | null; intro?: string }) {
  const { draft, startBoxId, intro } = props;
  const [sample, setSample] = useState(2_000);
  const [result, setResult] = useState<TryResult | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (offset = 0) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('rules.try', { rules: draft(), sample, offset, limit: PAGE, ...(startBoxId ? { startBoxId } : {}) }));
    } catch (e) {
      setError(e as CallError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="try" aria-label="Try it">
      <div className="try__bar">
        <p className="muted">{intro ?? 'Run these rules over the leads in your lead box, as if each had just arrived. Nothing is saved.'}</p>
        <label className="try__sample">
          <span>Leads</span>
          <select className="select" value={sample} onChange={(e) => setSample(Number(e.target.value))} aria-label="How many leads to try">
            {SAMPLES.map((n) => (
              <option key={n} value={n}>
                newest {formatCount(n)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={busy} aria-busy={busy}>
          {busy ? 'Trying…' : 'Try it'}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error.field ? `${error.field}: ` : ''}
          {readableMessage(error)}
        </p>
      )}
      {result && <TryResultView result={result} busy={busy} onPage={(offset) => void run(offset)} />}
    </section>
  );
}

function TryResultView({ result, busy, onPage }: { result: TryResult; busy: boolean; onPage: (offset: number) => void }) {
  const { aggregate: a } = result;
  const widest = Math.max(1, ...a.destinations.map((d) => d.count));
  const tallest = Math.max(1, ...a.score.buckets.flatMap((b) => [b.before, b.after]));
  const effects = [
    ['attach collateral', a.effects.collateral],
    ['set an offer time-out', a.effects.offerTimeouts],
    ['notify someone', a.effects.notifications],
    ['withhold fields', a.effects.withheld],
    ['incubate', a.effects.incubated],
    ['hit a routing loop', a.effects.loops],
  ].filter(([, n]) => (n as number) > 0);
  const { leads } = result;
  return (
    <div className="try__result" aria-busy={busy}>
      <p className="try__summary" role="status">
        Tried {formatCount(result.leadsTried)} of {formatCount(result.leadsInStore)} leads
        {result.leadsInStore > result.leadsTried ? ` (the newest; at most ${formatCount(result.sampleCap)})` : ''}. Rules fired on {formatCount(a.leadsFired)}.
      </p>
      {result.compileErrors.length > 0 && (
        <ul className="try__errors" aria-label="Rules that cannot run">
          {result.compileErrors.map((e) => (
            <li key={e.ruleId + e.message}>
              <strong>{e.ruleName}</strong> cannot run: {e.path ? `${e.path}: ` : ''}
              {e.message}
            </li>
          ))}
        </ul>
      )}
      <div className="try__grid">
        <section className="try__card" aria-label="Where leads would go">
          <h3 className="section__title">Where leads would go</h3>
          <ul className="bars">
            {a.destinations.map((d) => (
              <li key={`${d.kind}:${d.id}`} className="bars__row">
                <span className="bars__label">{d.label}</span>
                <span className="bars__track" aria-hidden="true">
                  <span className={`bars__fill bars__fill--${d.kind}`} style={{ width: `${(d.count / widest) * 100}%` }} />
                </span>
                <span className="bars__count">{formatCount(d.count)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="try__card" aria-label="Score">
          <h3 className="section__title">Score</h3>
          <p className="try__mean">
            Average {a.score.meanBefore} → <strong>{a.score.meanAfter}</strong>
          </p>
          <div className="histogram" role="img" aria-label={`Score distribution before and after; average ${a.score.meanBefore} before, ${a.score.meanAfter} after`}>
            {a.score.buckets.map((b) => (
              <div key={b.from} className="histogram__bucket" title={`${b.from}–${b.to}: ${b.before} before, ${b.after} after`}>
                <span className="histogram__bar histogram__bar--before" style={{ height: `${(b.before / tallest) * 100}%` }} />
                <span className="histogram__bar histogram__bar--after" style={{ height: `${(b.after / tallest) * 100}%` }} />
              </div>
            ))}
          </div>
          <p className="histogram__legend">
            <span className="histogram__key histogram__key--before" /> before <span className="histogram__key histogram__key--after" /> after
          </p>
        </section>
        <section className="try__card" aria-label="Changes">
          <h3 className="section__title">Priority changes</h3>
          {a.priorityChanges.length === 0 ? (
            <p className="muted">No priority changes.</p>
          ) : (
            <ul className="try__list">
              {a.priorityChanges.map((c) => (
                <li key={`${c.from}>${c.to}`}>
                  {c.from} → <strong>{c.to}</strong>: {formatCount(c.count)}
                </li>
              ))}
            </ul>
          )}
          {effects.length > 0 && (
            <p className="try__effects">
              {effects.map(([label, n]) => `${formatCount(n as number)} would ${label}`).join(' · ')}
            </p>
          )}
          {a.runErrors.length > 0 && (
            <ul className="try__errors" aria-label="Rules that failed">
              {a.runErrors.map((e) => (
                <li key={e.ruleId + e.message}>
                  <strong>{e.ruleName}</strong> failed on {formatCount(e.count)}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <table className="data-table try__table" aria-label="Leads and the rules that fired">
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Would go to</th>
            <th scope="col">Priority</th>
            <th scope="col">Score</th>
            <th scope="col">Rules that fired</th>
          </tr>
        </thead>
        <tbody>
          {leads.rows.map((row) => (
            <tr key={row.leadId}>
              <td>
                <span className="data-table__strong">{row.name}</span>
                {row.company && <span className="data-table__sub">{row.company}</span>}
              </td>
              <td>{row.destination.label}</td>
              <td>
                <PriorityBadge priority={row.priority.after} score={row.score.after} />
                {row.priority.after !== row.priority.before && <span className="data-table__sub">was {row.priority.before}</span>}
              </td>
              <td className="data-table__num">
                {Math.round(row.score.before)} → {Math.round(row.score.after)}
              </td>
              <td>
                {row.fired.map((f) => (
                  <span key={f.ruleId} className="fired" title={f.actions.join('; ') || 'calculations only'}>
                    {f.ruleName}
                  </span>
                ))}
                {row.errors.map((e) => (
                  <span key={e} className="fired fired--error">
                    {e}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pager">
        <span className="muted">
          {leads.total === 0 ? 'No lead matched any rule.' : `Leads ${formatCount(leads.offset + 1)}–${formatCount(leads.offset + leads.rows.length)} of ${formatCount(leads.total)} with rules fired`}
        </span>
        <button type="button" className="button button--small" disabled={busy || leads.offset === 0} onClick={() => onPage(Math.max(0, leads.offset - PAGE))}>
          Previous
        </button>
        <button type="button" className="button button--small" disabled={busy || leads.offset + leads.rows.length >= leads.total} onClick={() => onPage(leads.offset + PAGE)}>
          Next
        </button>
      </div>
    </div>
  );
}
