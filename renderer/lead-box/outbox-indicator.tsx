import { useBoxStatus } from './facets-store.ts';
import { formatCount } from './format.ts';

/** How many local changes wait for the next sync; the rep should never wonder. */
export function OutboxIndicator() {
  const outbox = useBoxStatus((s) => s.outbox);
  if (!outbox) return null;
  const pending = outbox.pending;
  const text =
    pending === 0 ? 'No changes waiting to sync' : `${formatCount(pending)} ${pending === 1 ? 'change' : 'changes'} waiting to sync`;
  return (
    <div className={`outbox${pending > 0 ? ' outbox--pending' : ''}`} role="status" aria-label={text} title={text}>
      <span className="outbox__icon" aria-hidden="true" />
      <span className="outbox__count">{pending === 0 ? 'Nothing to sync' : formatCount(pending)}</span>
      <span className="outbox__label">{pending === 0 ? '' : 'to sync'}</span>
    </div>
  );
}
