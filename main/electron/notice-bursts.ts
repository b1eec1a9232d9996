import type { NotifiedEvent } from './offer-notice.ts';

/** Starts a timer; answers how to cancel it. setTimeout in the app, a hand-driven clock in tests. */
export type Schedule = (run: () => void, delayMs: number) => () => void;

export const BURST_MS = 1_500;

/**
 * The first event of a kind is handed over at once; the events of that kind that follow
 * within BURST_MS are gathered and handed over together when the window closes. A sync that
 * brings many offers or removals at once makes two notifications per kind, not one per lead.
 */
export function createNoticeBursts(flush: (events: NotifiedEvent[]) => void, schedule: Schedule): { add(event: NotifiedEvent): void; stop(): void } {
  const open = new Map<NotifiedEvent['name'], { followers: NotifiedEvent[]; cancel: () => void }>();
  return {
    add(event) {
      const window = open.get(event.name);
      if (window) {
        window.followers.push(event);
        return;
      }
      const followers: NotifiedEvent[] = [];
      const cancel = schedule(() => {
        open.delete(event.name);
        if (followers.length > 0) flush(followers);
      }, BURST_MS);
      open.set(event.name, { followers, cancel });
      flush([event]);
    },
    stop() {
      for (const { cancel } of open.values()) cancel();
      open.clear();
    },
  };
}
