// The small confusions found on a walk through the app, each as the user met it: the demo's label, s in --demo, the
// delete prompt, a re-imported key and a revealed token beside the guide.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Profile} from '../../source/profiles/profile-store.js';
import type {DemoValues} from '../../source/ui/app.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {type AppDriver, keys, renderApp, unwrap} from '../helpers/ink.js';

const secret = 'L00se+Ends$/x=';
const demoLabel = /\[demo: practice server/;

describe('loose ends in the app', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-loose-ends-'});

	const demoValues = (): DemoValues => ({url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret, serviceUrl: suite.demo.serviceUrl});

	function saveProfile(name: string, {hasSecret = true, hasToken = false, minutesAgo = 0}: {hasSecret?: boolean; hasToken?: boolean; minutesAgo?: number} = {}): void {
		const now = new Date(Date.now() - minutesAgo * 60_000).toISOString();
		const profile: Profile = {
			name,
			url: suite.demo.uaaUrl,
			clientId: suite.demo.clientId,
			...(hasSecret ? {clientSecret: secret} : {}),
			authMethod: 'post',
			createdAt: now,
			lastUsedAt: now,
			...(hasToken ? {token: {accessToken: `cached-${'x'.repeat(40)}`, tokenType: 'bearer', scopes: [], expiresAt: Date.now() + 3_600_000, receivedAt: Date.now()}} : {}),
		};
		suite.store.save(profile);
	}

	/** Tab and Enter through the three steps with the practice values. */
	async function demoToken(driver: AppDriver): Promise<void> {
		for (const step of ['Step 1/3', 'Step 2/3', 'Step 3/3']) {
			// eslint-disable-next-line no-await-in-loop -- one step after the other
			await driver.waitFor(step);
			// eslint-disable-next-line no-await-in-loop -- one step after the other
			await driver.press(keys.tab);
			// eslint-disable-next-line no-await-in-loop -- one step after the other
			await driver.press(keys.enter);
		}

		await driver.waitFor('✓ Token received');
	}

	it('shows the demo label with the practice values only, not on the picker or a saved profile', async () => {
		saveProfile('mine');
		const driver = await renderApp(suite.app({demoValues: demoValues()}));
		let screen = await driver.waitFor('Step 1/3 url');
		assert.match(screen, demoLabel, 'the practice wizard is labelled');
		await driver.press(keys.escape);
		screen = await driver.waitFor('Saved profiles');
		assert.doesNotMatch(screen, demoLabel, 'the picker is not the demo');
		await driver.press(keys.enter);
		screen = await driver.waitFor('✓ Token received for the profile "mine"');
		assert.doesNotMatch(screen, demoLabel, 'a saved profile is not the demo');
	});

	it('says why s saves nothing in --demo instead of doing nothing', async () => {
		const driver = await renderApp(suite.app({demoValues: demoValues()}));
		await demoToken(driver);
		assert.doesNotMatch(driver.screen(), /s save as profile/);
		await driver.press('s');
		const screen = unwrap(await driver.waitFor('not saved as a profile'));
		assert.match(screen, /same for everyone/);
		assert.match(screen, /without --demo/);
		assert.deepEqual(suite.store.list(), []);
	});

	it('mentions the saved secret in the delete prompt only when the profile holds one', async () => {
		saveProfile('bare', {hasSecret: false});
		saveProfile('full', {hasToken: true, minutesAgo: 5});
		const driver = await renderApp(suite.app());
		await driver.waitFor('Saved profiles');
		// The one used last comes first: bare, then full.
		await driver.press('d');
		let screen = unwrap(await driver.waitFor('Delete the profile'));
		assert.match(screen, /Delete the profile "bare"\? y deletes/);
		await driver.press('n');
		await driver.waitFor(/^(?!.*Delete the profile)/s);
		await driver.press('\u001B[B');
		await driver.press('d');
		screen = unwrap(await driver.waitFor('Delete the profile'));
		assert.match(screen, /Delete the profile "full", with its saved secret and its token\? y deletes/);
	});

	it('names the saved profile that already holds a re-imported key', async () => {
		saveProfile('already-here');
		const driver = await renderApp(suite.app({initialServiceKeyText: JSON.stringify({uaa: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}})}));
		const screen = unwrap(await driver.waitFor('✓ Read a service key'));
		assert.match(screen, /The saved profile "already-here" already holds this key's url and clientid/);
	});

	it('hides the guide while the token is revealed, so rows copied from the screen hold only the token', async () => {
		const driver = await renderApp(suite.app({demoValues: demoValues(), isTutorial: true}));
		await driver.waitFor('Press Enter to start');
		await driver.press(keys.enter);
		await demoToken(driver);
		assert.match(driver.screen(), /│ Guide/);
		await driver.press('v');
		const screen = await driver.waitFor('hide token');
		assert.doesNotMatch(screen, /│|Guide/, 'nothing beside the token');
		await driver.press('v');
		await driver.waitFor(/│ Guide/);
	});
});
