// Saved profiles and their cached tokens: one conf file per profile, owner-only, never silently dropped.

import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync} from 'node:fs';
import {join} from 'node:path';
import Conf from 'conf';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import {configDirectory} from './config-directory.js';

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

export type ProfileStore = {
	/** Where the profile files live. */
	directory: string;
	list: () => Profile[];
	get: (name: string) => Profile | undefined;
	/** Creates or replaces the profile with this name. */
	save: (profile: Profile) => void;
	rename: (from: string, to: string) => void;
	remove: (name: string) => boolean;
	pathOf: (name: string) => string;
	/** Messages about files that were unreadable and moved aside; safe to show, they hold no secrets. */
	warnings: string[];
};

/** The shape of each file. Bump it, and add a migration, whenever the shape changes. */
export const storeVersion = '1.0.0';

const namePattern = /^[A-Za-z\d][\w.-]{0,63}$/;
const fileExtension = 'json';
const directoryMode = 0o700;
const fileMode = 0o600;

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

type StoredShape = {
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

function storedFromProfile(profile: Profile): StoredShape {
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

function ensurePrivateDirectory(directory: string): void {
	mkdirSync(directory, {recursive: true, mode: directoryMode});
	if ((statSync(directory).mode & 0o777) !== directoryMode) {
		chmodSync(directory, directoryMode);
	}
}

function ensurePrivateFile(path: string): void {
	if (existsSync(path) && (statSync(path).mode & 0o777) !== fileMode) {
		chmodSync(path, fileMode);
	}
}

function timestampForFileName(now: number): string {
	return new Date(now).toISOString().replaceAll(':', '-').replace('.', '-');
}

export type OpenStoreOptions = {
	/** Defaults to UAA_TOKEN_CONFIG_DIR, then conf's per-user directory. */
	directory?: string;
	now?: () => number;
};

export function openProfileStore(options: OpenStoreOptions = {}): ProfileStore {
	const directory = options.directory ?? configDirectory();
	const profilesDirectory = join(directory, 'profiles');
	const now = options.now ?? Date.now;
	const warnings: string[] = [];

	const pathOf = (name: string) => join(profilesDirectory, `${name}.${fileExtension}`);

	function confFor(name: string, shouldMigrate: boolean) {
		ensurePrivateDirectory(directory);
		ensurePrivateDirectory(profilesDirectory);
		return new Conf<Record<string, unknown>>({
			cwd: profilesDirectory,
			configName: name,
			fileExtension,
			configFileMode: fileMode,
			// Profile names may hold dots, which must not be read as nested keys.
			accessPropertiesByDotNotation: false,
			// Migrating writes the file once per step, so only files of an older shape are opened this way;
			// a new file opened so would hold nothing but the version for a moment, which a reader would take for corrupt.
			...(shouldMigrate
				? {
						projectVersion: storeVersion,
						migrations: {
							// The first shape; later shapes add a migration under their own version here.
							'1.0.0'() {},
						},
					}
				: {}),
		});
	}

	/** A file that cannot be read is kept for the user under another name, never deleted. */
	function moveAside(name: string, unreadableText: string, reason: string): void {
		const path = pathOf(name);
		const stamp = timestampForFileName(now());
		let asidePath = `${path}.corrupt-${stamp}`;
		// Two unreadable files in the same millisecond must not overwrite one another.
		for (let count = 2; existsSync(asidePath); count++) {
			asidePath = `${path}.corrupt-${stamp}-${count}`;
		}

		try {
			// Another process may have just replaced it with a good file (writes are atomic renames); that one stays.
			if (readFileSync(path, 'utf8') !== unreadableText) {
				return;
			}

			renameSync(path, asidePath);
			warnings.push(`The saved profile "${name}" could not be read (${reason}). It was moved to ${asidePath}, and the profile starts clean.`);
		} catch {
			warnings.push(`The saved profile "${name}" could not be read (${reason}), and ${path} could not be moved aside.`);
		}
	}

	function read(name: string): Profile | undefined {
		if (checkProfileName(name) !== undefined) {
			return undefined;
		}

		// The file is checked as it is on disk before conf opens it: conf would rewrite a file of the wrong
		// shape while migrating it, and what is moved aside must be exactly what the user had.
		let text: string;
		try {
			text = readFileSync(pathOf(name), 'utf8');
		} catch {
			return undefined;
		}

		let stored: unknown;
		try {
			stored = JSON.parse(text);
		} catch {
			moveAside(name, text, 'it is not valid JSON');
			return undefined;
		}

		const profile = profileFromStored(name, stored);
		if (!profile) {
			moveAside(name, text, 'it does not have the shape of a profile');
			return undefined;
		}

		// Only an older (or unversioned) file goes through conf's migrations, which bring it to the current
		// shape; a file from a newer uaa-token is read as it is, so its version is not stamped back.
		if (compareVersions(storedVersionOf(stored) ?? '0.0.0', storeVersion) >= 0) {
			return profile;
		}

		try {
			return profileFromStored(name, confFor(name, true).store) ?? profile;
		} catch {
			return profile;
		}
	}

	function write(profile: Profile): void {
		const problem = checkProfileName(profile.name);
		if (problem) {
			throw new Error(problem);
		}

		// An unreadable file in the way is moved aside first, as conf would refuse to open it.
		if (existsSync(pathOf(profile.name))) {
			read(profile.name);
		}

		const conf = confFor(profile.name, false);
		// One assignment is one atomic write (a temporary file renamed over the old one), version included.
		conf.store = {...storedFromProfile(profile), __internal__: {migrations: {version: storeVersion}}} as unknown as Record<string, unknown>;
		ensurePrivateFile(conf.path);
	}

	return {
		directory,
		warnings,
		pathOf,
		list() {
			if (!existsSync(profilesDirectory)) {
				return [];
			}

			const names = readdirSync(profilesDirectory)
				.filter(file => file.endsWith(`.${fileExtension}`))
				.map(file => file.slice(0, -(fileExtension.length + 1)))
				.filter(name => checkProfileName(name) === undefined);
			return names
				.map(name => read(name))
				.filter((profile): profile is Profile => profile !== undefined)
				.sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt) || a.name.localeCompare(b.name));
		},
		get: read,
		save: write,
		rename(from, to) {
			const problem = checkProfileName(to);
			if (problem) {
				throw new Error(problem);
			}

			const profile = read(from);
			if (!profile) {
				throw new Error(`There is no profile named "${from}".`);
			}

			if (from === to) {
				return;
			}

			if (existsSync(pathOf(to))) {
				throw new Error(`A profile named "${to}" already exists.`);
			}

			write({...profile, name: to});
			unlinkSync(pathOf(from));
		},
		remove(name) {
			if (checkProfileName(name) !== undefined || !existsSync(pathOf(name))) {
				return false;
			}

			unlinkSync(pathOf(name));
			return true;
		},
	};
}
