// Saved profiles and their cached tokens: one conf file per profile, owner-only, never silently dropped. conf is
// handed in rather than imported: it takes longer to load than the app takes to paint, and only writes need it.

import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync} from 'node:fs';
import type Conf from 'conf';
import {configDirectory} from './config-directory.js';
import {checkProfileName, type Profile, profileFileExtension, profileFromStored, profilePath, profilesDirectoryOf, readProfileFile, storedFromProfile, storeVersion} from './profile-file.js';

export {type CachedToken, cachedTokenFrom, checkProfileName, compareVersions, defaultProfileName, type Profile, profileFromStored, storeVersion} from './profile-file.js';

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
	/** Settles once writes can happen, which is at once when conf was given to createProfileStore. */
	writable: Promise<void>;
	/**
	 * Gives a store opened without it the conf class that writes (and migrations) go through, and settles writable.
	 * Undefined, for a conf that could not be loaded, settles it too: writes then fail with a message to show.
	 */
	attachConf: (confClass: ConfClass | undefined) => void;
};

export type ConfClass = typeof Conf;

const directoryMode = 0o700;
const fileMode = 0o600;

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
};

/** Without confClass the store reads, lists, renames and removes at once, and writes once attachConf has given it. */
export function createProfileStore(options: OpenStoreOptions & {confClass?: ConfClass}): ProfileStore {
	const directory = options.directory ?? configDirectory();
	let confClass = options.confClass;
	let markWritable = () => {};
	const writable = confClass ? Promise.resolve() : new Promise<void>(resolve => {
		markWritable = resolve;
	});
	const profilesDirectory = profilesDirectoryOf(directory);
	const now = options.now ?? Date.now;
	const warnings: string[] = [];

	const pathOf = (name: string) => profilePath(directory, name);

	function confFor(name: string, shouldMigrate: boolean) {
		if (!confClass) {
			throw new Error('Profiles cannot be saved: the conf package is not loaded. Reinstall uaa-token if this persists.');
		}

		ensurePrivateDirectory(directory);
		ensurePrivateDirectory(profilesDirectory);
		return new confClass<Record<string, unknown>>({
			cwd: profilesDirectory,
			configName: name,
			fileExtension: profileFileExtension,
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
		// The file is checked as it is on disk before conf opens it: conf would rewrite a file of the wrong
		// shape while migrating it, and what is moved aside must be exactly what the user had.
		const file = readProfileFile(directory, name);
		if (file.kind === 'unreadable') {
			moveAside(name, file.text, file.reason);
		}

		if (file.kind !== 'profile') {
			return undefined;
		}

		// Only an older (or unversioned) file goes through conf's migrations, which bring it to the current shape.
		if (file.isCurrent) {
			return file.profile;
		}

		try {
			return profileFromStored(name, confFor(name, true).store) ?? file.profile;
		} catch {
			return file.profile;
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
		writable,
		attachConf(loaded) {
			confClass = loaded;
			markWritable();
		},
		list() {
			if (!existsSync(profilesDirectory)) {
				return [];
			}

			const names = readdirSync(profilesDirectory)
				.filter(file => file.endsWith(`.${profileFileExtension}`))
				.map(file => file.slice(0, -(profileFileExtension.length + 1)))
				.filter(name => checkProfileName(name) === undefined);
			return sortByRecency(names.map(name => read(name)).filter((profile): profile is Profile => profile !== undefined));
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

			// The name lives only in the file's name, so the file moves as it is, without conf.
			renameSync(pathOf(from), pathOf(to));
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
