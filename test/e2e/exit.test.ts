// Ctrl+C on every screen of the built CLI in a real pseudo-terminal: exit code 130 and a terminal left as it was found.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {startTestServer, type TestServer} from '../helpers/http-server.js';
import {assertExitedSane, assertNeverShown, keys, type PtyTerminal, startPtyTerminal, tempDirectory} from '../helpers/pty-terminal.js';
import {runBuiltCli} from '../helpers/run-cli.js';

const cancelledExitCode = 130;
const secret = 'Ex1t+Secret$/=';
const clientId = 'sb-e2e-exit!t5';

/** Through the --demo wizard with Tab, up to (not including) pressing Enter on the given step. */
async function fillDemoSteps(terminal: PtyTerminal, steps: number): Promise<void> {
	for (let step = 1; step <= steps; step++) {
		// eslint-disable-next-line no-await-in-loop -- one step after the other
		await terminal.waitFor(`Step ${step}/3`);
		// eslint-disable-next-line no-await-in-loop -- see above
		await terminal.press(keys.tab, keys.enter);
	}
}

describe('Ctrl+C in a real terminal', () => {
	let demo: DemoServer;
	let silentServer: TestServer;
	before(async () => {
		demo = await startDemoServer({clientId, clientSecret: secret});
		// Accepts the token request and never answers, so the signing-in screen stays up.
		silentServer = await startTestServer(() => {});
	});
	after(async () => {
		await Promise.all([demo.close(), silentServer.close()]);
	});

	async function cancelAndCheck(terminal: PtyTerminal): Promise<void> {
		await terminal.press(keys.ctrlC);
		await assertExitedSane(terminal, cancelledExitCode);
	}

	for (const [name, step] of [
		['url', 1],
		['clientid', 2],
		['clientsecret', 3],
	] as const) {
		it(`quits at the ${name} step with 130, restoring the terminal`, async t => {
			const terminal = await startPtyTerminal(t, {args: ['--demo'], reportTerminalState: true});
			await fillDemoSteps(terminal, step - 1);
			await terminal.waitFor(`Step ${step}/3 ${name}`);
			// Something typed, so the input is live when the key arrives.
			await terminal.type('ab');
			await terminal.waitFor(step === 3 ? '> **' : /> \S*ab/);
			await cancelAndCheck(terminal);
		});
	}

	for (const how of ['after it', 'in the same write']) {
		it(`quits at once inside a paste whose end marker never comes, Ctrl+C ${how}, with 130`, async t => {
			const terminal = await startPtyTerminal(t, {args: ['--demo'], reportTerminalState: true});
			await terminal.waitFor('Step 1/3 url');
			// Without it, Ctrl+C would be one more byte of the paste, dropped as text when the paste lands.
			if (how === 'after it') {
				terminal.write('\u001B[200~https://a-paste-cut-off');
				await cancelAndCheck(terminal);
			} else {
				terminal.write(`\u001B[200~https://a-paste-cut-off${keys.ctrlC}`);
				await assertExitedSane(terminal, cancelledExitCode);
			}
		});
	}

	it('quits while signing in against a server that never answers, with 130', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', silentServer.url, '--client-id', clientId], reportTerminalState: true});
		await terminal.waitFor(`> ${silentServer.url}`);
		await terminal.press(keys.enter);
		await terminal.waitFor(`> ${clientId}`);
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.enterValue(secret, {isMasked: true});
		const screen = await terminal.waitFor(`Requesting a token from ${silentServer.url}/oauth/token`);
		assert.match(screen, /Esc cancel/);
		await cancelAndCheck(terminal);
		assertNeverShown(terminal, secret);
	});

	it('quits on the result screen with 130', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], reportTerminalState: true});
		await fillDemoSteps(terminal, 3);
		await terminal.waitFor('✓ Token received');
		await cancelAndCheck(terminal);
	});

	it('quits on the failure screen with 130, not with the failure\'s own code', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], reportTerminalState: true});
		await fillDemoSteps(terminal, 2);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.enterValue('wrong', {isMasked: true});
		await terminal.waitFor('✗ The clientid or clientsecret is wrong');
		await cancelAndCheck(terminal);
	});

	it('quits in the profile picker with 130', async t => {
		const configDir = tempDirectory(t);
		const saved = await runBuiltCli(['--url', demo.uaaUrl, '--client-id', clientId, '--json', '--save', 'picked'], {
			env: {UAA_TOKEN_CONFIG_DIR: configDir, UAA_TOKEN_CLIENT_SECRET: secret, HOME: configDir, PATH: process.env['PATH'] ?? ''},
		});
		assert.equal(saved.code, 0, saved.stderr);
		const terminal = await startPtyTerminal(t, {configDir, reportTerminalState: true});
		await terminal.waitFor(/Saved profiles[\s\S]*› picked/);
		await cancelAndCheck(terminal);
		assertNeverShown(terminal, secret);
	});
});
