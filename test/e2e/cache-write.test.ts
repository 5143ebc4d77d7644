// In a real terminal, a token fetched for a profile whose file cannot be written is still shown: the result screen
// says where it could not be saved and that the token still works, and q then exits 4, never a stack trace.

import assert from 'node:assert/strict';
import {chmodSync, chownSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {assertExitedSane, assertNeverShown, startPtyTerminal, tempDirectory, unwrap} from '../helpers/pty-terminal.js';

const secret = 'Cache+Write$ecret/x=';
const clientId = 'sb-cache-write!t9';
const nobody = 65_534;

describe('a token that cannot be cached, in a real terminal', () => {
	let demo: DemoServer;
	before(async () => {
		demo = await startDemoServer({clientId, clientSecret: secret});
	});
	after(async () => {
		await demo.close();
	});

	it('shows the token with a notice naming the file and exits 4 on q, as a user whose profiles directory is read-only', async t => {
		const home = tempDirectory(t);
		chmodSync(home, 0o755);
		const configDir = join(home, 'config');
		const store = openProfileStore({directory: configDir});
		const time = new Date().toISOString();
		store.save({name: 'p', url: demo.uaaUrl, clientId, clientSecret: secret, createdAt: time, lastUsedAt: time});
		const before = readFileSync(store.pathOf('p'), 'utf8');
		// The user's own config, made read-only by the user: the profile can be read, not written.
		for (const path of [configDir, join(configDir, 'profiles'), store.pathOf('p')]) {
			chownSync(path, nobody, nobody);
		}

		chmodSync(join(configDir, 'profiles'), 0o500);

		const terminal = await startPtyTerminal(t, {configDir, args: ['--profile', 'p'], uid: nobody, reportTerminalState: true});
		const screen = unwrap(await terminal.waitFor('✓ Token received'));
		assert.equal(demo.tokenRequestCount(), 1, 'the server was asked');
		assert.ok(screen.includes(`Could not save the token to ${store.pathOf('p')}:`), screen);
		assert.match(screen, /permission denied \(EACCES\)/);
		assert.match(screen, /The token below still works\./);
		assert.match(screen, /access_token\s+\S+…\S+/, 'the token is on the screen');
		assert.doesNotMatch(terminal.rawOutput(), /\n\s+at |EACCES: permission denied/, 'no stack trace, no raw errno text');
		assertNeverShown(terminal, secret);

		await terminal.press('q');
		await assertExitedSane(terminal, 4);
		assert.equal(readFileSync(store.pathOf('p'), 'utf8'), before, 'the profile is as it was');
		assert.deepEqual(readdirSync(join(configDir, 'profiles')), ['p.json'], 'nothing half-written is left');
	});
});
