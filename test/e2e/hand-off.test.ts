// Handing the token on, in a real terminal: the OSC 52 clipboard fallback where no system clipboard is reachable.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {demoToResult, type PtyTerminal, startPtyTerminal} from '../helpers/pty-terminal.js';

async function revealedToken(terminal: PtyTerminal): Promise<string> {
	await terminal.press('v');
	const screen = await terminal.waitFor('shown in full below');
	const token = /access_token:\n([\w.\n-]+)\n/.exec(screen)?.[1]?.replaceAll('\n', '');
	assert.ok(token, `the revealed token on:\n${screen}`);
	await terminal.press('v');
	await terminal.waitFor('characters, hidden)');
	return token;
}

function osc52Of(text: string): string {
	return `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;
}

describe('the clipboard without a display', () => {
	it('sends the token, and the curl command with the whole token, to the terminal with OSC 52 and says so', async t => {
		// The pty's environment has no DISPLAY or WAYLAND_DISPLAY, as over SSH or in a container.
		const terminal = await startPtyTerminal(t, {args: ['--demo'], env: {SSH_CONNECTION: '127.0.0.1 50000 127.0.0.1 22'}});
		let screen = await demoToResult(terminal);
		const serviceUrl = /curl -g -H 'Authorization: Bearer eyJhbGci…[\w-]{6}' '(http:\/\/127\.0\.0\.1:\d+\/service-api)'/.exec(screen.replace(/\s*\n\s*/g, ''))?.[1];
		assert.ok(serviceUrl, `the next step calls the practice API, token masked:\n${screen}`);
		const token = await revealedToken(terminal);
		assert.ok(!terminal.rawOutput().includes(osc52Of(token)), 'nothing is copied before c');

		await terminal.press('c');
		screen = await terminal.waitFor('OSC 52');
		assert.match(screen.replace(/\s*\n\s*/g, ' '), /Sent the access_token to your terminal's clipboard with OSC 52, as no system clipboard is reachable here/);
		assert.ok(terminal.rawOutput().includes(osc52Of(token)), 'the OSC 52 sequence with the whole token reached the terminal');

		await terminal.press('C');
		await terminal.waitFor('Sent the curl command');
		assert.ok(terminal.rawOutput().includes(osc52Of(`curl -g -H 'Authorization: Bearer ${token}' '${serviceUrl}'`)), 'the copied command carries the whole token');
		await terminal.press('q');
		assert.equal((await terminal.exited).exitCode, 0);
	});
});
