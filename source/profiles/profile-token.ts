// The cache rule shared by the screens and scripts: reuse a saved token only while it has time to spare.

import type {Credentials} from '../oauth/credentials.js';
import type {Token} from '../oauth/token-client.js';
import {type CachedToken, cachedTokenFrom, type Profile} from './profile-file.js';
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
	};
}

export type RecordOptions = {now: number; clientSecret?: string};

/** Stores a fresh token with the method that worked, and marks the profile as just used. */
export function recordToken(store: ProfileStore, profile: Profile, token: Token, {now, clientSecret}: RecordOptions): Profile {
	const updated: Profile = {
		...profile,
		authMethod: token.authMethod,
		lastUsedAt: new Date(now).toISOString(),
		token: cachedTokenFrom(token),
	};
	if (clientSecret !== undefined) {
		updated.clientSecret = clientSecret;
	}

	store.save(updated);
	return updated;
}

export function markUsed(store: ProfileStore, profile: Profile, now: number): Profile {
	const updated = {...profile, lastUsedAt: new Date(now).toISOString()};
	store.save(updated);
	return updated;
}

/** What a profile keeps beyond url, clientid and secret: X.509 material, the service's API url and extra CAs. */
export type ProfileExtras = Pick<Profile, 'certUrl' | 'certificate' | 'key' | 'serviceUrl' | 'ca'>;

export type NewProfileInput = {
	name: string;
	url: string;
	clientId: string;
	clientSecret?: string;
	extras?: ProfileExtras;
	token: Token;
	now: number;
};

export function newProfile({name, url, clientId, clientSecret, extras = {}, token, now}: NewProfileInput): Profile {
	const time = new Date(now).toISOString();
	const profile: Profile = {
		name,
		url,
		clientId,
		authMethod: token.authMethod,
		createdAt: time,
		lastUsedAt: time,
		token: cachedTokenFrom(token),
	};
	if (clientSecret !== undefined) {
		profile.clientSecret = clientSecret;
	}

	for (const [field, value] of Object.entries(extras) as Array<[keyof ProfileExtras, string | undefined]>) {
		if (value !== undefined) {
			profile[field] = value;
		}
	}

	return profile;
}

/** The credentials a profile holds: its X.509 material when it has some, else its url, clientid and a secret. */
export function profileCredentials(profile: Profile, clientSecret: string | undefined): Credentials | undefined {
	if (profile.certificate !== undefined && profile.key !== undefined && profile.certUrl !== undefined) {
		return {kind: 'x509', url: profile.url, certUrl: profile.certUrl, clientId: profile.clientId, certificate: profile.certificate, key: profile.key};
	}

	return clientSecret === undefined ? undefined : {kind: 'secret', url: profile.url, clientId: profile.clientId, clientSecret};
}
