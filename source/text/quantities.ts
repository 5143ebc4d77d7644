// Sizes and durations in words, for messages written at any layer (a file limit, a --timeout budget).

/**
 * 30000 → "30 s", 600 → "0.6 s", 250 → "0.25 s": --timeout takes fractions down to 0.1 s, and "1 s" for 0.6 s, or
 * "0 s" for anything, would not be honest.
 */
export function secondsText(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) || seconds >= 10 ? Math.round(seconds) : Number(seconds.toFixed(2))} s`;
}

/** 1048576 → "1 MiB", 65536 → "64 KiB": the limits are powers of two, so they read whole. */
export function bytesText(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : bytes >= 1024 ? `${Number((bytes / 1024).toFixed(1))} KiB` : `${bytes} bytes`;
}
