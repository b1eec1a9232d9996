import type { EventName, EventPayload } from '../../core/contract/index.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Fans live events out to whoever shows them: the Electron window, web bridge clients, tests. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        // One broken subscriber (a closed socket, say) must not starve the others.
        console.error(`event listener failed for ${name}:`, error);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
