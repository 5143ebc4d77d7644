import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {applyNoColor} from '../source/cli/color-preference.js';
import {copyToClipboard, osc52Sequence} from '../source/clipboard/clipboard.js';

const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzYi1hcHAhdDEifQ.c2ln+/=';

/** A system clipboard stands in here: this machine has no display for a real one. */
function copier(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, systemWorks: boolean) {
	const terminal: string[] = [];
	const system: string[] = [];
	const copy = async () =>
		copyToClipboard(token, {
			env,
			platform,
			writeToTerminal(text) {
				terminal.push(text);
			},
			async writeSystemClipboard(text) {
				if (!systemWorks) {
					throw new Error('xsel: Can\'t open display');
				}

				system.push(text);
			},
		});
	return {copy, terminal, system};
}

describe('copyToClipboard', () => {
	it('writes OSC 52 with the text base64-encoded, ended by BEL', () => {
		assert.equal(osc52Sequence('a+b'), '\u001B]52;c;YSti\u0007');
		assert.equal(Buffer.from(osc52Sequence(token).slice(7, -1), 'base64').toString(), token);
	});

	it('uses the system clipboard where a display is reachable', async () => {
		const {copy, terminal, system} = copier({DISPLAY: ':0'}, 'linux', true);
		assert.equal(await copy(), 'system');
		assert.deepEqual(system, [token]);
		assert.deepEqual(terminal, []);
	});

	it('goes through the terminal on Linux without a display, without trying the system clipboard', async () => {
		const {copy, terminal, system} = copier({}, 'linux', true);
		assert.equal(await copy(), 'terminal');
		assert.deepEqual(system, []);
		assert.deepEqual(terminal, [osc52Sequence(token)]);
	});

	it('falls back to the terminal when the system clipboard refuses', async () => {
		const {copy, terminal} = copier({WAYLAND_DISPLAY: 'wayland-0'}, 'linux', false);
		assert.equal(await copy(), 'terminal');
		assert.deepEqual(terminal, [osc52Sequence(token)]);
	});

	it('goes through the terminal over SSH on macOS, whose clipboard would be the remote machine\'s', async () => {
		const {copy, system} = copier({SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22'}, 'darwin', true);
		assert.equal(await copy(), 'terminal');
		assert.deepEqual(system, []);
		assert.equal(await copier({}, 'darwin', true).copy(), 'system');
	});
});

describe('applyNoColor', () => {
	it('turns colour off for a non-empty NO_COLOR, unless FORCE_COLOR says otherwise', () => {
		const cases: Array<[NodeJS.ProcessEnv, string | undefined]> = [
			[{NO_COLOR: '1'}, '0'],
			[{NO_COLOR: 'anything'}, '0'],
			[{NO_COLOR: ''}, undefined],
			[{}, undefined],
			[{NO_COLOR: '1', FORCE_COLOR: '2'}, '2'],
		];
		for (const [env, expected] of cases) {
			applyNoColor(env);
			assert.equal(env.FORCE_COLOR, expected, JSON.stringify(env));
		}
	});
});
