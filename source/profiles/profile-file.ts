// What a profile file holds and how it reads: plain fs and JSON, no conf, so a cached token is read without loading the store.

import {readFileSync} from 'node:fs';
import {join, sep} from 'node:path';
import {parseOutsideJson} from '../format/outside-json.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';

export type CachedToken = {
	accessToken: string;
	tokenType: string;
	scopes: string[];
	jti?: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	/** Epoch milliseconds. */
	receivedAt?: number;
	authMethod?: ClientAuthMethod;
	tokenUrl?: string;
};

export type Profile = {
	name: string;
	url: string;
	clientId: string;
	/** Present only when the user agreed to store it. */
	clientSecret?: string;
	/** X.509 keys: the token url's base, and the client certificate and private key as PEM. */
	certUrl?: string;
	certificate?: string;
	key?: string;
	/** The service key's top-level url: the service's own API, kept for later calls. */
	serviceUrl?: string;
	/** Extra CA certificates (PEM) from --ca, trusted for this profile's requests. */
	ca?: string;
	/** The method that last worked, so the next request needs no fallback. */
	authMethod?: ClientAuthMethod;
	/** ISO-8601. */
	createdAt: string;
	/** ISO-8601. */
	lastUsedAt: string;
	token?: CachedToken;
};

/** The shape of each file. Bump it, and add a migration, whenever the shape changes. */
export const storeVersion = '1.0.0';

const namePattern = /^[A-Za-z\d][\w.-]{0,63}$/;
export const profileFileExtension = 'json';

export function checkProfileName(name: string): string | undefined {
	if (namePattern.test(name)) {
		return undefined;
	}

	return 'A profile name has 1 to 64 letters, digits, dots, dashes or underscores, and starts with a letter or digit.';
}

/** The url's first host label, as people name their subaccounts; made unique against the names taken. */
export function defaultProfileName(url: string, takenNames: readonly string[]): string {
	let base = 'profile';
	try {
		const {hostname} = new URL(url);
		const firstLabel = hostname.split('.')[0] ?? '';
		const isIpAddress = /^[\d.]+$/.test(hostname) || hostname.includes(':') || hostname.startsWith('[');
		base = isIpAddress ? 'local' : firstLabel.replace(/[^\w.-]/g, '-').slice(0, 48) || 'profile';
	} catch {}

	if (!namePattern.test(base)) {
		base = 'profile';
	}

	let candidate = base;
	for (let suffix = 2; takenNames.includes(candidate); suffix++) {
		candidate = `${base}-${suffix}`;
	}

	return candidate;
}

export type StoredShape = {
	profile: {
		url: string;
		clientid: string;
		clientsecret?: string;
		certurl?: string;
		certificate?: string;
		key?: string;
		serviceurl?: string;
		ca?: string;
		authMethod?: ClientAuthMethod;
		createdAt: string;
		lastUsedAt: string;
	};
	token?: {
		access_token: string;
		token_type: string;
		scope: string;
		jti?: string;
		expiresAt: string;
		receivedAt?: string;
		authMethod?: ClientAuthMethod;
		tokenUrl?: string;
	};
};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
	return typeof value === 'string';
}

function authMethodOf(value: unknown): ClientAuthMethod | undefined {
	return value === 'post' || value === 'basic' || value === 'tls' ? value : undefined;
}

function millisecondsOf(value: unknown): number | undefined {
	if (!isString(value)) {
		return undefined;
	}

	const time = Date.parse(value);
	return Number.isNaN(time) ? undefined : time;
}

/** Returns undefined for anything that is not a profile of the current shape. */
export function profileFromStored(name: string, stored: unknown): Profile | undefined {
	if (!isRecord(stored) || !isRecord(stored['profile'])) {
		return undefined;
	}

	const {url, clientid, clientsecret, authMethod, createdAt, lastUsedAt} = stored['profile'];
	if (!isString(url) || !isString(clientid) || !isString(createdAt) || !isString(lastUsedAt)) {
		return undefined;
	}

	if (clientsecret !== undefined && !isString(clientsecret)) {
		return undefined;
	}

	const profile: Profile = {name, url, clientId: clientid, createdAt, lastUsedAt};
	if (clientsecret !== undefined) {
		profile.clientSecret = clientsecret;
	}

	const method = authMethodOf(authMethod);
	if (method) {
		profile.authMethod = method;
	}

	const optional = stored['profile'];
	for (const [storedName, field] of [
		['certurl', 'certUrl'],
		['certificate', 'certificate'],
		['key', 'key'],
		['serviceurl', 'serviceUrl'],
		['ca', 'ca'],
	] as const) {
		const value = optional[storedName];
		if (value !== undefined && !isString(value)) {
			return undefined;
		}

		if (value !== undefined) {
			profile[field] = value;
		}
	}

	const token = stored['token'];
	if (isRecord(token) && isString(token['access_token'])) {
		const expiresAt = millisecondsOf(token['expiresAt']);
		if (expiresAt !== undefined) {
			profile.token = {
				accessToken: token['access_token'],
				tokenType: isString(token['token_type']) ? token['token_type'] : 'bearer',
				scopes: isString(token['scope']) ? token['scope'].split(/\s+/).filter(Boolean) : [],
				jti: isString(token['jti']) ? token['jti'] : undefined,
				expiresAt,
				receivedAt: millisecondsOf(token['receivedAt']),
				authMethod: authMethodOf(token['authMethod']),
				tokenUrl: isString(token['tokenUrl']) ? token['tokenUrl'] : undefined,
			};
		}
	}

	return profile;
}

export function storedFromProfile(profile: Profile): StoredShape {
	const stored: StoredShape = {
		profile: {
			url: profile.url,
			clientid: profile.clientId,
			...(profile.clientSecret === undefined ? {} : {clientsecret: profile.clientSecret}),
			...(profile.certUrl === undefined ? {} : {certurl: profile.certUrl}),
			...(profile.certificate === undefined ? {} : {certificate: profile.certificate}),
			...(profile.key === undefined ? {} : {key: profile.key}),
			...(profile.serviceUrl === undefined ? {} : {serviceurl: profile.serviceUrl}),
			...(profile.ca === undefined ? {} : {ca: profile.ca}),
			...(profile.authMethod === undefined ? {} : {authMethod: profile.authMethod}),
			createdAt: profile.createdAt,
			lastUsedAt: profile.lastUsedAt,
		},
	};
	if (profile.token) {
		const {token} = profile;
		stored.token = {
			access_token: token.accessToken,
			token_type: token.tokenType,
			scope: token.scopes.join(' '),
			...(token.jti === undefined ? {} : {jti: token.jti}),
			expiresAt: new Date(token.expiresAt).toISOString(),
			...(token.receivedAt === undefined ? {} : {receivedAt: new Date(token.receivedAt).toISOString()}),
			...(token.authMethod === undefined ? {} : {authMethod: token.authMethod}),
			...(token.tokenUrl === undefined ? {} : {tokenUrl: token.tokenUrl}),
		};
	}

	return stored;
}

/** What a fresh token becomes in the cache; tokens without an expiry are not worth caching. */
export function cachedTokenFrom(token: Token): CachedToken | undefined {
	if (token.expiresAt === undefined) {
		return undefined;
	}

	return {
		accessToken: token.accessToken,
		tokenType: token.tokenType,
		scopes: token.scopes,
		jti: token.jti,
		expiresAt: token.expiresAt,
		receivedAt: token.receivedAt,
		authMethod: token.authMethod,
		tokenUrl: token.tokenUrl,
	};
}

function storedVersionOf(stored: unknown): string | undefined {
	if (!isRecord(stored) || !isRecord(stored['__internal__']) || !isRecord(stored['__internal__']['migrations'])) {
		return undefined;
	}

	const {version} = stored['__internal__']['migrations'];
	return isString(version) ? version : undefined;
}

/** Compares x.y.z versions numerically; anything unreadable counts as 0. */
export function compareVersions(a: string, b: string): number {
	const partsOf = (version: string) => version.split('.').map(part => Number.parseInt(part, 10) || 0);
	const [left, right] = [partsOf(a), partsOf(b)];
	for (let index = 0; index < 3; index++) {
		const difference = (left[index] ?? 0) - (right[index] ?? 0);
		if (difference !== 0) {
			return Math.sign(difference);
		}
	}

	return 0;
}
// path.join costs about 6 µs a call before it is optimised, as much as reading a small file: listing 1000 profiles
// would join 2000 times. The directory is joined once, and a valid name (no separators, no dots first) is appended.
let lastProfilesDirectory: {configDirectory: string; path: string} | undefined;

export function profilesDirectoryOf(configDirectory: string): string {
	if (lastProfilesDirectory?.configDirectory !== configDirectory) {
		lastProfilesDirectory = {configDirectory, path: join(configDirectory, 'profiles')};
	}

	return lastProfilesDirectory.path;
}

export function profilePath(configDirectory: string, name: string): string {
	const fileName = `${name}.${profileFileExtension}`;
	return namePattern.test(name) ? `${profilesDirectoryOf(configDirectory)}${sep}${fileName}` : join(profilesDirectoryOf(configDirectory), fileName);
}

export type ProfileFile =
	| {kind: 'missing'}
	| {kind: 'unreadable'; text: string; reason: string}
	/** isCurrent is false for a file of an older shape, which conf's migrations must bring up to date. */
	| {kind: 'profile'; profile: Profile; isCurrent: boolean};

/** Reads a profile file as it is on disk, changing nothing. */
export function readProfileFile(configDirectory: string, name: string): ProfileFile {
	if (checkProfileName(name) !== undefined) {
		return {kind: 'missing'};
	}

	let text: string;
	try {
		text = readFileSync(profilePath(configDirectory, name), 'utf8');
	} catch {
		return {kind: 'missing'};
	}

	let stored: unknown;
	try {
		stored = parseOutsideJson(text);
	} catch {
		return {kind: 'unreadable', text, reason: 'it is not valid JSON'};
	}

	const profile = profileFromStored(name, stored);
	if (!profile) {
		return {kind: 'unreadable', text, reason: 'it does not have the shape of a profile'};
	}

	// A file from a newer uaa-token counts as current: it is read as it is, and its version is not stamped back.
	return {kind: 'profile', profile, isCurrent: compareVersions(storedVersionOf(stored) ?? '0.0.0', storeVersion) >= 0};
}
