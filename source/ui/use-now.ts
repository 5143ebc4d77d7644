import {createContext, useEffect, useState} from 'react';

/** The current time, refreshed every second, so countdowns tick; `now` is injectable for tests. */
export function useNow(now: () => number = Date.now, intervalMs = 1000): number {
	const [current, setCurrent] = useState(now);
	useEffect(() => {
		const timer = setInterval(() => {
			setCurrent(now());
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [now, intervalMs]);
	return current;
}

/**
 * True while the app is taller than the terminal. Ink then redraws by clearing the screen and its scrollback, so a
 * clock that ticks every second would wipe what the user scrolled up to read; it ticks every minute instead.
 */
export const CoarseClockContext = createContext(false);
