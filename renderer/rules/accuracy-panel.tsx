import { useEffect, useState } from 'react';
import type { RuleAccuracy } from '../../core/contract/index.ts';
import type { CallError } from '../../core/contract/errors.ts';
import { api } from '../api/client.ts';
import { formatCount } from '../lead-box/format.ts';
import { StatePanel } from '../ui/state-panel.tsx';

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`);

/** Per rule: the leads it routed (from lead history) and what became of them. */
export function AccuracyPanel({ boxId }: { boxId: string | null }) {
  const [data, setData] = useState<RuleAccuracy | null>(null);
  const [error, setError] = useState<CallError | null>(null);

  useEffect(() => {
    let live = true;
    api.call('rules.accuracy', boxId ? { boxId } : {}).then(
      (result) => live && (setData(result), setError(null)),
      (e: CallError) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [boxId]);

  if (error) return <StatePanel title="Rule accuracy is not available" tone="error">{error.message}</StatePanel>;
  if (!data) return <StatePanel title="Counting outcomes…" busy />;
  if (data.rules.length === 0) return <StatePanel title="No rules in this box yet">Accuracy appears once rules have routed leads.</StatePanel>;
  const outcome = (n: number, of: number, tone: string) => (
    <td className="data-table__num">
      <span className={`rate rate--${tone}`}>{formatCount(n)}</span>
      <span className="data-table__sub">{percent(n, of)}</span>
    </td>
  );
  return (
    <section aria-label="Rule accuracy">
      <p className="muted panel-intro">How the leads each rule routed turned out, from the history of the leads in your lead box.</p>
      <table className="data-table" aria-label="Rule accuracy">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col" className="data-table__num">Leads routed</th>
            <th scope="col" className="data-table__num">Rejected</th>
            <th scope="col" className="data-table__num">Forwarded</th>
            <th scope="col" className="data-table__num">Timed out</th>
            <th scope="col" className="data-table__num">Won</th>
          </tr>
        </thead>
        <tbody>
          {data.rules.map((r) => (
            <tr key={r.ruleId}>
              <th scope="row">
                <span className="data-table__strong">{r.ruleName}</span>
                {!r.stored && <span className="data-table__sub">no longer stored here</span>}
              </th>
              <td className="data-table__num data-table__strong">{formatCount(r.routed)}</td>
              {outcome(r.rejected, r.routed, 'bad')}
              {outcome(r.forwarded, r.routed, 'neutral')}
              {outcome(r.timedOut, r.routed, 'bad')}
              {outcome(r.won, r.routed, 'good')}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
