// The system keychain, through @napi-rs/keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows. A profile whose secrets live there keeps one entry, service "uaa-token" and a random account named in its
// file, holding its secrets as JSON: the client secret or X.509 key, and the cached access token. One entry per
// profile is one keychain round trip per read.
//
// Synchronous, like the store around it: a Secret Service call is a local D-Bus round trip of a millisecond or two.

import {createRequire} from 'node:module';

export const keychainService = 'uaa-token';

/** The secrets of one profile, as its keychain entry holds them; the names are the profile file's own. */
export type KeychainSecrets = {clientsecret?: string; key?: string; access_token?: string; refresh_token?: string};

export type KeychainRead = {kind: 'found'; secrets: KeychainSecrets} | {kind: 'missing'} | {kind: 'unreachable'; reason: string};

/** A keychain that cannot take or give a secret now; its message says why, in words. */
export class KeychainError extends Error {
	override readonly name = 'KeychainError';
}

type KeyringEntry = {setPassword(password: string): void; getPassword(): string | null; deletePassword(): boolean};
type Keyring = {Entry: new (service: string, account: string) => KeyringEntry; findCredentials: (service: string) => unknown[]};

let keyring: Keyring | undefined;

/**
 * Why no keychain can be used here, or undefined when one may be. On Linux, Secret Service is reached over the
 * session D-Bus: without DBUS_SESSION_BUS_ADDRESS (a server, a container, ssh without a session) there is none, and
 * the native module is not even loaded.
 */
export function keychainAbsence(env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (process.platform === 'linux' && (env['DBUS_SESSION_BUS_ADDRESS'] ?? '').trim() === '') {
		return 'no D-Bus session is running, so no Secret Service can be reached (DBUS_SESSION_BUS_ADDRESS is not set)';
	}

	return undefined;
}

/** CommonJS's require: dist/cli.js has its own, the app's ES modules get one from their banner, and tsx has neither. */
function nodeRequire(): NodeJS.Require {
	return typeof require === 'function' ? require : createRequire(import.meta.url);
}

function loadKeyring(): Keyring {
	const absence = keychainAbsence();
	if (absence) {
		throw new KeychainError(absence);
	}

	try {
		// Loaded when a keychain is used, never on the way to a profile kept in a file. It is native code, so the
		// bundle leaves it to node_modules.
		keyring ??= nodeRequire()('@napi-rs/keyring') as Keyring;
		return keyring;
	} catch (error) {
		throw new KeychainError(`the keychain module could not be loaded (${messageOf(error)})`);
	}
}

function entryFor(account: string): KeyringEntry {
	return new (loadKeyring().Entry)(keychainService, account);
}

function messageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	// "Couldn't access platform storage: …" says what failed; the rest names the platform's reason.
	return message.replace(/^Couldn't access platform storage: /, '').slice(0, 200);
}

/** The keychain as the path a LocalFileError names, for the one message shape of every local storage problem. */
export function keychainPlace(account: string): string {
	return `the system keychain (entry "${keychainService}" ${account})`;
}

export function newKeychainAccount(): string {
	// The global, not node:crypto: importing that at the top would load it (about 9 ms) on every run, cached ones too.
	return globalThis.crypto.randomUUID();
}

export function readKeychainSecrets(account: string): KeychainRead {
	let text: string | null;
	try {
		text = entryFor(account).getPassword();
	} catch (error) {
		return {kind: 'unreachable', reason: error instanceof KeychainError ? error.message : messageOf(error)};
	}

	if (text === null) {
		// The binding answers "no entry" also when the Secret Service cannot be reached at all (a D-Bus session that
		// ended); a search, which does report that, tells the two apart.
		try {
			loadKeyring().findCredentials(keychainService);
		} catch (error) {
			return {kind: 'unreachable', reason: messageOf(error)};
		}

		return {kind: 'missing'};
	}

	try {
		const parsed = JSON.parse(text) as unknown;
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			return {kind: 'missing'};
		}

		const secrets: KeychainSecrets = {};
		for (const field of ['clientsecret', 'key', 'access_token', 'refresh_token'] as const) {
			const value = (parsed as Record<string, unknown>)[field];
			if (typeof value === 'string') {
				secrets[field] = value;
			}
		}

		return {kind: 'found', secrets};
	} catch {
		return {kind: 'missing'};
	}
}

/** Replaces the profile's entry with these secrets; throws a KeychainError when the keychain refuses. */
export function writeKeychainSecrets(account: string, secrets: KeychainSecrets): void {
	try {
		entryFor(account).setPassword(JSON.stringify(secrets));
	} catch (error) {
		throw error instanceof KeychainError ? error : new KeychainError(messageOf(error));
	}
}

/** Removes the profile's entry; true when there was one. Throws a KeychainError when the keychain refuses. */
export function removeKeychainSecrets(account: string): boolean {
	try {
		return entryFor(account).deletePassword();
	} catch (error) {
		throw error instanceof KeychainError ? error : new KeychainError(messageOf(error));
	}
}
