// Saving a profile in a real pseudo-terminal, and a second launch that picks it and reuses its cached token.

import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {assertExitedSane, assertNeverShown, escapeRegExp, keys, startPtyTerminal, tempDirectory, unwrap} from '../helpers/pty-terminal.js';

const secret = 'Pr0file+Secret$/x=';
const clientId = 'sb-e2e-profile!t9';
const profileName = 'e2e-demo';

describe('profiles in a real terminal', () => {
	let demo: DemoServer;
	before(async () => {
		demo = await startDemoServer({clientId, clientSecret: secret});
	});
	after(async () => {
		await demo.close();
	});

	it('saves a profile with s, then a second launch picks it and shows its cached token without asking the server', async t => {
		const configDir = tempDirectory(t);

		// First launch: the wizard, typed by hand, then s to save.
		const first = await startPtyTerminal(t, {configDir, reportTerminalState: true});
		let screen = await first.waitFor('Step 1/3 url');
		assert.doesNotMatch(screen, /Saved profiles/, 'no picker before anything is saved');
		await first.enterValue(demo.uaaUrl);
		await first.waitFor('Step 2/3 clientid');
		await first.enterValue(clientId);
		await first.waitFor('Step 3/3 clientsecret');
		await first.enterValue(secret, {isMasked: true});
		screen = await first.waitFor('✓ Token received');
		assert.equal(demo.tokenRequestCount(), 1);
		assert.match(screen, /press s to save these values as a profile/);
		assert.match(screen, /s save as profile/);
		const firstMask = /access_token\s+(\S+…\S+)/.exec(screen)?.[1];
		assert.ok(firstMask);

		await first.press('s');
		screen = await first.waitFor('Save these values as a profile');
		assert.match(screen, /Name \(letters, digits, dots, dashes or underscores\):/);
		const suggested = /^> (\S*)$/m.exec(screen)?.[1] ?? '';
		await first.press(...Array.from(suggested, () => keys.backspace));

		await first.enterValue(profileName);
		const profilePath = join(configDir, 'profiles', `${profileName}.json`);
		screen = await first.waitFor(`Store the clientsecret in the profile "${profileName}" too?`);
		assert.ok(unwrap(screen).includes(`It would be kept in ${profilePath}, a file only you can read (mode 0600)`), screen);
		assert.match(screen, /y store the secret too\s+n do not store it/);
		await first.press('y');
		screen = await first.waitFor(`✓ Saved as the profile "${profileName}" in ${profilePath}, clientsecret included.`);
		assert.doesNotMatch(screen, /s save as profile/, 'saved values are not offered for saving again');

		assert.equal(statSync(profilePath).mode & 0o777, 0o600, 'the profile file is readable by its owner only');
		const saved = readFileSync(profilePath, 'utf8');
		assert.ok(saved.includes(clientId) && saved.includes(demo.uaaUrl));
		await first.press('q');
		await assertExitedSane(first, 0);
		assertNeverShown(first, secret);

		// Second launch, same config dir: the picker, then the cached token.
		const second = await startPtyTerminal(t, {configDir});
		screen = await second.waitFor('Saved profiles');
		assert.match(screen, new RegExp(`› ${profileName}\\s+valid 11 h \\d+ min\\s+${escapeRegExp(new URL(demo.uaaUrl).host)}`));
		assert.match(screen, /\+ New profile/);
		await second.press(keys.enter);
		screen = await second.waitFor(`✓ Cached token for the profile "${profileName}"`);
		assert.match(unwrap(screen), /reused because more than 5 min of it remain/);
		assert.match(screen, new RegExp(`access_token\\s+${escapeRegExp(firstMask)}`), 'the same token as the first launch');
		assert.match(screen, /token_type\s+bearer/);
		assert.match(screen, /remaining\s+11 h 5\d min \d+ s left/);
		assert.doesNotMatch(screen, /Step \d\/3/, 'nothing was asked');
		assert.equal(demo.tokenRequestCount(), 1, 'the cached token was used, no new request was made');
		await second.press('q');
		assert.equal((await second.exited).exitCode, 0);
		assertNeverShown(second, secret);
	});
});
