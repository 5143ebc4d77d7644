// The one token workflow both front-ends call, against the demo server on 127.0.0.1 and real profile files in a temp
// dir: what it asks the server, what it writes, and what it says happened.

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import lockfile from 'proper-lockfile';
import {getToken, saveNewProfile, type TokenEvent, type TokenTransport} from '../../source/core/token-workflow.js';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {TokenRequestError} from '../../source/errors/failure.js';
import {type Credentials, credentialsFromFields} from '../../source/oauth/credentials.js';
import {fetchToken} from '../../source/oauth/fetch-token.js';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import type {Profile, ProfileStore} from '../../source/profiles/profile-store.js';

const secret = 'Work+flow$ecret/1';
const hour = 60 * 60 * 1000;

describe('getToken', () => {
	let demo: DemoServer;
	let directory: string;
	let store: ProfileStore;
	const asked: Array<{credentials: Credentials; preferredMethod?: string}> = [];
	const transport: TokenTransport = async (credentials, options) => {
		asked.push({credentials, preferredMethod: options.preferredMethod});
		return fetchToken(credentials, {signal: options.signal, preferredMethod: options.preferredMethod, grant: options.grant, onAttempt: options.onAttempt, timeoutMs: 5000});
	};

	before(async () => {
		demo = await startDemoServer({clientSecret: secret});
	});
	after(async () => {
		await demo.close();
	});
	beforeEach(() => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-workflow-'));
		store = openProfileStore({directory});
		asked.length = 0;
	});
	afterEach(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	function saveProfile(expiresInMs: number, overrides: Partial<Profile> = {}): Profile {
		const now = Date.now();
		const profile: Profile = {
			name: 'sub',
			url: demo.uaaUrl,
			clientId: demo.clientId,
			clientSecret: secret,
			authMethod: 'basic',
			createdAt: new Date(now - hour).toISOString(),
			lastUsedAt: new Date(now - hour).toISOString(),
			token: {accessToken: `cached-${'c'.repeat(40)}`, tokenType: 'bearer', scopes: ['uaa.resource'], expiresAt: now + expiresInMs, receivedAt: now - hour},
			...overrides,
		};
		store.save(profile);
		return profile;
	}

	const workflow = (events: TokenEvent[] = []) => ({store: () => store, now: Date.now, transport, onEvent: (event: TokenEvent) => events.push(event)});

	it('a user profile: a refused refresh token asks the front-end for the user\'s grant, with the refusal, and keeps the new refresh token', async () => {
		const profile = saveProfile(-hour, {signIn: {method: 'password', username: demo.user.username}});
		store.save({...profile, token: {...profile.token!, refreshToken: 'unknown-refresh-token-r'}});
		const events: TokenEvent[] = [];
		const refusals: unknown[] = [];
		const outcome = await getToken(
			{
				kind: 'profile',
				profile: store.get('sub')!,
				credentials: () => credentialsFromFields(profile)!,
				userGrant({refusedRefresh}) {
					refusals.push(refusedRefresh?.failure);
					return {type: 'password', username: demo.user.username, password: demo.user.password};
				},
			},
			workflow(events),
		);
		assert.deepEqual(refusals.map(failure => (failure as {kind: string; grant: string}).grant), ['refresh_token']);
		assert.ok(events.some(event => event.type === 'refresh-refused'));
		assert.equal(outcome.token.grantType, 'password');
		const kept = store.get('sub')!;
		assert.match(kept.token?.refreshToken ?? '', /-r$/);
		assert.notEqual(kept.token?.refreshToken, 'unknown-refresh-token-r');
		assert.deepEqual(kept.signIn, {method: 'password', username: demo.user.username});

		// The next request uses the kept refresh token, and asks the front-end for nothing.
		const refreshed = await getToken(
			{kind: 'profile', profile: kept, isRefreshForced: true, credentials: () => credentialsFromFields(kept)!, userGrant: () => assert.fail('the refresh token serves')},
			workflow(),
		);
		assert.equal(refreshed.token.grantType, 'refresh_token');
	});

	it('answers with a cached token that has time to spare, asks no server and writes nothing', async () => {
		const profile = saveProfile(6 * hour);
		const before = readFileSync(store.pathOf('sub'), 'utf8');
		const outcome = await getToken({kind: 'profile', profile, credentials: () => credentialsFromFields(profile)!}, workflow());
		assert.equal(outcome.isCached, true);
		assert.equal(outcome.token.accessToken, profile.token!.accessToken);
		assert.deepEqual(asked, []);
		assert.equal(readFileSync(store.pathOf('sub'), 'utf8'), before);
	});

	it('asks the server for a profile whose token is running out, tries its method first, and keeps the new token with the changes', async () => {
		const profile = saveProfile(2 * 60 * 1000, {clientSecret: 'an-old-secret'});
		const events: TokenEvent[] = [];
		const outcome = await getToken(
			{
				kind: 'profile',
				profile,
				credentials: () => credentialsFromFields(profile, secret)!,
				changes: used => (used.kind === 'secret' ? {clientSecret: used.clientSecret} : {}),
			},
			workflow(events),
		);
		assert.equal(outcome.isCached, false);
		assert.equal(asked.length, 1);
		assert.equal(asked[0]!.preferredMethod, 'basic');
		assert.deepEqual(events.map(event => event.type)[0], 'attempt');
		assert.equal(outcome.stored.kind, 'recorded');
		const kept = store.get('sub')!;
		assert.equal(kept.token?.accessToken, outcome.token.accessToken);
		assert.equal(kept.clientSecret, secret, 'the secret that worked replaces the old one');
	});

	it('always asks when told to refresh, even with a good cached token', async () => {
		const profile = saveProfile(6 * hour);
		const outcome = await getToken({kind: 'profile', profile, credentials: () => credentialsFromFields(profile)!, isRefreshForced: true}, workflow());
		assert.equal(asked.length, 1);
		assert.notEqual(outcome.token.accessToken, profile.token!.accessToken);
	});

	it('does not bring back a profile removed while its token was fetched', async () => {
		const profile = saveProfile(-hour);
		const outcome = await getToken(
			{
				kind: 'profile',
				profile,
				credentials() {
					store.remove('sub');
					return credentialsFromFields(profile)!;
				},
			},
			workflow(),
		);
		assert.deepEqual(outcome.stored, {kind: 'profile-gone', name: 'sub'});
		assert.equal(store.get('sub'), undefined);
		assert.ok(outcome.token.accessToken.length > 0, 'the token is still there to show');
	});

	it('saves new values only when asked, and never over a profile of that name', async () => {
		const credentials: Credentials = {kind: 'secret', url: demo.uaaUrl, clientId: demo.clientId, clientSecret: secret, serviceUrl: demo.serviceUrl};
		const unsaved = await getToken({kind: 'values', credentials}, workflow());
		assert.deepEqual(unsaved.stored, {kind: 'not-stored'});
		assert.deepEqual(store.list(), []);

		const saved = await getToken({kind: 'values', credentials, saveAs: {name: 'new', keepSecret: false}}, workflow());
		assert.equal(saved.stored.kind, 'created');
		const profile = store.get('new')!;
		assert.equal(profile.clientSecret, undefined, 'the secret is kept only when asked');
		assert.equal(profile.serviceUrl, demo.serviceUrl);
		assert.equal(profile.token?.accessToken, saved.token.accessToken);

		const before = readFileSync(store.pathOf('new'), 'utf8');
		const again = await saveNewProfile({name: 'new', credentials, keepSecret: true, token: saved.token}, {store: () => store, now: Date.now});
		assert.deepEqual(again, {kind: 'name-taken', name: 'new'});
		assert.equal(readFileSync(store.pathOf('new'), 'utf8'), before);
	});

	it('passes a refusal on as the failure it is, and keeps nothing', async () => {
		const credentials: Credentials = {kind: 'secret', url: demo.uaaUrl, clientId: demo.clientId, clientSecret: 'wrong'};
		await assert.rejects(getToken({kind: 'values', credentials, saveAs: {name: 'refused', keepSecret: true}}, workflow()), (error: unknown) => {
			assert.ok(error instanceof TokenRequestError);
			assert.equal(error.failure.kind, 'bad-credentials');
			return true;
		});
		assert.equal(store.get('refused'), undefined);
	});

	it('waits while another process holds the profile\'s refresh lock, says so once, and gives up after the wait limit in words', async () => {
		const profile = saveProfile(-hour);
		// The lock as another uaa-token holds it: proper-lockfile's directory, touched by its holder.
		const release = await lockfile.lock(store.pathOf('sub'), {realpath: false, lockfilePath: `${store.pathOf('sub')}.lock`, stale: 5000});
		try {
			const events: TokenEvent[] = [];
			const started = Date.now();
			await assert.rejects(
				getToken({kind: 'profile', profile, credentials: () => credentialsFromFields(profile)!}, {...workflow(events), waitLimitMs: 400}),
				(error: unknown) => {
					assert.ok(error instanceof TokenRequestError);
					assert.deepEqual(error.failure, {kind: 'waited-for-other-process', profile: 'sub', timeoutMs: 400});
					assert.match(describeFailure(error.failure).title, /Another uaa-token is still getting this token/);
					return true;
				},
			);
			assert.ok(Date.now() - started >= 400);
			assert.deepEqual(events, [{type: 'waiting'}]);
			assert.deepEqual(asked, [], 'no request while another process holds the lock');
		} finally {
			await release();
		}
	});

	it('uses the token another process recorded while it waited, and asks nothing itself', async () => {
		const profile = saveProfile(-hour);
		const release = await lockfile.lock(store.pathOf('sub'), {realpath: false, lockfilePath: `${store.pathOf('sub')}.lock`, stale: 5000});
		const waiting = getToken({kind: 'profile', profile, credentials: () => credentialsFromFields(profile)!}, workflow());
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		const now = Date.now();
		store.save({...profile, token: {accessToken: `fresh-${'f'.repeat(40)}`, tokenType: 'bearer', scopes: [], expiresAt: now + 12 * hour, receivedAt: now}});
		const outcome = await waiting;
		await release();
		assert.equal(outcome.token.accessToken, `fresh-${'f'.repeat(40)}`);
		assert.equal(outcome.isCached, true);
		assert.deepEqual(asked, []);
	});
});
