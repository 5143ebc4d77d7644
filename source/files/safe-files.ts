// How uaa-token touches its own files, where someone else may have planted something: modes are set only on what
// uaa-token itself created, symbolic links are never followed when writing, directories owned by another user (or
// writable by everyone without the sticky bit) are refused, only regular files are read, and nothing blocks on a FIFO.

import {closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, chmodSync} from 'node:fs';
import {LocalFileError} from '../errors/local-file.js';
import {errorCodeOf, localFileProblem} from './local-file-problem.js';

const directoryMode = 0o700;
const fileMode = 0o600;

/** The user's id, or undefined where there is none to compare with (Windows). */
const ownUid = (() => {
	// Asked once: uaa-token never changes its user, and the picker checks every profile file's owner.
	const uid = typeof process.geteuid === 'function' ? process.geteuid() : undefined;
	return () => uid;
})();

const ownDirectoryRule = 'uaa-token keeps credentials only in a directory that you own and that others cannot write to (or that has the sticky bit, as /tmp has).';

/**
 * Checks a directory uaa-token is about to read from or write to, following a symlink to it (the user may have
 * linked their config directory elsewhere): 'missing' when there is none, else it must be a directory owned by this
 * user and, when writable by everyone, have the sticky bit. Anything else is a LocalFileError.
 */
export function checkOwnDirectory(path: string): 'missing' | 'present' {
	let stats;
	try {
		stats = statSync(path);
	} catch (error) {
		if (errorCodeOf(error) === 'ENOENT') {
			return 'missing';
		}

		throw localFileProblem(error, path, 'cannot use this directory');
	}

	if (!stats.isDirectory()) {
		throw new LocalFileError(path, 'is not a directory', 'Move it away, or point UAA_TOKEN_CONFIG_DIR at a directory of your own.');
	}

	const uid = ownUid();
	if (uid !== undefined && stats.uid !== uid) {
		throw new LocalFileError(path, `is owned by another user (uid ${stats.uid}), so uaa-token does not read or write profiles there`, `${ownDirectoryRule} Point UAA_TOKEN_CONFIG_DIR at such a directory.`);
	}

	if ((stats.mode & 0o002) !== 0 && (stats.mode & 0o1000) === 0) {
		throw new LocalFileError(path, 'can be written by every user and has no sticky bit, so others could replace files in it', `${ownDirectoryRule} Run chmod o-w on it, or point UAA_TOKEN_CONFIG_DIR elsewhere.`);
	}

	return 'present';
}

/**
 * Makes sure the directory exists and is fit (see checkOwnDirectory). One that uaa-token creates is made 0700; an
 * existing one keeps its mode and owner, whatever they are: uaa-token never chmods what it did not create.
 */
export function ensureOwnDirectory(path: string): void {
	if (checkOwnDirectory(path) === 'present') {
		return;
	}

	let created: string | undefined;
	try {
		created = mkdirSync(path, {recursive: true, mode: directoryMode});
	} catch (error) {
		throw localFileProblem(error, path, 'could not create the directory');
	}

	if (created !== undefined) {
		// Created just now by this process, so its mode is ours to set: mkdir's mode was narrowed by the umask.
		try {
			const stats = lstatSync(path);
			if (stats.isDirectory() && (stats.mode & 0o777) !== directoryMode) {
				chmodSync(path, directoryMode);
			}
		} catch (error) {
			throw localFileProblem(error, path, 'could not make the new directory private');
		}
	}

	// Another process may have made it in the meantime; either way it must pass the same check.
	checkOwnDirectory(path);
}

export type RegularFileRead =
	| {kind: 'missing'}
	/** identity (device, inode, size, mtime) tells this file from one renamed over it later. */
	| {kind: 'text'; text: string; identity: string}
	/**
	 * Not read: reason says why in words (a FIFO, a link, another user's file, too large). identity is set only for a
	 * regular file of this user (one too large), which is the user's own to move aside.
	 */
	| {kind: 'refused'; reason: string; identity?: string};

/** What tells one file from another put at its path: device, inode, size and modification time. */
export function identityOf(stats: {dev: number; ino: number; size: number; mtimeMs: number}): string {
	return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function kindOfFile(stats: {isFIFO: () => boolean; isDirectory: () => boolean; isSocket: () => boolean; isCharacterDevice: () => boolean; isBlockDevice: () => boolean}): string {
	if (stats.isFIFO()) {
		return 'a FIFO (named pipe)';
	}

	if (stats.isDirectory()) {
		return 'a directory';
	}

	if (stats.isSocket()) {
		return 'a socket';
	}

	if (stats.isCharacterDevice() || stats.isBlockDevice()) {
		return 'a device';
	}

	return 'not a regular file';
}

/**
 * Reads an open file to its end as UTF-8, or undefined once it holds more than maxBytes. One byte more than allowed
 * is asked for, so a file that grew since its fstat is still caught. The buffer starts at the size fstat gave and
 * grows only if the file did: a buffer of maxBytes for each read cost the picker 0.85 s of zero-filling with 1000
 * profiles of 1 kB under a 1 MiB bound.
 */
export function readUpTo(fd: number, maxBytes: number, expectedBytes = maxBytes): string | undefined {
	// allocUnsafe: only the bytes read are ever looked at.
	let buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(expectedBytes, 0)) + 1);
	let length = 0;
	for (;;) {
		if (length === buffer.length) {
			const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
			buffer.copy(grown, 0, 0, length);
			buffer = grown;
		}

		const asked = buffer.length - length;
		const read = readSync(fd, buffer, length, asked, null);
		length += read;
		// All that fstat said, and less than asked: the end, without one more read to learn it (a fifth of a profile
		// read's system calls). A read cut short before that size (FUSE, NFS) reads on.
		if (read === 0 || (read < asked && length === expectedBytes)) {
			return buffer.subarray(0, length).toString('utf8');
		}

		if (length > maxBytes) {
			return undefined;
		}
	}
}

/**
 * Reads a file uaa-token keeps, as it is on disk: never through a symlink (O_NOFOLLOW), never blocking on a FIFO
 * (O_NONBLOCK, then fstat on what was opened), only a regular file of this user, and at most maxBytes of it.
 */
export function readOwnRegularFile(path: string, maxBytes: number): RegularFileRead {
	let fd: number;
	try {
		// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, and a read of it for data.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
	} catch (error) {
		const code = errorCodeOf(error);
		if (code === 'ENOENT') {
			return {kind: 'missing'};
		}

		if (code === 'ELOOP') {
			return {kind: 'refused', reason: 'it is a symbolic link, which uaa-token does not follow'};
		}

		return {kind: 'refused', reason: `it cannot be opened (${code ?? 'unknown error'})`};
	}

	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) {
			return {kind: 'refused', reason: `it is ${kindOfFile(stats)}, not a regular file`};
		}

		const uid = ownUid();
		if (uid !== undefined && stats.uid !== uid) {
			return {kind: 'refused', reason: `it is owned by another user (uid ${stats.uid})`};
		}

		if (stats.size > maxBytes) {
			return {kind: 'refused', reason: `it is larger than ${maxBytes} bytes`, identity: identityOf(stats)};
		}

		const text = readUpTo(fd, maxBytes, stats.size);
		return text === undefined
			? {kind: 'refused', reason: `it is larger than ${maxBytes} bytes`, identity: identityOf(stats)}
			: {kind: 'text', text, identity: identityOf(stats)};
	} catch (error) {
		return {kind: 'refused', reason: `it cannot be read (${errorCodeOf(error) ?? 'unknown error'})`};
	} finally {
		closeSync(fd);
	}
}

/**
 * Twelve hex digits for a unique name. Math.random, not node:crypto, which takes milliseconds to load on the cached
 * path: the names need not be secret, and O_EXCL refuses one that is taken.
 */
export function randomHex(): string {
	return Math.floor(Math.random() * 0x1_0000_0000_0000).toString(16).padStart(12, '0');
}

/** The marker in every temporary file's name, followed by the writer's pid: `<file>.tmp-<pid>-<random>`. */
export const temporaryMarker = '.tmp-';

/**
 * Refuses to write over a path that is a symbolic link, anything but a regular file, or another user's file: the
 * rename would replace it, and whoever planted it meant something by it. Missing is fine.
 */
export function checkWritablePath(path: string): void {
	let stats;
	try {
		stats = lstatSync(path);
	} catch (error) {
		if (errorCodeOf(error) === 'ENOENT') {
			return;
		}

		throw localFileProblem(error, path, 'cannot check the file before writing it');
	}

	if (stats.isSymbolicLink()) {
		throw new LocalFileError(path, 'is a symbolic link; uaa-token never writes through one', `Remove the link (rm ${path}) and try again, or use another profile name.`);
	}

	if (!stats.isFile()) {
		throw new LocalFileError(path, `is ${kindOfFile(stats)}, where uaa-token keeps a regular file`, 'Move it away and try again, or use another profile name.');
	}

	const uid = ownUid();
	if (uid !== undefined && stats.uid !== uid) {
		throw new LocalFileError(path, `is owned by another user (uid ${stats.uid}); uaa-token does not replace it`, 'Move it away and try again, or use another profile name.');
	}
}

/**
 * Writes the file whole or not at all: a new temporary file beside it (O_CREAT|O_EXCL|O_NOFOLLOW, 0600, so nothing
 * planted there is opened), then a rename over the old one, which replaces a name and never follows a link.
 * action words the failure ("could not save the profile").
 */
export function writeFileAtomically(path: string, text: string, action: string): void {
	checkWritablePath(path);
	const temporaryPath = `${path}${temporaryMarker}${process.pid}-${randomHex()}`;
	let fd: number | undefined;
	try {
		fd = openSync(temporaryPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), fileMode);
		// Ours, just created: its mode is set exactly, whatever the umask left.
		fchmodSync(fd, fileMode);
		const data = Buffer.from(text, 'utf8');
		let written = 0;
		while (written < data.length) {
			written += writeSync(fd, data, written, data.length - written);
		}

		fsyncSync(fd);
		closeSync(fd);
		fd = undefined;
		renameSync(temporaryPath, path);
	} catch (error) {
		if (fd !== undefined) {
			try {
				closeSync(fd);
			} catch {}
		}

		try {
			unlinkSync(temporaryPath);
		} catch {}

		throw localFileProblem(error, path, action);
	}
}

/** Whether a process of this id runs on this machine (or may: one we may not signal still runs). */
export function isProcessAlive(pid: number): boolean {
	if (!Number.isSafeInteger(pid) || pid <= 0) {
		return false;
	}

	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return errorCodeOf(error) === 'EPERM';
	}
}

/** Sleeps without an event loop, for the synchronous lock's retries. */
export function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
