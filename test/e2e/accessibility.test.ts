// Conventions in a real terminal: NO_COLOR and FORCE_COLOR, and Ink's screen-reader mode.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startTestServer, type TestServer} from '../helpers/http-server.js';
import {demoToResult, keys, scrollKeys, startPtyTerminal} from '../helpers/pty-terminal.js';

// eslint-disable-next-line no-control-regex -- Select Graphic Rendition: every colour, bold, dim and inverse escape
const styleEscapes = /\u001B\[([\d;]*)m/g;
const inverseOn = '\u001B[7m';

/**
 * The style escapes written, but inverse video on and off: the cursor is drawn in inverse video, which is not colour
 * and keeps it visible under NO_COLOR.
 */
function stylesOtherThanInverse(raw: string): string[] {
	return [...raw.matchAll(styleEscapes)].filter(([, parameters]) => parameters !== '7' && parameters !== '27').map(([escape]) => JSON.stringify(escape));
}

describe('colour', () => {
	it('draws no colour, bold or dim escape at all under NO_COLOR, from the first step to the result scrolled to its end', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], env: {NO_COLOR: '1'}});
		await demoToResult(terminal);
		await terminal.press('i');
		// Taller than the terminal, the inspect view opens at its top; its lines that say what is hidden are drawn too.
		await terminal.waitFor(/^↓ \d+ more lines/m);
		// The verification's lines arrive above the claims: End before them would end short of the last line (seen in CI).
		await terminal.waitFor(/Verified: /);
		await terminal.press(scrollKeys.end);
		await terminal.waitFor(/^grant_type [\s\S]*^Expiry check$/m);
		await terminal.waitFor(/^↑ \d+ more lines/m);
		await terminal.press('q');
		await terminal.exited;
		assert.deepEqual(stylesOtherThanInverse(terminal.rawOutput()), [], 'no colour, bold or dim escape');
		assert.ok(terminal.rawOutput().includes(inverseOn), 'the cursor still shows, in inverse video');
		// A row per claim once added a resize listener each, and Node printed its leak warning into the terminal.
		assert.doesNotMatch(terminal.rawOutput(), /Warning/);
	});

	it('draws colour by default, and when FORCE_COLOR overrides NO_COLOR, as Node does', async t => {
		for (const env of [{}, {NO_COLOR: '1', FORCE_COLOR: '1'}, {NO_COLOR: ''}] as Array<Record<string, string>>) {
			// eslint-disable-next-line no-await-in-loop -- one terminal at a time
			const terminal = await startPtyTerminal(t, {args: ['--demo'], env});
			// eslint-disable-next-line no-await-in-loop
			await terminal.waitFor('Step 1/3 url');
			assert.ok(stylesOtherThanInverse(terminal.rawOutput()).length > 0, `colour with ${JSON.stringify(env)}`);
			terminal.write(keys.ctrlC);
			// eslint-disable-next-line no-await-in-loop
			await terminal.exited;
		}
	});
});

describe('screen-reader mode', () => {
	let slowServer: TestServer;
	before(async () => {
		// Answers after 2 s, so the signing-in screen stays up long enough to listen to it.
		slowServer = await startTestServer((_request, response) => {
			setTimeout(() => {
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end(JSON.stringify({access_token: `opaque-${'x'.repeat(40)}`, token_type: 'bearer', expires_in: 43_199}));
			}, 2000);
		});
	});
	after(async () => {
		await slowServer.close();
	});

	it('reads linearly, with no spinner and no countdown redrawing every second', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', slowServer.url, '--client-id', 'sb-reader'], env: {INK_SCREEN_READER: 'true'}});
		await terminal.waitFor('Step 1/3');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 2/3');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3');
		// Screen-reader output joins a row's parts with spaces, which enterValue's check of the input row does not expect.
		await terminal.type('reader-secret');
		// A masked field is read as what it holds, not as a row of stars.
		const masked = await terminal.waitFor('clientsecret: 13 characters, hidden');
		assert.doesNotMatch(masked, /\*{13}|reader-secret/);
		await terminal.press(keys.enter);
		await terminal.waitFor('Requesting a token');
		const whileWaiting = terminal.rawOutput().length;
		await new Promise(resolve => {
			setTimeout(resolve, 1200);
		});
		assert.equal(terminal.rawOutput().length, whileWaiting, 'nothing is redrawn while the request waits');

		const screen = await terminal.waitFor('Token received');
		assert.match(screen, /remaining about 11 h 59 min left/, 'minutes, not seconds');
		assert.match(screen, /access_token 47 characters, hidden; press v to show it/, 'what the mask means, not its letters');
		const onResult = terminal.rawOutput().length;
		await new Promise(resolve => {
			setTimeout(resolve, 2200);
		});
		assert.equal(terminal.rawOutput().length, onResult, 'the countdown does not redraw every second');
		terminal.write('q');
		assert.equal((await terminal.exited).exitCode, 0);
	});
});
