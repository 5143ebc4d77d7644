import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import lockfile from 'proper-lockfile';
import {type Profile} from '../../source/profiles/profile-store.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {keys, renderApp, walkToSecret} from '../helpers/ink.js';

const secret = 'Pr0f+ile$ecret/=';
const hour = 3600 * 1000;

describe('profiles in the app: picker, reuse, save', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-profiles-'});
	const {app} = suite;

	/** Walks the wizard with url and clientid filled in to the result screen, where saving is offered. */
	async function tokenForNewValues() {
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await walkToSecret(driver);
		await driver.typeText(secret);
		await driver.press(keys.enter);
		await driver.waitFor('press s to save these values as a profile');
		return driver;
	}

	function saveProfile(name: string, options: {expiresInMs?: number; lastUsedMinutesAgo?: number; hasSecret?: boolean; url?: string} = {}): Profile {
		const now = Date.now();
		const lastUsed = new Date(now - (options.lastUsedMinutesAgo ?? 0) * 60_000).toISOString();
		const profile: Profile = {
			name,
			url: options.url ?? suite.demo.uaaUrl,
			clientId: suite.demo.clientId,
			...(options.hasSecret === false ? {} : {clientSecret: secret}),
			authMethod: 'post',
			createdAt: lastUsed,
			lastUsedAt: lastUsed,
			...(options.expiresInMs === undefined
				? {}
				: {
						token: {
							accessToken: `cached-token-of-${name}-${'x'.repeat(40)}`,
							tokenType: 'bearer',
							scopes: ['uaa.resource'],
							jti: `jti-${name}`,
							expiresAt: now + options.expiresInMs,
							receivedAt: now + options.expiresInMs - 12 * hour,
						},
					}),
		};
		suite.store.save(profile);
		return profile;
	}

	it('opens the picker first, most recently used first, with host and token state', async () => {
		saveProfile('older', {expiresInMs: -hour, lastUsedMinutesAgo: 60});
		saveProfile('newest', {expiresInMs: 11 * hour + 2.5 * 60_000, lastUsedMinutesAgo: 1});
		saveProfile('middle', {expiresInMs: 3.5 * 60_000, lastUsedMinutesAgo: 10});
		const driver = await renderApp(app());
		const screen = await driver.waitFor('Saved profiles');
		const rows = screen.split('\n').filter(line => /newest|middle|older/.test(line));
		assert.equal(rows.length, 3);
		assert.match(rows[0]!, /› newest\s+valid 11 h 02 min\s+127\.0\.0\.1:\d+/);
		assert.match(rows[1]!, /middle\s+expires in 3 min/);
		assert.match(rows[2]!, /older\s+expired/);
		assert.match(screen, /\+ New profile/);
	});

	it('reuses a cached token with time to spare, without asking the server', async () => {
		saveProfile('cached', {expiresInMs: 6 * hour});
		const before = suite.demo.tokenRequestCount();
		const driver = await renderApp(app());
		await driver.waitFor('› cached');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Cached token for the profile "cached"');
		assert.match(screen.replaceAll('\n', ' '), /reused because more than 5 min of it remain/);
		assert.match(screen, /jti\s+jti-cached/);
		assert.equal(suite.demo.tokenRequestCount(), before);
		assert.ok(Date.parse(suite.store.get('cached')!.lastUsedAt) > Date.now() - 60_000, 'choosing it marks it as used');
	});

	it('requests a new token for an expiring profile with a saved secret, and stores it', async () => {
		saveProfile('stale', {expiresInMs: 4 * 60_000});
		const before = suite.demo.tokenRequestCount();
		const driver = await renderApp(app());
		await driver.waitFor('› stale');
		await driver.press(keys.enter);
		await driver.waitFor('Token received for the profile "stale"');
		assert.equal(suite.demo.tokenRequestCount(), before + 1);
		const saved = suite.store.get('stale')!;
		assert.ok(saved.token!.expiresAt > Date.now() + 11 * hour);
		assert.equal(saved.token!.accessToken.split('.').length, 3);
	});

	it('asks only for the secret of a profile that did not save it, and keeps not saving it', async () => {
		saveProfile('nosecret', {expiresInMs: -hour, hasSecret: false});
		const driver = await renderApp(app());
		await driver.waitFor('› nosecret');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /profile\s+nosecret/);
		assert.match(screen, new RegExp(`url\\s+${suite.demo.uaaUrl}`));
		await driver.typeText(secret);
		await driver.press(keys.enter);
		await driver.waitFor('Token received for the profile "nosecret"');
		const raw = readFileSync(suite.store.pathOf('nosecret'), 'utf8');
		assert.ok(!raw.includes(secret), 'the secret stays out of the file');
		assert.ok(suite.store.get('nosecret')!.token!.expiresAt > Date.now());
	});

	it('filters as you type, and Esc clears the filter', async () => {
		saveProfile('prod-eu10', {lastUsedMinutesAgo: 2});
		saveProfile('dev-us10', {lastUsedMinutesAgo: 1});
		const driver = await renderApp(app());
		await driver.waitFor('dev-us10');
		await driver.typeText('prod');
		let screen = await driver.waitFor('filter: prod');
		assert.match(screen, /› prod-eu10/);
		assert.doesNotMatch(screen, /dev-us10/);
		await driver.press(keys.escape);
		screen = await driver.waitFor('(type to filter)');
		assert.match(screen, /dev-us10/);
	});

	it('deletes a profile only after y, and keeps it on any other key', async () => {
		saveProfile('keepme');
		const driver = await renderApp(app());
		await driver.waitFor('› keepme');
		await driver.press('d');
		await driver.waitFor('Delete the profile "keepme"');
		await driver.press('n');
		await driver.waitFor('(type to filter)');
		assert.ok(existsSync(suite.store.pathOf('keepme')));
		await driver.press('d');
		await driver.waitFor('Delete the profile "keepme"');
		await driver.press('y');
		await driver.waitFor('Deleted the profile "keepme"');
		assert.ok(!existsSync(suite.store.pathOf('keepme')));
		assert.doesNotMatch(driver.screen(), /› keepme/);
	});

	it('renames a profile, refusing a name that is taken', async () => {
		saveProfile('first', {lastUsedMinutesAgo: 1});
		saveProfile('second', {lastUsedMinutesAgo: 2});
		const driver = await renderApp(app());
		await driver.waitFor('› first');
		await driver.press('r');
		await driver.waitFor('Rename "first" to:');
		for (let index = 0; index < 'first'.length; index++) {
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await driver.press(keys.backspace);
		}

		await driver.typeText('second');
		await driver.press(keys.enter);
		await driver.waitFor('already exists');
		await driver.typeText('-renamed');
		await driver.press(keys.enter);
		await driver.waitFor('Renamed "first" to "second-renamed"');
		assert.ok(existsSync(suite.store.pathOf('second-renamed')));
		assert.ok(!existsSync(suite.store.pathOf('first')));
	});

	it('edits a profile through the wizard with its values filled in, and saves the change', async () => {
		saveProfile('editme', {url: `${suite.demo.uaaUrl}/service-api`});
		const driver = await renderApp(app());
		await driver.waitFor('› editme');
		await driver.press('e');
		let screen = await driver.waitFor('Step 1/3 url');
		assert.match(screen, new RegExp(`> ${suite.demo.uaaUrl}/service-api`));
		for (let index = 0; index < '/service-api'.length; index++) {
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await driver.press(keys.backspace);
		}

		await driver.press(keys.enter);
		await driver.waitFor('Step 2/3');
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 3/3');
		assert.match(screen, /> kept: 16 characters/, 'the saved secret is kept, shown by its length, not as stars to type after');
		await driver.press(keys.enter);
		screen = await driver.waitFor('Saved as the profile "editme"');
		assert.equal(suite.store.get('editme')!.url, suite.demo.uaaUrl);
		assert.equal(suite.store.get('editme')!.clientSecret, secret);
	});

	it('offers to save new values, with the url host as the default name, and stores the secret only on y', async () => {
		const driver = await tokenForNewValues();
		await driver.press('s');
		let screen = await driver.waitFor('Save these values as a profile');
		assert.match(screen, /> local/);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Store the clientsecret in the profile "local" too?');
		// A path has no spaces, so wherever the terminal wrapped it, removing whitespace restores it.
		assert.ok(screen.replace(/\s+/g, '').includes(suite.store.pathOf('local')), 'it says where the file is');
		await driver.press('y');
		await driver.waitFor('Saved as the profile "local"');
		assert.equal(statSync(suite.store.pathOf('local')).mode & 0o777, 0o600);
		assert.equal(suite.store.get('local')!.clientSecret, secret);
		assert.ok(!driver.allOutput().includes(secret));
	});

	it('saves without the secret on n', async () => {
		saveProfile('local');
		const driver = await tokenForNewValues();
		await driver.press('s');
		await driver.waitFor('> local-2');
		await driver.press(keys.enter);
		await driver.waitFor('too?');
		await driver.press('n');
		await driver.waitFor('without the clientsecret');
		assert.equal(suite.store.get('local-2')!.clientSecret, undefined);
		assert.ok(suite.store.get('local-2')!.token);
	});

	it('gets a fresh token on R, and says when the countdown has run out', async () => {
		saveProfile('countdown', {expiresInMs: 6 * hour});
		let clock = Date.now();
		const driver = await renderApp(app({now: () => clock}));
		await driver.waitFor('› countdown');
		await driver.press(keys.enter);
		await driver.waitFor('Cached token');
		clock += 7 * hour;
		await driver.waitFor('expired: the server will refuse this token now. Press R for a new one.', 3000);
		clock = Date.now();
		const before = suite.demo.tokenRequestCount();
		await driver.press('R');
		await driver.waitFor('Token received for the profile "countdown"');
		assert.equal(suite.demo.tokenRequestCount(), before + 1);
	});

	it('tells the user where an unreadable profile file went, and carries on', async () => {
		saveProfile('fine');
		writeFileSync(suite.store.pathOf('broken'), '{"profile": {"url": ');
		const driver = await renderApp(app({store: openProfileStore({directory: suite.directory})}));
		const screen = (await driver.waitFor('could not be read')).replaceAll('\n', ' ');
		assert.match(screen, /The saved profile "broken" could not be read \(it is not valid JSON\)\. It was moved to \S+broken\.json\.corrupt-/);
		assert.match(screen, /› fine/);
		assert.ok(readdirSync(join(suite.directory, 'profiles')).some(file => file.startsWith('broken.json.corrupt-')));
	});

	it('replaces a saved secret that stopped working with the one re-entered', async () => {
		const stale = saveProfile('rotated', {expiresInMs: -hour});
		suite.store.save({...stale, clientSecret: 'old-secret-value'});
		const driver = await renderApp(app());
		await driver.waitFor('› rotated');
		await driver.press(keys.enter);
		await driver.waitFor('The clientid or clientsecret is wrong');
		await driver.press(keys.enter);
		await driver.waitFor('Step 3/3 clientsecret');
		await driver.typeText(secret);
		await driver.press(keys.enter);
		await driver.waitFor('Token received for the profile "rotated"');
		assert.equal(suite.store.get('rotated')!.clientSecret, secret);
	});

	it('opens the named profile at once for --profile', async () => {
		saveProfile('direct', {expiresInMs: 6 * hour});
		saveProfile('other', {expiresInMs: 6 * hour});
		const driver = await renderApp(app({initialProfile: 'direct'}));
		await driver.waitFor('Cached token for the profile "direct"');
	});

	it('waits, saying so, while another uaa-token holds the profile\'s refresh lock, then shows the token that one kept', async () => {
		const profile = saveProfile('shared', {expiresInMs: -hour});
		const path = suite.store.pathOf('shared');
		// As another process holds it: proper-lockfile's directory beside the profile, touched by its holder.
		const release = await lockfile.lock(path, {realpath: false, lockfilePath: `${path}.lock`, stale: 5000});
		const requests = suite.demo.tokenRequestCount();
		const driver = await renderApp(app({initialProfile: 'shared'}));
		await driver.waitFor('another uaa-token is asking for this profile\'s token; waiting to use it');
		const now = Date.now();
		suite.store.save({...profile, token: {accessToken: `kept-by-the-other-${'k'.repeat(40)}`, tokenType: 'bearer', scopes: ['uaa.resource'], expiresAt: now + 12 * hour, receivedAt: now}});
		await release();
		await driver.waitFor('Cached token for the profile "shared"');
		assert.equal(suite.demo.tokenRequestCount(), requests, 'the token the other process kept, not a request of its own');
	});

	it('starts the practice server from the picker entry', async () => {
		saveProfile('any');
		let isDemoStarted = false;
		const driver = await renderApp(
			app({
				async startDemo() {
					isDemoStarted = true;
					return {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret};
				},
			}),
		);
		await driver.waitFor('Try the demo');
		await driver.press('\u001B[B', '\u001B[B', '\u001B[B', '\u001B[B');
		await driver.waitFor('› * Try the demo');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Demo value');
		assert.ok(isDemoStarted);
		assert.match(screen, /Step 1\/3 url/);
	});
});
