// What a hostile file puts in a field to drive the terminal, and the check that none of it reached a pty's raw output.

import assert from 'node:assert/strict';

/** OSC 0 (title), OSC 52 (clipboard), SGR in 7- and 8-bit form, a bidi override and a line separator. */
export const injections = [
	'\u001B]0;INJECTED-TITLE\u0007',
	'\u001B]52;c;SU5KRUNURUQ=\u0007',
	'\u001B[38;5;201m',
	'\u009B38;5;202m',
	'\u202E',
	'\u2028',
] as const;

/** Fails when any OSC, or any injected payload, is in what the program wrote. */
export function assertNothingInjected(raw: string, what: string): void {
	assert.ok(!raw.includes('\u001B]'), `an OSC reached the terminal (${what}): ${JSON.stringify(raw)}`);
	for (const payload of ['38;5;201', '38;5;202', '\u009B', '\u202E', '\u2028', 'INJECTED', 'SU5KRUNURUQ']) {
		assert.ok(!raw.includes(payload), `${JSON.stringify(payload)} reached the terminal (${what}): ${JSON.stringify(raw)}`);
	}
}
