// The cache rule shared by the screens and scripts: reuse a saved token only while it has time to spare.

import {type Credentials, fieldsFromCredentials} from '../oauth/credentials.js';
import type {Token} from '../oauth/token-client.js';
import {type CachedToken, cachedTokenFrom, type Profile, type UserSignInRecord} from './profile-file.js';
import type {ProfileStore} from './profile-store.js';

/** As @sap/xssec does: a cached token is reused only while more than 5 minutes of it remain. */
export const cacheMarginMs = 5 * 60 * 1000;

export function isCacheUsable(token: CachedToken | undefined, now: number): token is CachedToken {
	return token !== undefined && token.expiresAt - now > cacheMarginMs;
}

/** A cached token in the shape the result screen and --json show; expires_in is its original lifetime. */
export function tokenFromCache(cached: CachedToken, profile: Profile): Token {
	const receivedAt = cached.receivedAt ?? cached.expiresAt;
	return {
		accessToken: cached.accessToken,
		tokenType: cached.tokenType,
		scopes: cached.scopes,
		jti: cached.jti,
		expiresIn: cached.receivedAt === undefined ? undefined : Math.round((cached.expiresAt - receivedAt) / 1000),
		expiresAt: cached.expiresAt,
		receivedAt,
		authMethod: cached.authMethod ?? profile.authMethod ?? 'post',
		tokenUrl: cached.tokenUrl ?? `${profile.url}/oauth/token`,
		...(cached.grantType === undefined ? {} : {grantType: cached.grantType}),
		...(cached.refreshToken === undefined ? {} : {refreshToken: cached.refreshToken}),
	};
}

/**
 * Stores a fresh token with the method that worked, and marks the profile as just used. Anything else to keep (a
 * secret re-entered after a 401, edited values) comes in the profile given: the core's workflow merges it there.
 */
export function recordToken(store: ProfileStore, profile: Profile, token: Token, {now}: {now: number}): Profile {
	const updated: Profile = {
		...profile,
		authMethod: token.authMethod,
		lastUsedAt: new Date(now).toISOString(),
		token: cachedTokenFrom(token),
	};
	store.save(updated);
	return updated;
}

export function markUsed(store: ProfileStore, profile: Profile, now: number): Profile {
	const updated = {...profile, lastUsedAt: new Date(now).toISOString()};
	store.save(updated);
	return updated;
}

export type NewProfileInput = {
	name: string;
	credentials: Credentials;
	/** Whether the client secret is kept; an X.509 key's certificate and key always are, being useless without. */
	keepSecret: boolean;
	token: Token;
	now: number;
	/** A user token's profile signs in as this user again. */
	signIn?: UserSignInRecord;
};

export function newProfile({name, credentials, keepSecret, token, now, signIn}: NewProfileInput): Profile {
	const time = new Date(now).toISOString();
	return {
		name,
		...fieldsFromCredentials(credentials, {keepSecret}),
		authMethod: token.authMethod,
		createdAt: time,
		lastUsedAt: time,
		...(signIn === undefined ? {} : {signIn}),
		token: cachedTokenFrom(token),
	};
}
