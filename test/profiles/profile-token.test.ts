import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, it} from 'node:test';
import {describeTokenState, tokenStateOf} from '../../source/presentation/token-state.js';
import type {Token} from '../../source/oauth/token-client.js';
import {type CachedToken, type Profile} from '../../source/profiles/profile-store.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {cacheMarginMs, isCacheUsable, recordToken, tokenFromCache} from '../../source/profiles/profile-token.js';

const now = Date.parse('2025-03-10T12:00:00.000Z');
const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

function cachedToken(overrides: Partial<CachedToken> = {}): CachedToken {
	return {
		accessToken: 'eyJhbGciOiJSUzI1NiJ9.cached.signature',
		tokenType: 'bearer',
		scopes: ['uaa.resource'],
		jti: 'aaaabbbbccccddddeeeeffff00001111',
		expiresAt: now + hour,
		receivedAt: now - (11 * hour),
		authMethod: 'basic',
		tokenUrl: 'https://sub.authentication.eu10.hana.ondemand.com/oauth/token',
		...overrides,
	};
}

function savedProfile(overrides: Partial<Profile> = {}): Profile {
	return {
		name: 'sub',
		url: 'https://sub.authentication.eu10.hana.ondemand.com',
		clientId: 'sb-app!t1',
		clientSecret: 'saved+secret',
		authMethod: 'post',
		createdAt: '2025-03-01T08:00:00.000Z',
		lastUsedAt: '2025-03-01T08:00:00.000Z',
		token: cachedToken({expiresAt: now - minute, receivedAt: now - (12 * hour) - minute, authMethod: 'post', accessToken: 'old-token'}),
		...overrides,
	};
}

function freshToken(overrides: Partial<Token> = {}): Token {
	return {
		accessToken: 'eyJhbGciOiJSUzI1NiJ9.fresh.signature',
		tokenType: 'bearer',
		expiresIn: 43_199,
		scopes: ['uaa.resource', 'app!t1.Read'],
		jti: '0123456789abcdef0123456789abcdef',
		authMethod: 'basic',
		tokenUrl: 'https://sub.authentication.eu10.hana.ondemand.com/oauth/token',
		receivedAt: now,
		expiresAt: now + (43_199 * second),
		...overrides,
	};
}

describe('isCacheUsable', () => {
	it('reuses a token with more than 5 minutes left', () => {
		assert.equal(cacheMarginMs, 5 * minute);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now + (5 * minute) + second}), now), true);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now + (11 * hour)}), now), true);
	});

	it('does not reuse a token with exactly 5 minutes left, less, none, or no token at all', () => {
		assert.equal(isCacheUsable(cachedToken({expiresAt: now + (5 * minute)}), now), false);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now + (5 * minute) - 1}), now), false);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now + minute}), now), false);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now}), now), false);
		assert.equal(isCacheUsable(cachedToken({expiresAt: now - hour}), now), false);
		assert.equal(isCacheUsable(undefined, now), false);
	});
});

describe('tokenFromCache', () => {
	it('gives the original lifetime as expires_in, not the time left', () => {
		const cached = cachedToken({receivedAt: now - (11 * hour), expiresAt: now - (11 * hour) + (43_199 * second)});
		const token = tokenFromCache(cached, savedProfile());

		assert.equal(token.expiresIn, 43_199);
		assert.equal(token.expiresAt, cached.expiresAt);
		assert.equal(token.receivedAt, cached.receivedAt);
		assert.equal(token.accessToken, cached.accessToken);
		assert.equal(token.tokenType, 'bearer');
		assert.deepEqual(token.scopes, ['uaa.resource']);
		assert.equal(token.jti, cached.jti);
		assert.equal(token.authMethod, 'basic');
		assert.equal(token.tokenUrl, cached.tokenUrl);
	});

	it('falls back to <url>/oauth/token and to the profile method when the cache lacks them', () => {
		const {tokenUrl: _url, authMethod: _method, ...cached} = cachedToken();
		const token = tokenFromCache(cached, savedProfile({url: 'https://other.authentication.us10.hana.ondemand.com', authMethod: 'basic'}));

		assert.equal(token.tokenUrl, 'https://other.authentication.us10.hana.ondemand.com/oauth/token');
		assert.equal(token.authMethod, 'basic');
		assert.equal(tokenFromCache(cached, savedProfile({authMethod: undefined})).authMethod, 'post');
	});

	it('leaves expires_in unknown when the time received was not saved', () => {
		const {receivedAt: _received, ...cached} = cachedToken();
		const token = tokenFromCache(cached, savedProfile());
		assert.equal(token.expiresIn, undefined);
		assert.equal(token.expiresAt, cached.expiresAt);
	});
});

describe('recordToken against a real store', () => {
	let directory: string;
	beforeEach(() => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-record-'));
	});
	afterEach(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	it('saves the new token and the method that worked, marks the profile used, and keeps the saved secret', () => {
		const store = openProfileStore({directory});
		const profile = savedProfile();
		store.save(profile);

		const token = freshToken();
		const updated = recordToken(store, profile, token, {now});

		const expected: Profile = {
			...profile,
			authMethod: 'basic',
			lastUsedAt: '2025-03-10T12:00:00.000Z',
			token: {
				accessToken: token.accessToken,
				tokenType: 'bearer',
				scopes: ['uaa.resource', 'app!t1.Read'],
				jti: token.jti,
				expiresAt: token.expiresAt!,
				receivedAt: now,
				authMethod: 'basic',
				tokenUrl: token.tokenUrl,
			},
		};
		assert.deepEqual(updated, expected);
		assert.deepEqual(openProfileStore({directory}).get('sub'), expected);
		assert.equal(updated.clientSecret, 'saved+secret');
		assert.equal(readFileSync(store.pathOf('sub'), 'utf8').includes('old-token'), false);
		assert.equal(isCacheUsable(store.get('sub')!.token, now + hour), true);
	});

	it('stores a new secret when one is passed', () => {
		const store = openProfileStore({directory});
		store.save(savedProfile());

		recordToken(store, savedProfile({clientSecret: 'rotated/secret'}), freshToken(), {now});
		assert.equal(store.get('sub')!.clientSecret, 'rotated/secret');
	});

	it('does not invent a secret for a profile saved without one', () => {
		const store = openProfileStore({directory});
		const {clientSecret: _none, ...withoutSecret} = savedProfile();
		store.save(withoutSecret);

		recordToken(store, withoutSecret, freshToken(), {now});
		assert.equal(Object.hasOwn(store.get('sub')!, 'clientSecret'), false);
		assert.equal(readFileSync(store.pathOf('sub'), 'utf8').includes('clientsecret'), false);
	});

	it('drops the old cached token when the new one has no expiry, so it is never reused', () => {
		const store = openProfileStore({directory});
		store.save(savedProfile({token: cachedToken()}));

		recordToken(store, savedProfile({token: cachedToken()}), freshToken({expiresIn: undefined, expiresAt: undefined}), {now});
		assert.equal(store.get('sub')!.token, undefined);
		assert.equal(store.get('sub')!.lastUsedAt, '2025-03-10T12:00:00.000Z');
	});
});

describe('describeTokenState', () => {
	it('says how long a valid token lasts in hours and minutes', () => {
		assert.equal(describeTokenState(now + (11 * hour) + (2 * minute) + (30 * second), now), 'valid 11 h 02 min');
		assert.equal(describeTokenState(now + (42 * minute), now), 'valid 42 min');
		assert.equal(describeTokenState(now + hour, now), 'valid 1 h 00 min');
	});

	it('warns when a token is within the 5-minute margin', () => {
		assert.equal(describeTokenState(now + (3 * minute) + (30 * second), now), 'expires in 3 min');
		assert.equal(describeTokenState(now + (5 * minute), now), 'expires in 5 min');
		assert.equal(describeTokenState(now + (30 * second), now), 'expires in less than 1 min');
		assert.equal(describeTokenState(now + 1, now), 'expires in less than 1 min');
	});

	it('says expired at and after the expiry, and no token yet without one', () => {
		assert.equal(describeTokenState(now, now), 'expired');
		assert.equal(describeTokenState(now - hour, now), 'expired');
		assert.equal(describeTokenState(undefined, now), 'no token yet');
	});

	it('agrees with isCacheUsable on which tokens are still good to reuse', () => {
		for (const left of [-minute, 0, second, 5 * minute, (5 * minute) + 1, (5 * minute) + second, hour]) {
			const usable = isCacheUsable(cachedToken({expiresAt: now + left}), now);
			assert.equal(tokenStateOf(now + left, now) === 'valid', usable, `${left} ms left`);
		}
	});
});
