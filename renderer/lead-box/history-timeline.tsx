import type { HistoryEntry } from '../../core/lead/lead.ts';
import { formatDateTime } from './format.ts';
import { useNameOf } from './people.ts';

/** The lead's append-only history, newest first: what happened, who did it, when and why. */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  const nameOf = useNameOf();
  const newestFirst = [...history].sort((a, b) => b.at - a.at);
  return (
    <section className="section" aria-label="History">
      <h3 className="section__title">History</h3>
      {newestFirst.length === 0 ? (
        <p className="muted section__empty">No history yet.</p>
      ) : (
        <ol className="timeline">
          {newestFirst.map((entry) => (
            <li key={entry.id} className={`timeline__entry timeline__entry--${entry.kind}`}>
              <span className="timeline__dot" aria-hidden="true" />
              <p className="timeline__summary">{entry.summary}</p>
              {entry.reason && <p className="timeline__reason">Reason: {entry.reason}</p>}
              <p className="timeline__meta">
                <span>{nameOf(entry.actor)}</span> · <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
