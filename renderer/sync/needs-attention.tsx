import { changeLabel } from '../../core/contract/change-labels.ts';
import { useSync } from './sync-store.ts';

/** Changes the server could not apply, with its reason: never dropped silently, cleared by the rep. */
export function NeedsAttention() {
  const { attention, dismiss } = useSync();
  if (attention.length === 0) return <p className="muted">Every change reached the server.</p>;
  return (
    <section className="needs-attention" aria-label="Needs attention">
      <h3>Needs attention</h3>
      <ul>
        {attention.map((item) => (
          <li key={item.mutationId}>
            <strong>{changeLabel(item.kind)}</strong> was not applied: {item.message}
            <button type="button" className="button button--small" onClick={() => void dismiss([item.mutationId])}>Dismiss</button>
          </li>
        ))}
      </ul>
      <button type="button" className="button" onClick={() => void dismiss()}>Dismiss all</button>
    </section>
  );
}
