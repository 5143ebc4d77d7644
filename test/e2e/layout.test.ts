// How the result screen fits real terminals: 40 columns, a resize while it is open, and a 2 kB token that wraps.

import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {after, before, describe, it} from 'node:test';
import {answer, startTestServer, type TestServer} from '../helpers/http-server.js';
import {assertNeverShown, keys, type PtyTerminal, startPtyTerminal, unwrap} from '../helpers/pty-terminal.js';

const resultLabels = ['access_token', 'token_type', 'expires_in', 'expires at', 'remaining', 'scope', 'jti', 'auth method'] as const;

/** Through the --demo wizard with Tab to the result screen. */
async function demoToResult(terminal: PtyTerminal): Promise<string> {
	for (const step of [1, 2, 3]) {
		// eslint-disable-next-line no-await-in-loop -- one step after the other
		await terminal.waitFor(`Step ${step}/3`);
		// eslint-disable-next-line no-await-in-loop -- see above
		await terminal.press(keys.tab, keys.enter);
	}

	return terminal.waitFor('✓ Token received');
}

/**
 * Every row on the screen. Narrowing a terminal that reflows its lines (as xterm.js, VTE, iTerm2 and Windows Terminal
 * do) turns the old frame's rows into more rows than Ink erases, so a copy of its top would stay above the new frame
 * unless the app clears the screen: the whole screen is checked.
 */
function liveFrame(terminal: PtyTerminal): string[] {
	const rows = terminal.screen().split('\n');
	assert.ok(rows.some(row => row.startsWith('uaa-token')), `a header on:\n${terminal.screen()}`);
	return rows;
}

/** The indented rows under a label in the stacked (narrow) layout, read as one line. */
function stackedValue(rows: readonly string[], label: string): string {
	const index = rows.indexOf(label);
	assert.ok(index >= 0, `a row holding only "${label}" in:\n${rows.join('\n')}`);
	const value: string[] = [];
	for (const row of rows.slice(index + 1)) {
		if (!row.startsWith('  ')) {
			break;
		}

		value.push(row.trim());
	}

	return value.join(' ');
}

function count(rows: readonly string[], pattern: RegExp): number {
	return rows.filter(row => pattern.test(row)).length;
}

describe('the result screen in real terminals of different sizes', () => {
	const longToken = randomBytes(1536).toString('base64url');
	let longTokenServer: TestServer;
	before(async () => {
		assert.equal(longToken.length, 2048);
		longTokenServer = await startTestServer((_request, response) => {
			answer(response, 200, JSON.stringify({access_token: longToken, token_type: 'bearer', expires_in: 3600, scope: 'e2e.read e2e.write', jti: 'e2e-jti-1'}));
		});
	});
	after(async () => {
		await longTokenServer.close();
	});

	it('fits 40 columns: every label whole on its own row, values wrapped only between words', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], cols: 40, rows: 60});
		await demoToResult(terminal);
		await terminal.waitFor(/^auth method$/m);
		const rows = terminal.screen().split('\n');
		assert.ok(terminal.rows().every(row => !row.isWrapped), `no row ran past the right edge and wrapped in the terminal:\n${terminal.screen()}`);
		assert.ok(rows.every(row => row.length <= 40), 'every row fits');
		for (const label of resultLabels) {
			assert.equal(count(rows, new RegExp(`^${label}$`)), 1, `"${label}" appears whole, once, on its own row`);
		}

		assert.equal(stackedValue(rows, 'token_type'), 'bearer');
		assert.match(stackedValue(rows, 'expires_in'), /^4319\d s \(11 h 59 min 5\d s\)$/);
		assert.match(stackedValue(rows, 'remaining'), /^11 h 59 min \d+ s left$/);
		assert.match(stackedValue(rows, 'access_token'), /^eyJhbGci…\S{6} {2}\(\d+ characters, hidden\)$/);
		assert.equal(stackedValue(rows, 'scope'), 'uaa.resource demo-recommendation!t1234.Read demo-recommendation!t1234.Write');
		assert.match(stackedValue(rows, 'jti'), /^[\da-f]{32}$/);
		assert.equal(stackedValue(rows, 'auth method'), 'client_secret_post (clientid and clientsecret in the form body)');
		assert.ok(rows.includes('✓ Token received'));
		assert.match(terminal.screen(), /^from http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/m, 'the token url on one row');
	});

	it('re-renders on a resize from 100 to 40 and back to 100 columns with every field, once', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], cols: 100, rows: 60});
		let screen = await demoToResult(terminal);
		const jti = /jti\s+([\da-f]{32})/.exec(screen)?.[1];
		const masked = /access_token\s+(\S+…\S+)/.exec(screen)?.[1];
		assert.ok(jti && masked);

		function assertFrame(isNarrow: boolean): void {
			const frame = liveFrame(terminal);
			const text = frame.join('\n');
			assert.equal(count(frame, /^uaa-token /), 1, `the header once in:\n${text}`);
			assert.equal(count(frame, /✓ Token received/), 1, `one result in:\n${text}`);
			assert.equal(count(frame, /c copy token/), 1, `one row of key hints in:\n${text}`);
			for (const label of resultLabels) {
				assert.equal(count(frame, new RegExp(isNarrow ? `^${label}$` : `^${label}\\s{2,}\\S`)), 1, `"${label}" once in:\n${text}`);
			}

			assert.ok(text.includes(jti!) && text.includes(masked!), 'the same token as before');
			assert.ok(frame.every(row => row.length <= (isNarrow ? 40 : 100)));
		}

		assertFrame(false);
		await terminal.resize(40, 60);
		// The narrow layout puts labels above values.
		await terminal.waitFor(/^token_type\n {2}bearer$/m);
		assertFrame(true);
		await terminal.resize(100, 60);
		screen = await terminal.waitFor(/^token_type {4}bearer$/m);
		assertFrame(false);
		await terminal.press('q');
		assert.equal((await terminal.exited).exitCode, 0);
	});

	it('reveals a 2048-character token with v, wrapped across rows and whole when the rows are joined', async t => {
		const secret = 'L0ng+Token$/=';
		const cols = 100;
		const terminal = await startPtyTerminal(t, {args: ['--url', longTokenServer.url, '--client-id', 'sb-long!t1'], cols, rows: 60});
		await terminal.waitFor(`> ${longTokenServer.url}`);
		await terminal.press(keys.enter);
		await terminal.waitFor('> sb-long!t1');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.enterValue(secret, {isMasked: true});
		let screen = await terminal.waitFor('✓ Token received');
		assert.ok(unwrap(screen).replace(/ +/g, ' ').includes(`access_token ${longToken.slice(0, 8)}…${longToken.slice(-6)} (2048 characters, hidden)`), screen);
		assert.match(screen, /expires_in\s+3600 s \(1 h 0 min 0 s\)/);
		assert.match(screen, /scope\s+e2e\.read\n\s+e2e\.write/);
		assert.match(screen, /jti\s+e2e-jti-1/);
		assert.ok(!terminal.rawOutput().includes(longToken.slice(100, 140)), 'the token is not written before it is asked for');

		await terminal.press('v');
		screen = await terminal.waitFor('shown in full below');
		const rows = screen.split('\n');
		const start = rows.indexOf('access_token:') + 1;
		assert.ok(start > 0, `the revealed token under its label in:\n${screen}`);
		const end = rows.findIndex((row, index) => index >= start && row === '');
		const tokenRows = rows.slice(start, end);
		assert.equal(tokenRows.join(''), longToken, 'the whole token, nothing more, when its rows are joined');
		assert.ok(tokenRows.length >= Math.ceil(2048 / cols), `wrapped across ${tokenRows.length} rows`);
		assert.ok(tokenRows.every(row => row.length <= cols && !row.startsWith(' ')), 'unindented rows, for copying');

		await terminal.press('v');
		screen = await terminal.waitFor('(2048 characters, hidden)');
		assert.ok(!screen.includes(longToken.slice(100, 140)), 'hidden again');
		assertNeverShown(terminal, secret);
	});
});
