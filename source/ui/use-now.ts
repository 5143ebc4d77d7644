import {useEffect, useState} from 'react';

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

