// Keys typed one by one (each after the frame of the one before) and all in one write must end on the same screen:
// both ways side by side, in two real terminals.

import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {type PtyTerminal, type PtyTerminalOptions, startPtyTerminal} from './pty-terminal.js';

export function withoutClock(screen: string): string {
	return screen
		.replaceAll(/\d+ h \d+ min \d+ s|\d+ min \d+ s|\d+ s left/g, '<time>')
		.replaceAll(/\d\d?:\d\d(?::\d\d)? [AP]M/g, '<clock>')
		.replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
		.replaceAll(/\/tmp\/[\w.-]+\//g, '/tmp/<dir>/')
		.replaceAll(/eyJhbGci…\S{6}/g, '<token>')
		.replaceAll(/^jti( +)\S+$/gm, 'jti$1<jti>');
}

export type Scenario = {
	/** Called once per terminal, so each has its own config dir where it needs one. */
	readonly options: () => PtyTerminalOptions;
	/** Brings both terminals to the screen the keys are for, the same slow way for both. */
	readonly prepare: (terminal: PtyTerminal) => Promise<void>;
	readonly keys: readonly string[];
	/** What the screen shows once every key is applied. */
	readonly until: string | RegExp;
};

/**
 * Runs the keys both ways in two terminals side by side and returns both final screens after checking they are the
 * same: the one written in one piece must not lose, reorder or misroute any key.
 */
export async function typedBothWays(t: TestContext, {options, prepare, keys: sequence, until}: Scenario): Promise<string> {
	const [slow, burst] = await Promise.all([startPtyTerminal(t, options()), startPtyTerminal(t, options())]);
	await Promise.all([prepare(slow), prepare(burst)]);
	for (const pressed of sequence) {
		// eslint-disable-next-line no-await-in-loop -- one key after the frame of the one before
		await slow.press(pressed);
	}

	burst.write(sequence.join(''));
	await Promise.all([slow.waitFor(until), burst.waitFor(until)]);
	await Promise.all([slow.flush(), burst.flush()]);
	// The burst's last frame may still be on its way; both screens are read once they settle.
	let slowScreen = '';
	let burstScreen = '';
	for (let attempt = 0; attempt < 50; attempt++) {
		slowScreen = withoutClock(slow.screen());
		burstScreen = withoutClock(burst.screen());
		if (slowScreen === burstScreen) {
			break;
		}

		// eslint-disable-next-line no-await-in-loop -- polling for the last frame
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	assert.equal(burstScreen, slowScreen, 'the same keys in one write give the same screen as typed one by one');
	return slowScreen;
}

