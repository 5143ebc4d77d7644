// Reads what the user hands uaa-token (a service key file, --service-key -, the secret from stdin, a --ca file) up to
// a limit, and only from something that delivers data and ends: a regular file, or a pipe or FIFO with a writer.
// /dev/zero would otherwise grow the process past gigabytes, and a FIFO nobody writes to would wait forever.

import {closeSync, constants, fstatSync, openSync, statSync, type Stats} from 'node:fs';
import {type FileHandle, open} from 'node:fs/promises';
import {homedir} from 'node:os';
import {bytesText} from '../text/quantities.js';
import {cleanOutsideText} from '../text/outside-text.js';
import {errorCodeOf} from './local-file-problem.js';
import {readUpTo} from './safe-files.js';

/** A service key is a few kB; the same limit as the parser's, so a file is refused before it is all in memory. */
export const maxKeyFileBytes = 1024 * 1024;
/** A client secret is tens of characters. */
export const maxSecretStdinBytes = 64 * 1024;
/** A CA bundle may hold hundreds of certificates (the system's own is about 200 kB). */
export const maxCaFileBytes = 4 * 1024 * 1024;
/** How long a FIFO may go without a writer before the read is given up. */
export const fifoWriterWaitMs = 10_000;

const readTooMuchBrand = Symbol.for('uaa-token.BoundedReadError');

/** The input could not be read as given: a usage error (exit 2), with words that name the path and what to do. */
export class BoundedReadError extends Error {
	override readonly name = 'BoundedReadError';
	readonly [readTooMuchBrand] = true;

	/** instanceof across the scripted bundle and the app's, which each hold a copy of this class. */
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[readTooMuchBrand] === true;
	}
}

export type BoundedRead = {
	/** Names the input in messages: "--service-key", "--ca", "--client-secret-stdin". */
	what: string;
	maxBytes: number;
	/** What the input should be, for the too-large message: "a service key (a few kB)". */
	expected: string;
};

function tooLarge(read: BoundedRead, source: string): BoundedReadError {
	return new BoundedReadError(`${read.what}: ${source} holds more than ${bytesText(read.maxBytes)}, far more than ${read.expected}. Check that it is the right input.`);
}

/** Why a path is no file to read, or undefined for a regular file or a FIFO. */
function unreadableKind(stats: Stats): string | undefined {
	if (stats.isDirectory()) {
		return 'is a directory';
	}

	if (stats.isCharacterDevice() || stats.isBlockDevice()) {
		return 'is a device, not a file';
	}

	if (stats.isSocket()) {
		return 'is a socket, not a file';
	}

	return stats.isFile() || stats.isFIFO() ? undefined : 'is not a regular file';
}

function statOrThrow(path: string, read: BoundedRead): Stats {
	try {
		return statSync(path);
	} catch (error) {
		const code = errorCodeOf(error);
		throw new BoundedReadError(`${read.what}: cannot read ${cleanOutsideText(path)}${code === undefined ? '' : ` (${code})`}.`);
	}
}

/** Reads a stream to its end, and stops (destroying it) as soon as it delivers more than maxBytes. */
export async function readBoundedStream(stream: NodeJS.ReadableStream & {destroy?: () => void}, read: BoundedRead, source = 'stdin'): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
		size += buffer.length;
		if (size > read.maxBytes) {
			stream.destroy?.();
			throw tooLarge(read, source);
		}

		chunks.push(buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

/**
 * Opens a FIFO for reading, waiting at most waitMs for a writer. The open blocks a libuv thread, which nothing can
 * cancel; on time-out this process opens the FIFO for writing itself (O_NONBLOCK, so that never waits), which lets
 * the open finish, and closes both.
 */
async function openFifo(path: string, read: BoundedRead, waitMs: number): Promise<FileHandle> {
	let timer: NodeJS.Timeout | undefined;
	const opening = open(path, constants.O_RDONLY);
	const timedOut = new Promise<'timeout'>(resolve => {
		timer = setTimeout(() => resolve('timeout'), waitMs);
	});
	const first = await Promise.race([opening, timedOut]);
	clearTimeout(timer);
	if (first !== 'timeout') {
		return first;
	}

	try {
		closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
	} catch {}

	await opening.then(
		async handle => handle.close(),
		() => undefined,
	);
	throw new BoundedReadError(
		`${read.what}: nothing wrote to the named pipe ${cleanOutsideText(path)} within ${waitMs / 1000} s. Start the command that writes into it first, or pass a file or - for stdin.`,
	);
}

/**
 * Reads a file the user named: a regular file up to maxBytes, or a FIFO with a writer (waiting at most
 * fifoWriterWaitMs for one) up to maxBytes; a directory or a device is refused by name. Throws BoundedReadError.
 */
export async function readBoundedFile(namedPath: string, read: BoundedRead, {waitForWriterMs = fifoWriterWaitMs}: {waitForWriterMs?: number} = {}): Promise<string> {
	const path = expandHome(namedPath);
	const stats = statOrThrow(path, read);
	const problem = unreadableKind(stats);
	if (problem !== undefined) {
		throw new BoundedReadError(`${read.what}: ${cleanOutsideText(path)} ${problem}. Name the file itself${read.what === '--service-key' ? ', or - to read stdin' : ''}.`);
	}

	if (stats.isFIFO()) {
		// The handle's own stream closes it: a bare fd given to a stream would leave the handle to the garbage
		// collector, which closes its fd again and, finding it closed, ends the process with EBADF.
		const handle = await openFifo(path, read, waitForWriterMs);
		return readBoundedStream(handle.createReadStream(), read, cleanOutsideText(path));
	}

	const text = readRegularFileSync(path, read);
	if (text === undefined) {
		throw new BoundedReadError(`${read.what}: ${cleanOutsideText(path)} is not a regular file. Name the file itself.`);
	}

	return text;
}

/**
 * The synchronous read for a path typed in the app: a regular file up to maxBytes, never a FIFO or a device (which
 * could block or never end). Undefined when it is no such file; throws BoundedReadError when it is too large.
 */
export function readRegularFileSync(path: string, read: BoundedRead): string | undefined {
	let fd: number;
	try {
		// O_NONBLOCK: a FIFO put there since the check would otherwise block this open.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch {
		return undefined;
	}

	try {
		const stats = fstatSync(fd);
		if (!stats.isFile()) {
			return undefined;
		}

		const text = stats.size > read.maxBytes ? undefined : readUpTo(fd, read.maxBytes, stats.size);
		if (text === undefined) {
			throw tooLarge(read, cleanOutsideText(path));
		}

		return text;
	} finally {
		closeSync(fd);
	}
}

/**
 * A key file whose path was typed at the app's url step: as readRegularFileSync, ~ included, and undefined for
 * anything that cannot be read as one, so the url step says what it says of any url that is no url.
 */
export function readTypedKeyFile(path: string): string | undefined {
	try {
		return readRegularFileSync(expandHome(path), serviceKeyRead);
	} catch {
		return undefined;
	}
}

/**
 * ~/ at the start is the home directory, for every file named to uaa-token: a shell expands it only at the start of
 * a word, so --service-key=~/key.json, a path in quotes, and one typed in the app would otherwise fail.
 */
export function expandHome(path: string): string {
	return path.replace(/^~(?=\/)/, homedir());
}

/** What each input uaa-token reads is called in messages, and how much of it is read. */
export const serviceKeyRead: BoundedRead = {what: '--service-key', maxBytes: maxKeyFileBytes, expected: 'a service key (a few kB)'};
export const caRead: BoundedRead = {what: '--ca', maxBytes: maxCaFileBytes, expected: 'a file of CA certificates'};
export const secretStdinRead: BoundedRead = {what: '--client-secret-stdin', maxBytes: maxSecretStdinBytes, expected: 'a client secret'};
