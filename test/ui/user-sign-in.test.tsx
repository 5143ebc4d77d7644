// Signing in as a user in the app, in process, against the practice server: g on a client-credentials result, the
// browser sign-in through the real loopback listener (the browser's part done over HTTP), saving the user's profile,
// and the picker's entry and label for it.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {browserSignIn} from '../../source/oauth/browser-sign-in.js';
import type {BrowserSignIn} from '../../source/ui/app-props.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {keys, renderApp, walkToSecret} from '../helpers/ink.js';
import {signInAtAuthorizeUrl} from '../helpers/user-sign-in.js';

const secret = 'Us3r+Sign$in/=';

describe('signing in as a user in the app', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-user-app-'});

	/** The product's browser sign-in, with a person's part done over HTTP once the page is shown and the person is back. */
	const browserSignInOnceBack =
		(personIsBack: Promise<void>): BrowserSignIn =>
		async ({onShown, ...options}) =>
			browserSignIn({
				...options,
				port: 0,
				timeoutMs: 10_000,
				async showUrl(url) {
					onShown(url);
					await personIsBack;
					await signInAtAuthorizeUrl(url, suite.demo.user);
				},
			});
	const signInWithBrowser = browserSignInOnceBack(Promise.resolve());

	it('g on the app\'s token signs the user in with the browser; the user profile is saved and labelled in the picker', async () => {
		const driver = await renderApp(suite.app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}, signInWithBrowser}));
		await walkToSecret(driver);
		await driver.typeText(secret);
		await driver.press(keys.enter);
		let screen = await driver.waitFor('g user token');
		assert.doesNotMatch(screen, /^grant /m, 'the app\'s own token shows no grant row: the beginner\'s screen is as it was');
		await driver.press('g');
		await driver.waitFor('Sign in as a user');
		await driver.press('b');
		screen = await driver.waitFor('user_name');
		assert.match(screen, /grant +authorization_code \(a user, signed in in the browser\)/);
		assert.match(screen, /user_name +jane\.doe@example\.com/);
		assert.match(screen, /refresh_token +received/);
		assert.doesNotMatch(screen, /g user token/, 'a user token offers no g');

		await driver.press('s');
		await driver.waitFor('Save these values as a profile');
		await driver.press(keys.enter);
		await driver.waitFor('store the secret too');
		await driver.press('y');
		await driver.waitFor('Saved');
		const saved = suite.store.list().find(profile => profile.signIn);
		assert.deepEqual(saved?.signIn, {method: 'code', username: suite.demo.user.username});
		assert.ok(saved?.token?.refreshToken, 'the refresh token is kept');

		await driver.press(keys.escape);
		screen = await driver.waitFor('Saved profiles');
		assert.match(screen, /user token for jane\.doe@example\.com via browser/);
		assert.match(screen, /\+ Sign in as a user/);
	});

	it('while the browser is out the screen waits for the sign-in, and asks for the token only once the browser is back', async () => {
		let comeBack: () => void = () => {};
		const browserBack = new Promise<void>(resolve => {
			comeBack = resolve;
		});
		const driver = await renderApp(
			suite.app({
				initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId},
				signInAs: {method: 'code'},
				signInWithBrowser: browserSignInOnceBack(browserBack),
			}),
		);
		await walkToSecret(driver);
		await driver.typeText(secret);
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Waiting for the sign-in in the browser; Esc stops waiting');
		assert.match(screen, /Sign in in the browser/);
		assert.doesNotMatch(screen, /Requesting a token/, 'no token is asked for while the person signs in');
		const tokenRequestsBefore = suite.demo.tokenRequestCount();
		comeBack();
		await driver.waitFor('user_name');
		assert.equal(suite.demo.tokenRequestCount(), tokenRequestsBefore + 1, 'the code is exchanged once the browser is back');
	});

	it('a saved user profile whose token ran out is refreshed without a sign-in', async () => {
		const first = await browserSignIn({
			baseUrl: suite.demo.uaaUrl,
			clientId: suite.demo.clientId,
			port: 0,
			timeoutMs: 10_000,
			async showUrl(url) {
				await signInAtAuthorizeUrl(url, suite.demo.user);
			},
		});
		const {requestToken} = await import('../../source/oauth/token-client.js');
		const token = await requestToken({url: suite.demo.uaaUrl, clientId: suite.demo.clientId, clientSecret: secret, grant: first});
		const time = new Date().toISOString();
		suite.store.save({
			name: 'jane',
			url: suite.demo.uaaUrl,
			clientId: suite.demo.clientId,
			clientSecret: secret,
			createdAt: time,
			lastUsedAt: time,
			signIn: {method: 'code', username: suite.demo.user.username},
			token: {...token, expiresAt: Date.now() - 1000, receivedAt: Date.now() - 13 * 3600 * 1000, refreshToken: token.refreshToken!},
		});
		const refreshesBefore = suite.demo.grantCount('refresh_token');
		const driver = await renderApp(suite.app({initialProfile: 'jane', signInWithBrowser: async () => assert.fail('no browser: the refresh token serves')}));
		const screen = await driver.waitFor('Token received for the profile "jane"');
		assert.match(screen, /grant +refresh_token/);
		assert.equal(suite.demo.grantCount('refresh_token') - refreshesBefore, 1);
	});
});
