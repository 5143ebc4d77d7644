// What a profile file holds and how it reads: plain fs and JSON, no conf, so a cached token is read without loading the store.

import {join, sep} from 'node:path';
import {checkOwnDirectory, readOwnRegularFile} from '../files/safe-files.js';
import {parseOutsideJson} from '../text/outside-json.js';
import {hasUnsafeCharacters} from '../text/outside-text.js';
import {isB64token, maxAccessTokenBytes} from '../oauth/answer-limits.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {CredentialFields} from '../oauth/credentials.js';
import {checkUaaUrl, isHostName} from '../oauth/uaa-url.js';
import type {Token} from '../oauth/token-client.js';
import type {GrantType, SignInMethod} from '../oauth/grants.js';
import {type KeychainSecrets, keychainService, readKeychainSecrets} from './keychain.js';

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
	/** The grant the token came from; absent on tokens cached before user tokens, all client_credentials. */
	grantType?: GrantType;
	/** A user token's refresh token: a secret, kept where the client secret is. */
	refreshToken?: string;
};

/** How a profile signs in as a user; a profile without one gets client-credentials tokens. */
export type UserSignInRecord = {method: SignInMethod; username?: string; origin?: string};

/** Where a profile's secrets (client secret or X.509 key, and the cached access token) are kept. */
export type SecretStorage =
	/**
	 * In the system keychain's entry of this account. problem: it could not be read now, and the profile came without
	 * them (a change would lose them, so none is made). isEntryGone: the keychain answered, without the entry (deleted
	 * there): nothing is left to lose, and the next change writes a new one.
	 */
	| {kind: 'keychain'; account: string; problem?: string; isEntryGone?: boolean}
	/** In the profile file (0600). Set only on a profile just created, with why the keychain was not used. */
	| {kind: 'file'; reason: string};

/** A saved profile: its credentials' fields (see oauth/credentials.ts), and what uaa-token keeps about their use. */
export type Profile = CredentialFields & {
	/** Absent: in the file, as profiles were before the keychain. */
	secretStorage?: SecretStorage;
	name: string;
	/** The method that last worked, so the next request needs no fallback. */
	authMethod?: ClientAuthMethod;
	/** ISO-8601. */
	createdAt: string;
	/** ISO-8601. */
	lastUsedAt: string;
	/** The user this profile signs in as, and how; absent for client-credentials profiles. */
	signIn?: UserSignInRecord;
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
		/** Where the secrets are when they are not in this file. */
		keychain?: {service: string; account: string};
		signIn?: UserSignInRecord;
	};
	token?: {
		/** Absent when the profile's secrets are in the keychain. */
		access_token?: string;
		token_type: string;
		scope: string;
		jti?: string;
		expiresAt: string;
		receivedAt?: string;
		authMethod?: ClientAuthMethod;
		tokenUrl?: string;
		grantType?: GrantType;
		/** Absent when the profile's secrets are in the keychain. */
		refresh_token?: string;
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

/** PEM text (a certificate, a key, CAs) keeps its line breaks; any other control character or escape is refused. */
function isSafePem(text: string): boolean {
	return !hasUnsafeCharacters(text.replaceAll(/\r?\n/g, ''));
}

/** The largest profile file read: a profile with certificate, key and CAs is a few kB. */
export const maxProfileFileBytes = 1024 * 1024;

/** A cached token as stored, or undefined when any of its fields would not be safe to send or show: it is dropped, not the profile. */
function cachedTokenFromStored(token: unknown): CachedToken | undefined {
	if (!isRecord(token)) {
		return undefined;
	}

	const accessToken = token['access_token'];
	// A bearer token is a b64token (RFC 6750 §2.1); anything else would not be sent as one, nor printed safely.
	if (!isString(accessToken) || accessToken.length > maxAccessTokenBytes || !isB64token(accessToken)) {
		return undefined;
	}

	for (const field of ['token_type', 'scope', 'jti', 'tokenUrl', 'expiresAt', 'receivedAt', 'grantType']) {
		const value = token[field];
		if (value !== undefined && (!isString(value) || hasUnsafeCharacters(value))) {
			return undefined;
		}
	}

	const expiresAt = millisecondsOf(token['expiresAt']);
	if (expiresAt === undefined) {
		return undefined;
	}

	return {
		accessToken,
		tokenType: isString(token['token_type']) ? token['token_type'] : 'bearer',
		scopes: isString(token['scope']) ? token['scope'].split(/\s+/).filter(Boolean) : [],
		jti: isString(token['jti']) ? token['jti'] : undefined,
		expiresAt,
		receivedAt: millisecondsOf(token['receivedAt']),
		authMethod: authMethodOf(token['authMethod']),
		tokenUrl: isString(token['tokenUrl']) ? token['tokenUrl'] : undefined,
		...(grantTypeOf(token['grantType']) === undefined ? {} : {grantType: grantTypeOf(token['grantType'])}),
		// Sent back as a form field: only a b64token of a sane length is kept, as for the access token.
		...(isString(token['refresh_token']) && token['refresh_token'].length <= maxAccessTokenBytes && isB64token(token['refresh_token'])
			? {refreshToken: token['refresh_token']}
			: {}),
	};
}

const grantTypes = new Set<string>(['client_credentials', 'password', 'authorization_code', 'refresh_token']);

function grantTypeOf(value: unknown): GrantType | undefined {
	return isString(value) && grantTypes.has(value) ? (value as GrantType) : undefined;
}

const signInMethods = new Set<string>(['password', 'passcode', 'code']);

/** A stored signIn, or a problem; the user name and origin are shown, so they hold no control characters. */
function signInOf(value: unknown): {signIn?: UserSignInRecord} | {problem: string} {
	if (value === undefined) {
		return {};
	}

	if (!isRecord(value) || !isString(value['method']) || !signInMethods.has(value['method'])) {
		return {problem: 'its signIn is not a sign-in uaa-token made'};
	}

	const signIn: UserSignInRecord = {method: value['method'] as UserSignInRecord['method']};
	for (const field of ['username', 'origin'] as const) {
		const text = value[field];
		if (text === undefined) {
			continue;
		}

		if (!isString(text) || hasUnsafeCharacters(text) || text.length > 256) {
			return {problem: `its signIn ${field} holds control characters, or is not text`};
		}

		signIn[field] = text;
	}

	return {signIn};
}

/**
 * Checks every field of a stored profile: the url passes the wizard's own check, texts hold no control characters
 * or escape sequences (PEM line breaks excepted), and every field has its type. Returns the profile, or in words
 * what is wrong (never quoting the value, which may be anything).
 */
export function checkStoredProfile(name: string, stored: unknown): {profile: Profile} | {problem: string} {
	if (!isRecord(stored) || !isRecord(stored['profile'])) {
		return {problem: 'it does not have the shape of a profile'};
	}

	const fields = stored['profile'];
	const {url, clientid, clientsecret, authMethod, createdAt, lastUsedAt} = fields;
	if (!isString(url) || !isString(clientid) || !isString(createdAt) || !isString(lastUsedAt)) {
		return {problem: 'it does not have the shape of a profile'};
	}

	for (const [field, value] of [
		['url', url],
		['clientid', clientid],
		['createdAt', createdAt],
		['lastUsedAt', lastUsedAt],
	] as const) {
		if (hasUnsafeCharacters(value)) {
			return {problem: `its ${field} holds control characters or escape sequences`};
		}
	}

	if (!checkUaaUrl(url).isValid) {
		return {problem: 'its url is not a valid uaa url'};
	}

	if (clientid.trim() === '') {
		return {problem: 'its clientid is empty'};
	}

	if (clientsecret !== undefined && (!isString(clientsecret) || hasUnsafeCharacters(clientsecret))) {
		return {problem: isString(clientsecret) ? 'its clientsecret holds control characters or escape sequences' : 'it does not have the shape of a profile'};
	}

	if (authMethod !== undefined && authMethodOf(authMethod) === undefined) {
		return {problem: 'its authMethod is not post, basic or tls'};
	}

	const profile: Profile = {name, url, clientId: clientid, createdAt, lastUsedAt};
	if (clientsecret !== undefined) {
		profile.clientSecret = clientsecret;
	}

	const method = authMethodOf(authMethod);
	if (method) {
		profile.authMethod = method;
	}

	for (const [storedName, field, isPem] of [
		['certurl', 'certUrl', false],
		['certificate', 'certificate', true],
		['key', 'key', true],
		['serviceurl', 'serviceUrl', false],
		['ca', 'ca', true],
		['uaadomain', 'uaaDomain', false],
		['xsappname', 'xsappname', false],
	] as const) {
		const value = fields[storedName];
		if (value === undefined) {
			continue;
		}

		if (!isString(value)) {
			return {problem: 'it does not have the shape of a profile'};
		}

		if (isPem ? !isSafePem(value) : hasUnsafeCharacters(value)) {
			return {problem: `its ${storedName} holds control characters or escape sequences`};
		}

		// The service url may be any url a service key gave (--format curl checks it when it is used); certurl is a uaa url.
		if (storedName === 'certurl' && !checkUaaUrl(value).isValid) {
			return {problem: 'its certurl is not a valid uaa url'};
		}

		if (storedName === 'uaadomain' && !isHostName(value)) {
			return {problem: 'its uaadomain is not a host name'};
		}

		profile[field] = value;
	}

	const signIn = signInOf(fields['signIn']);
	if ('problem' in signIn) {
		return signIn;
	}

	if (signIn.signIn) {
		profile.signIn = signIn.signIn;
	}

	const token = cachedTokenFromStored(stored['token']);
	if (token) {
		profile.token = token;
	}

	return {profile};
}

/** Returns undefined for anything that is not a valid profile of the current shape. */
export function profileFromStored(name: string, stored: unknown): Profile | undefined {
	const checked = checkStoredProfile(name, stored);
	return 'profile' in checked ? checked.profile : undefined;
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
			...(profile.uaaDomain === undefined ? {} : {uaadomain: profile.uaaDomain}),
			...(profile.xsappname === undefined ? {} : {xsappname: profile.xsappname}),
			...(profile.authMethod === undefined ? {} : {authMethod: profile.authMethod}),
			createdAt: profile.createdAt,
			lastUsedAt: profile.lastUsedAt,
			...(profile.signIn === undefined ? {} : {signIn: profile.signIn}),
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
			...(token.grantType === undefined ? {} : {grantType: token.grantType}),
			...(token.refreshToken === undefined ? {} : {refresh_token: token.refreshToken}),
		};
	}

	// In the keychain: the file names the entry, and the secrets are left out of it.
	if (profile.secretStorage?.kind === 'keychain') {
		const {clientsecret, key, ...rest} = stored.profile;
		void clientsecret;
		void key;
		stored.profile = {...rest, keychain: {service: keychainService, account: profile.secretStorage.account}};
		if (stored.token) {
			delete stored.token.access_token;
			delete stored.token.refresh_token;
		}
	}

	return stored;
}

const keychainAccountPattern = /^[\w-]{1,64}$/;

/**
 * For a file whose secrets are in the keychain: puts them where a file keeps them (stored is changed), so the one
 * check of every field applies to them too. Returns where they are, with what went wrong if they could not be had;
 * undefined for a file that keeps its own.
 */
function withKeychainSecrets(stored: unknown): SecretStorage | undefined {
	if (!isRecord(stored) || !isRecord(stored['profile']) || !isRecord(stored['profile']['keychain'])) {
		return undefined;
	}

	const {profile} = stored;
	const {account} = profile['keychain'] as Record<string, unknown>;
	delete profile['keychain'];
	// The file names the entry and holds no secret of its own: any it holds is not the keychain's, and is dropped.
	delete profile['clientsecret'];
	delete profile['key'];
	if (isRecord(stored['token'])) {
		delete stored['token']['access_token'];
		delete stored['token']['refresh_token'];
	}

	if (!isString(account) || !keychainAccountPattern.test(account)) {
		return {kind: 'keychain', account: '', problem: 'the file names no keychain entry uaa-token made'};
	}

	const read = readKeychainSecrets(account);
	if (read.kind === 'unreachable') {
		return {kind: 'keychain', account, problem: `the system keychain could not be read: ${read.reason}`};
	}

	if (read.kind === 'missing') {
		return {kind: 'keychain', account, isEntryGone: true};
	}

	const {clientsecret, key, access_token: accessToken, refresh_token: refreshToken} = read.secrets;
	Object.assign(profile, clientsecret === undefined ? {} : {clientsecret}, key === undefined ? {} : {key});
	if (isRecord(stored['token']) && accessToken !== undefined) {
		stored['token']['access_token'] = accessToken;
		if (refreshToken !== undefined) {
			stored['token']['refresh_token'] = refreshToken;
		}
	}

	return {kind: 'keychain', account};
}

/** The secrets a profile keeps, as its keychain entry holds them. */
export function keychainSecretsOf(profile: Profile): KeychainSecrets {
	return {
		...(profile.clientSecret === undefined ? {} : {clientsecret: profile.clientSecret}),
		...(profile.key === undefined ? {} : {key: profile.key}),
		...(profile.token === undefined ? {} : {access_token: profile.token.accessToken}),
		...(profile.token?.refreshToken === undefined ? {} : {refresh_token: profile.token.refreshToken}),
	};
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
		...(token.grantType === undefined ? {} : {grantType: token.grantType}),
		...(token.refreshToken === undefined ? {} : {refreshToken: token.refreshToken}),
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
	/** A regular file of this user that is no valid profile: it is moved aside. identity tells it from a replacement. */
	| {kind: 'unreadable'; identity: string; reason: string}
	/** Something else at the profile's path (a FIFO, a link, another user's file): reported and left alone. */
	| {kind: 'refused'; reason: string}
	/** isCurrent is false for a file of an older shape, which conf's migrations must bring up to date. */
	| {kind: 'profile'; profile: Profile; isCurrent: boolean};

/**
 * Reads a profile file as it is on disk, changing nothing, and never blocking: only a regular file of this user, at
 * most maxProfileFileBytes, in directories of this user (else a LocalFileError is thrown, see checkOwnDirectory).
 */
export function readProfileFile(configDirectory: string, name: string, {areDirectoriesChecked = false} = {}): ProfileFile {
	if (checkProfileName(name) !== undefined) {
		return {kind: 'missing'};
	}

	// A listing checks the directories once for all its files: per file, 1000 profiles cost 14 ms of stat calls.
	if (!areDirectoriesChecked && (checkOwnDirectory(configDirectory) === 'missing' || checkOwnDirectory(profilesDirectoryOf(configDirectory)) === 'missing')) {
		return {kind: 'missing'};
	}

	const read = readOwnRegularFile(profilePath(configDirectory, name), maxProfileFileBytes);
	if (read.kind === 'missing') {
		return read;
	}

	if (read.kind === 'refused') {
		return read.identity === undefined ? {kind: 'refused', reason: read.reason} : {kind: 'unreadable', identity: read.identity, reason: read.reason};
	}

	let stored: unknown;
	try {
		stored = parseOutsideJson(read.text);
	} catch {
		return {kind: 'unreadable', identity: read.identity, reason: 'it is not valid JSON'};
	}

	const keychain = withKeychainSecrets(stored);
	const checked = checkStoredProfile(name, stored);
	if ('problem' in checked) {
		return {kind: 'unreadable', identity: read.identity, reason: checked.problem};
	}

	if (keychain) {
		checked.profile.secretStorage = keychain;
	}

	// A file from a newer uaa-token counts as current: it is read as it is, and its version is not stamped back.
	return {kind: 'profile', profile: checked.profile, isCurrent: compareVersions(storedVersionOf(stored) ?? '0.0.0', storeVersion) >= 0};
}
