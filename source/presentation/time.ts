// Durations and instants as people read them.

/** 43199 → "11 h 59 min 59 s"; zero parts in the middle are kept so the shape stays steady while counting down. */
export function formatDuration(totalSeconds: number): string {
	const seconds = Math.max(0, Math.floor(totalSeconds));
	const hours = Math.floor(seconds / 3600);
	const minutes = Math.floor((seconds % 3600) / 60);
	const rest = seconds % 60;
	if (hours > 0) {
		return `${hours} h ${minutes} min ${rest} s`;
	}

	if (minutes > 0) {
		return `${minutes} min ${rest} s`;
	}

	return `${rest} s`;
}

export function formatLocalDateTime(epochMs: number): string {
	return new Date(epochMs).toLocaleString(undefined, {
		weekday: 'short',
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		timeZoneName: 'short',
	});
}

export function secondsUntil(epochMs: number, now: number): number {
	return Math.max(0, Math.floor((epochMs - now) / 1000));
}
