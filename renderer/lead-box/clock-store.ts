import { useEffect } from 'react';
import { create } from 'zustand';

/**
 * One shared second-by-second clock for every countdown on screen, so a hundred visible
 * offers cost one timer, and only the countdown cells re-render on each tick.
 */
const useClock = create<{ now: number }>()(() => ({ now: Date.now() }));

let timer: ReturnType<typeof setInterval> | null = null;
let subscribers = 0;

export function useNow(): number {
  useEffect(() => {
    subscribers += 1;
    if (timer === null) {
      useClock.setState({ now: Date.now() });
      timer = setInterval(() => useClock.setState({ now: Date.now() }), 1000);
    }
    return () => {
      subscribers -= 1;
      if (subscribers === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return useClock((s) => s.now);
}
