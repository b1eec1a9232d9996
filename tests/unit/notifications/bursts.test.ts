import { describe, expect, it } from 'vitest';
import { BURST_MS, createNoticeBursts } from '../../../main/electron/notice-bursts.ts';
import { burstNotice, type NotifiedEvent } from '../../../main/electron/offer-notice.ts';

/** A clock moved by hand: timers run when the test says the time has come. */
function handClock() {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  return {
    schedule: (run: () => void, delayMs: number) => {
      const timer = { at: now + delayMs, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= now) timer.run();
        else timers.push(timer);
      }
    },
  };
}

const left = (leadId: string): NotifiedEvent => ({ name: 'lead.rerouted', payload: { leadId, reason: 'the lead was re-routed' } });
const offered = (leadId: string): NotifiedEvent => ({ name: 'lead.offered', payload: { leadId, expiresAt: null } });

describe('notice bursts', () => {
  it('hands the first event of a kind over at once and gathers the ones that follow within the window', () => {
    const clock = handClock();
    const flushed: string[][] = [];
    const bursts = createNoticeBursts((events) => flushed.push(events.map((event) => `${event.name}:${'leadId' in event.payload ? event.payload.leadId : ''}`)), clock.schedule);
    bursts.add(left('a'));
    bursts.add(left('b'));
    bursts.add(offered('x'));
    bursts.add(left('c'));
    expect(flushed).toEqual([['lead.rerouted:a'], ['lead.offered:x']]);
    clock.advance(BURST_MS);
    expect(flushed).toEqual([['lead.rerouted:a'], ['lead.offered:x'], ['lead.rerouted:b', 'lead.rerouted:c']]);
    // The window has closed: the next one is first again.
    bursts.add(left('d'));
    expect(flushed.at(-1)).toEqual(['lead.rerouted:d']);
  });

  it('drops what is gathered when stopped', () => {
    const clock = handClock();
    const flushed: NotifiedEvent[][] = [];
    const bursts = createNoticeBursts((events) => flushed.push(events), clock.schedule);
    bursts.add(left('a'));
    bursts.add(left('b'));
    bursts.stop();
    clock.advance(BURST_MS);
    expect(flushed).toHaveLength(1);
  });
});

describe('burstNotice', () => {
  it('reads one event as its own notice and counts several', () => {
    expect(burstNotice([left('a')], null, 0)).toEqual({ title: 'A lead left your box', body: 'The lead was re-routed.' });
    expect(burstNotice([left('a'), left('b'), left('c')], null, 0)).toEqual({ title: '3 more leads left your box', body: 'Withdrawn, taken by someone else or re-routed.' });
    expect(burstNotice([offered('x'), offered('y')], null, 0).title).toBe('2 more leads offered');
  });

  it('counts refused changes across pushes as one list', () => {
    const refused = (kind: string): NotifiedEvent => ({ name: 'sync.rejected', payload: { items: [{ seq: 1, mutationId: `m-${kind}`, kind, leadId: 'l', code: 'conflict', message: 'taken', at: 0 }] } });
    expect(burstNotice([refused('accept'), refused('addNote')], null, 0)).toEqual({ title: '2 changes of yours were not applied', body: 'See "Needs attention" in the sync menu.' });
  });

  it('refuses an empty burst', () => {
    expect(() => burstNotice([], null, 0)).toThrow(/events/);
  });
});
