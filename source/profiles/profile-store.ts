// Saved profiles and their cached tokens: one file per profile, owner-only, never silently dropped. Every change is
// made under the store's lock (store-lock.ts) and written by writeFileAtomically, never through a symlink.
//
// conf's part, and why it is not more: each profile file is laid out as a conf store (cwd profiles/, a configName per
// profile, configFileMode 0600, conf's versioned __internal__ block), and conf's migrations bring a file of an older
// shape to the current one. Two parts of conf cannot serve. Its write (atomically) resolves a symlink at the path
// and writes through it, so a link planted at profiles/<name>.json would be followed out of the directory; writes
// are ours (see writeProfile). And loading it costs about 25 ms (require of the bundled store, median of 5 warm runs
// on the bench machine), more than the app takes to paint its first screen and a third of a cached --print: conf
// is handed in rather than imported, and a cached --print reads its one file without the store at all.

import {existsSync, lstatSync, readdirSync, renameSync, unlinkSync} from 'node:fs';
import type Conf from 'conf';
import {errorCodeOf, localFileProblem} from '../files/local-file-problem.js';
import {checkOwnDirectory, ensureOwnDirectory, identityOf, isProcessAlive, temporaryMarker, writeFileAtomically} from '../files/safe-files.js';
import {cleanOutsideText} from '../text/outside-text.js';
import {configDirectory} from './config-directory.js';
import {checkProfileName, keychainSecretsOf, type Profile, profileFileExtension, profileFromStored, profilePath, profilesDirectoryOf, readProfileFile, type SecretStorage, storedFromProfile, storeVersion} from './profile-file.js';
import {withStoreLock} from './store-lock.js';
import {LocalFileError} from '../errors/local-file.js';
import {keychainAbsence, keychainPlace, newKeychainAccount, removeKeychainSecrets, writeKeychainSecrets} from './keychain.js';

export {type CachedToken, cachedTokenFrom, checkProfileName, compareVersions, defaultProfileName, type Profile, profileFromStored, storeVersion} from './profile-file.js';

const profileExistsBrand = Symbol.for('uaa-token.ProfileExistsError');

/** create() found the name taken: the profile on disk is someone else's, and was left as it is. */
export class ProfileExistsError extends Error {
	override readonly name = 'ProfileExistsError';
	readonly [profileExistsBrand] = true;

	constructor(readonly profileName: string) {
		super(`A profile named "${profileName}" already exists.`);
	}

	/** instanceof across the scripted bundle and the lazily loaded store, which each hold a copy of this class. */
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[profileExistsBrand] === true;
	}
}

export type ProfileStore = {
	/** Where the profile files live. */
	directory: string;
	/** Every readable profile; throws a LocalFileError when the directory itself may not be used (checkOwnDirectory). */
	list: () => Profile[];
	get: (name: string) => Profile | undefined;
	/** Creates or replaces the profile with this name. */
	save: (profile: Profile) => void;
	/**
	 * Creates the profile, or throws ProfileExistsError when one of this name exists, leaving it as it is. Its secrets
	 * go to the system keychain when one is reachable (and the store may use it), else to the file; the profile
	 * returned says which, and why not the keychain.
	 */
	create: (profile: Profile) => Profile;
	/**
	 * Moves the profile's secrets into the system keychain, or back into its file; returns the profile as now kept,
	 * and whether they moved (false: they were there already). Throws a LocalFileError when the keychain refuses,
	 * leaving the profile as it was.
	 */
	moveSecrets: (name: string, to: 'keychain' | 'file') => {profile: Profile; hasMoved: boolean};
	rename: (from: string, to: string) => void;
	/**
	 * Removes the profile's file, its temporary files and its moved-aside (.corrupt-*) copies, which may hold its
	 * secret too. Returns the paths removed, the profile's first; empty when there was nothing of that name.
	 */
	remove: (name: string) => string[];
	pathOf: (name: string) => string;
	/** Messages about files that were unreadable and moved aside, or left alone; safe to show, they hold no secrets. */
	warnings: string[];
	/**
	 * Gives a store opened without it the conf class that migrates profile files of an older shape; until then such a
	 * file is read as it is. Undefined, for a conf that could not be loaded, leaves them so.
	 */
	attachConf: (confClass: ConfClass | undefined) => void;
};

export type ConfClass = typeof Conf;

const fileMode = 0o600;

function escapeRegExp(text: string): string {
	return text.replaceAll(/[$()*+.?[\\\]^{|}]/g, '\\$&');
}

/** `<name>.json.tmp-<pid>-<random>`, as writeFileAtomically names them; conf's own (atomically's) have no pid. */
const ownTemporaryPattern = /^(\d+)-[\da-f]+$/;
/** A temporary file that is not ours is swept once it is this old: no write takes anywhere near this long. */
const foreignTemporaryAgeMs = 60_000;

function timestampForFileName(now: number): string {
	return new Date(now).toISOString().replaceAll(':', '-').replace('.', '-');
}

let naturalOrder: Intl.Collator | undefined;

/**
 * Most recently used first; ties by name in natural order (sub2 before sub10). Times compare as numbers and the
 * collator is made only for a tie: ICU's collation data takes about 7 ms to load, as much as reading 300 profiles.
 */
function sortByRecency(profiles: Profile[]): Profile[] {
	const timeOf = (profile: Profile) => {
		const time = Date.parse(profile.lastUsedAt);
		return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
	};

	return profiles
		.map(profile => ({profile, time: timeOf(profile)}))
		.sort((a, b) => {
			if (a.time !== b.time) {
				return a.time < b.time ? 1 : -1;
			}

			naturalOrder ??= new Intl.Collator(undefined, {numeric: true});
			// sub01 and sub1 are equal to the collator; the plain comparison keeps their order the same on every run.
			return naturalOrder.compare(a.profile.name, b.profile.name) || (a.profile.name < b.profile.name ? -1 : 1);
		})
		.map(({profile}) => profile);
}

export type OpenStoreOptions = {
	/** Defaults to UAA_TOKEN_CONFIG_DIR, then conf's per-user directory. */
	directory?: string;
	now?: () => number;
	/** Where new profiles keep their secrets: the keychain when one is reachable (the default), or always the file (--insecure-storage). */
	newSecretsIn?: 'keychain-if-reachable' | 'file';
};

/** Without confClass the store does everything at once but migrate older files, which waits for attachConf. */
export function createProfileStore(options: OpenStoreOptions & {confClass?: ConfClass}): ProfileStore {
	const directory = options.directory ?? configDirectory();
	let confClass = options.confClass;
	const profilesDirectory = profilesDirectoryOf(directory);
	const now = options.now ?? Date.now;
	const warnings: string[] = [];
	/** Paths already reported as left alone, so a list repeated by the app says it once. */
	const reportedRefusals = new Set<string>();
	/** Profiles whose keychain entry could not be read, said once per store. */
	const reportedKeychainProblems = new Set<string>();

	const pathOf = (name: string) => profilePath(directory, name);

	function checkWritable(): void {
		ensureOwnDirectory(directory);
		ensureOwnDirectory(profilesDirectory);
	}

	function confFor(name: string) {
		checkWritable();
		return new confClass!<Record<string, unknown>>({
			cwd: profilesDirectory,
			configName: name,
			fileExtension: profileFileExtension,
			configFileMode: fileMode,
			// Profile names may hold dots, which must not be read as nested keys.
			accessPropertiesByDotNotation: false,
			projectVersion: storeVersion,
			migrations: {
				// The first shape; later shapes add a migration under their own version here.
				'1.0.0'() {},
			},
		});
	}

	/** A regular file of this user that cannot be read as a profile is kept for the user under another name, never deleted. */
	function moveAside(name: string, identity: string, reason: string): void {
		const path = pathOf(name);
		const stamp = timestampForFileName(now());
		let asidePath = `${path}.corrupt-${stamp}`;
		// Two unreadable files in the same millisecond must not overwrite one another.
		for (let count = 2; existsSync(asidePath); count++) {
			asidePath = `${path}.corrupt-${stamp}-${count}`;
		}

		try {
			// Another process may have just replaced it with a good file (writes are atomic renames); that one stays.
			if (identityOf(lstatSync(path)) !== identity) {
				return;
			}

			renameSync(path, asidePath);
			warnings.push(`The saved profile "${name}" could not be read (${reason}). It was moved to ${cleanOutsideText(asidePath)}, and the profile starts clean.`);
		} catch {
			warnings.push(`The saved profile "${name}" could not be read (${reason}), and ${cleanOutsideText(path)} could not be moved aside.`);
		}
	}

	/** A FIFO, a link or another user's file at a profile's path is not ours to move: it is reported and left alone. */
	function reportRefused(name: string, reason: string): void {
		const path = pathOf(name);
		if (!reportedRefusals.has(path)) {
			reportedRefusals.add(path);
			warnings.push(`The saved profile "${name}" was not read: ${cleanOutsideText(path)} is left alone, as ${reason}. Remove it to use the name "${name}" again.`);
		}
	}

	function read(name: string, {areDirectoriesChecked = false} = {}): Profile | undefined {
		// The file is checked as it is on disk before conf opens it: conf would rewrite a file of the wrong
		// shape while migrating it, and what is moved aside must be exactly what the user had.
		const file = readProfileFile(directory, name, {areDirectoriesChecked});
		if (file.kind === 'unreadable') {
			moveAside(name, file.identity, file.reason);
		} else if (file.kind === 'refused') {
			reportRefused(name, file.reason);
		}

		if (file.kind !== 'profile') {
			return undefined;
		}

		const storage = file.profile.secretStorage;
		if (storage?.kind === 'keychain' && (storage.problem !== undefined || storage.isEntryGone) && !reportedKeychainProblems.has(name)) {
			reportedKeychainProblems.add(name);
			warnings.push(
				storage.problem === undefined
					? `The keychain entry of the profile "${name}" is gone (deleted in the keychain?), and its saved secret and token with it. A new token is kept in a new entry.`
					: `The secrets of the profile "${name}" are in the system keychain, but ${storage.problem}. It is shown without them, and left as it is.`,
			);
		}

		// Only an older (or unversioned) file goes through conf's migrations, which bring it to the current shape.
		// readProfileFile has just seen a regular file of this user there, in directories of this user, which no one
		// else can replace with a link: conf's write (which would follow one) is safe for it.
		if (file.isCurrent || !confClass) {
			return file.profile;
		}

		try {
			return withStoreLock(profilesDirectory, () => profileFromStored(name, confFor(name).store)) ?? file.profile;
		} catch {
			return file.profile;
		}
	}

	/**
	 * Removes temporary files of saves that never finished: of a process of ours that is gone, or of another writer
	 * (conf's) after a minute. They may hold a secret, so they are not left to pile up.
	 */
	function sweepLeftovers(): void {
		let files: string[];
		try {
			files = readdirSync(profilesDirectory);
		} catch {
			return;
		}

		const marker = `.${profileFileExtension}${temporaryMarker}`;
		for (const file of files) {
			const at = file.indexOf(marker);
			if (at <= 0 || checkProfileName(file.slice(0, at)) !== undefined || file.endsWith(`.${profileFileExtension}`)) {
				continue;
			}

			const path = `${profilesDirectory}/${file}`;
			const own = ownTemporaryPattern.exec(file.slice(at + marker.length));
			try {
				const stats = lstatSync(path);
				const isLeftover = own ? Number(own[1]) !== process.pid && !isProcessAlive(Number(own[1])) : now() - stats.mtimeMs > foreignTemporaryAgeMs;
				if (isLeftover && !stats.isDirectory()) {
					unlinkSync(path);
					warnings.push(`Removed ${cleanOutsideText(path)}, a temporary file left by a save that was interrupted.`);
				}
			} catch {}
		}
	}

	function writeProfile(profile: Profile): void {
		const storage = profile.secretStorage;
		if (storage?.kind === 'keychain') {
			// Written without the secrets it could not read, the entry would lose them: the profile stays as it is.
			if (storage.problem !== undefined) {
				throw unreadableEntryError(profile.name, storage.account, storage.problem);
			}

			try {
				writeKeychainSecrets(storage.account, keychainSecretsOf(profile));
			} catch (error) {
				throw new LocalFileError(keychainPlace(storage.account), `could not take the secrets of "${profile.name}": ${(error as Error).message}`, 'Unlock the keychain and try again; the profile file was left as it was.');
			}
		}

		// conf's own write (atomically) resolves a symlink at the path with realpath and writes its target, then
		// chowns and chmods the result to match the old file: a link planted at profiles/<name>.json would be followed
		// out of the directory. Every save therefore goes through writeFileAtomically, which never follows one.
		const stored = {...storedFromProfile(profile), __internal__: {migrations: {version: storeVersion}}};
		writeFileAtomically(pathOf(profile.name), `${JSON.stringify(stored, undefined, '\t')}`, `could not save the profile "${profile.name}"`);
	}

	function change<T>(name: string, action: string, work: () => T): T {
		checkWritable();
		try {
			return withStoreLock(profilesDirectory, () => {
				sweepLeftovers();
				return work();
			});
		} catch (error) {
			// A name taken, a name refused, or a LocalFileError already in words: as they are; an errno gets its words.
			if (errorCodeOf(error) === undefined) {
				throw error;
			}

			throw localFileProblem(error, pathOf(name), action);
		}
	}

	function write(profile: Profile, isNew: boolean): void {
		const problem = checkProfileName(profile.name);
		if (problem) {
			throw new Error(problem);
		}

		change(profile.name, `could not save the profile "${profile.name}"`, () => {
			// An unreadable file in the way is moved aside first; a good one is kept when the profile is to be new.
			const file = readProfileFile(directory, profile.name);
			if (file.kind === 'unreadable') {
				moveAside(profile.name, file.identity, file.reason);
			} else if (file.kind === 'profile' && isNew) {
				throw new ProfileExistsError(profile.name);
			}

			writeProfile(profile);
		});
	}

	return {
		directory,
		warnings,
		pathOf,
		attachConf(loaded) {
			confClass = loaded;
		},
		list() {
			if (checkOwnDirectory(directory) === 'missing' || checkOwnDirectory(profilesDirectory) === 'missing') {
				return [];
			}

			sweepLeftovers();
			const names = readdirSync(profilesDirectory)
				.filter(file => file.endsWith(`.${profileFileExtension}`))
				.map(file => file.slice(0, -(profileFileExtension.length + 1)))
				.filter(name => checkProfileName(name) === undefined);
			return sortByRecency(names.map(name => read(name, {areDirectoriesChecked: true})).filter((profile): profile is Profile => profile !== undefined));
		},
		get: name => read(name),
		save(profile) {
			write(profile, false);
		},
		create(profile) {
			const kept = profile.secretStorage === undefined ? {...profile, secretStorage: newSecretStorage()} : profile;
			try {
				write(kept, true);
			} catch (error) {
				// The file could not be made: an entry just written for it would be left behind.
				if (kept.secretStorage?.kind === 'keychain' && profile.secretStorage === undefined && !(error instanceof ProfileExistsError)) {
					tryRemoveKeychainEntry(kept.secretStorage.account);
				}

				throw error;
			}

			return kept;
		},
		moveSecrets(name, to) {
			const profile = read(name);
			if (!profile) {
				throw new Error(`There is no profile named "${name}".`);
			}

			const from = profile.secretStorage;
			if (from?.kind === 'keychain' && from.problem !== undefined) {
				throw unreadableEntryError(name, from.account, from.problem);
			}

			if ((from?.kind === 'keychain') === (to === 'keychain')) {
				return {profile, hasMoved: false};
			}

			if (to === 'keychain') {
				const absence = keychainAbsence();
				if (absence) {
					throw new LocalFileError(keychainPlace('(none)'), `cannot be used here: ${absence}`, 'Run this where your desktop session is, or keep the secrets in the file.');
				}

				const moved: Profile = {...profile, secretStorage: {kind: 'keychain', account: newKeychainAccount()}};
				write(moved, false);
				return {profile: moved, hasMoved: true};
			}

			const moved = withoutStorage(profile);
			write(moved, false);
			// The file holds the secrets now; the entry would only be a second copy.
			if (from?.kind === 'keychain') {
				tryRemoveKeychainEntry(from.account);
			}

			return {profile: moved, hasMoved: true};
		},
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

			ensureOwnDirectory(profilesDirectory);
			withStoreLock(profilesDirectory, () => {
				if (existsSync(pathOf(to)) || lstatOrUndefined(pathOf(to)) !== undefined) {
					throw new Error(`A profile named "${to}" already exists.`);
				}

				// The name lives only in the file's name, so the file moves as it is, without conf.
				try {
					renameSync(pathOf(from), pathOf(to));
				} catch (error) {
					throw localFileProblem(error, pathOf(from), `could not rename the profile "${from}"`);
				}
			});
		},
		remove(name) {
			if (checkProfileName(name) !== undefined || checkOwnDirectory(directory) === 'missing' || checkOwnDirectory(profilesDirectory) === 'missing') {
				return [];
			}

			return withStoreLock(profilesDirectory, () => {
				const own = new RegExp(`^${escapeRegExp(name)}\\.${profileFileExtension}(?:${escapeRegExp(temporaryMarker)}[^.]+|\\.corrupt-[\\dTZ-]+)$`);
				const leftovers = readdirSync(profilesDirectory)
					.filter(file => own.test(file))
					.sort()
					.map(file => `${profilesDirectory}/${file}`);
				const removed: string[] = [];
				// Read before the file goes, for the keychain entry it names.
				const file = readProfileFile(directory, name);
				for (const path of [pathOf(name), ...leftovers]) {
					try {
						// unlink removes a link itself, never its target.
						unlinkSync(path);
						removed.push(path);
					} catch (error) {
						if (errorCodeOf(error) !== 'ENOENT') {
							throw localFileProblem(error, path, `could not remove the profile "${name}"`);
						}
					}
				}

				const storage = file.kind === 'profile' ? file.profile.secretStorage : undefined;
				if (removed.length > 0 && storage?.kind === 'keychain' && storage.account !== '' && tryRemoveKeychainEntry(storage.account)) {
					removed.push(keychainPlace(storage.account));
				}

				return removed;
			});
		},
	};

	/** Where a new profile's secrets go: the keychain when the store may use one and it takes them, else the file. */
	function newSecretStorage(): SecretStorage {
		if (options.newSecretsIn === 'file') {
			return {kind: 'file', reason: '--insecure-storage was given'};
		}

		const absence = keychainAbsence();
		if (absence) {
			return {kind: 'file', reason: absence};
		}

		// Written empty first: a keychain that refuses says so here, before the profile is written anywhere.
		const account = newKeychainAccount();
		try {
			writeKeychainSecrets(account, {});
			return {kind: 'keychain', account};
		} catch (error) {
			return {kind: 'file', reason: `the system keychain refused it (${(error as Error).message})`};
		}
	}
}

/** A change to a profile whose keychain entry could not be read: refused, as it would lose the secrets it holds. */
function unreadableEntryError(name: string, account: string, problem: string): LocalFileError {
	return new LocalFileError(keychainPlace(account), `holds the secrets of "${name}", but ${problem}`, 'Unlock the keychain (or start the session that has it) and try again; nothing was changed.');
}

/** The profile as a file keeps it: secrets and all, no keychain entry named. */
function withoutStorage(profile: Profile): Profile {
	const {secretStorage, ...rest} = profile;
	void secretStorage;
	return rest;
}

/** Removes a keychain entry uaa-token made; a keychain that refuses leaves it, which the user can delete there. */
function tryRemoveKeychainEntry(account: string): boolean {
	try {
		return removeKeychainSecrets(account);
	} catch {
		return false;
	}
}

function lstatOrUndefined(path: string) {
	try {
		return lstatSync(path);
	} catch {
		return undefined;
	}
}
