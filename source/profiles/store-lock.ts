// The lock around every change to the profile store (profiles/.lock), so two processes saving one name at the same
// moment cannot both believe they saved it: each reads, decides and writes while it alone holds the lock.
//
// Why not proper-lockfile: the store is synchronous (the app saves from a key handler, scripts from a plain call),
// and proper-lockfile's lockSync cannot wait or retry (it throws at once when the lock is held), so 20 processes
// saving at once would all fail but one. It also brings graceful-fs, which patches the fs module process-wide, and
// signal-exit, which adds handlers to every signal. A lock file created with O_EXCL, holding "pid@host nonce", is
// all that is needed: it is stale when its holder is a dead process of this host, or older than staleMs (a holder on
// another host, or a hung one), and a waiter gives up after giveUpMs with a message.

import {closeSync, constants, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {LocalFileError} from '../errors/local-file.js';
import {isProcessAlive, randomHex, readOwnRegularFile, sleepSync} from '../files/safe-files.js';
import {errorCodeOf, localFileProblem} from '../files/local-file-problem.js';

export const lockFileName = '.lock';
/** No change to the store takes anywhere near this long; a lock this old was left by a holder that hung or died. */
export const staleMs = 10_000;
export const giveUpMs = 15_000;

type Holder = {pid: number; host: string; text: string};

function holderOf(text: string): Holder | undefined {
	const match = /^(\d+)@(\S+) \S+\n?$/.exec(text);
	return match ? {pid: Number(match[1]), host: match[2]!, text} : undefined;
}

/** Whether the lock as read (text) is stale: its holder is gone, or it is older than staleMs. */
function isStale(path: string, text: string, now: number): boolean {
	const holder = holderOf(text);
	if (holder && holder.host === hostname() && !isProcessAlive(holder.pid)) {
		return true;
	}

	try {
		return now - statSync(path).mtimeMs > staleMs;
	} catch {
		return false;
	}
}

/**
 * Removes a stale lock, but only the one that was judged: it is first renamed to a name of this process's own, and
 * if what was renamed is not what was read (another process broke it and took the lock in between), it is put back.
 */
function breakStaleLock(path: string, judgedText: string): void {
	const aside = `${path}.broken-${process.pid}-${randomHex()}`;
	try {
		renameSync(path, aside);
	} catch {
		return;
	}

	const moved = readOwnRegularFile(aside, 4096);
	if (moved.kind === 'text' && moved.text !== judgedText) {
		try {
			// link fails when a lock is there again, and the one put back must not replace it.
			linkSync(aside, path);
		} catch {}
	}

	try {
		unlinkSync(aside);
	} catch {}
}

/** Runs change while holding the store's lock; throws a LocalFileError when the lock cannot be had in giveUpMs. */
export function withStoreLock<T>(profilesDirectory: string, change: () => T, now: () => number = Date.now): T {
	const path = join(profilesDirectory, lockFileName);
	const text = `${process.pid}@${hostname()} ${randomHex()}\n`;
	const started = now();
	let fd: number | undefined;
	for (let attempt = 0; fd === undefined; attempt++) {
		try {
			fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
		} catch (error) {
			if (errorCodeOf(error) !== 'EEXIST') {
				throw localFileProblem(error, path, 'could not lock the profile store');
			}

			const held = readOwnRegularFile(path, 4096);
			if (held.kind === 'text' && isStale(path, held.text, now())) {
				breakStaleLock(path, held.text);
				continue;
			}

			if (held.kind === 'refused') {
				throw new LocalFileError(path, `is in the way of the profile store's lock: ${held.reason}`, `Remove it (rm ${path}) and try again.`);
			}

			if (now() - started > giveUpMs) {
				throw new LocalFileError(
					path,
					`another uaa-token process (${held.kind === 'text' ? held.text.trim().split(' ')[0] : 'unknown'}) has held the profile store's lock for over ${giveUpMs / 1000} s`,
					`Try again in a moment. If no uaa-token is running, remove the lock: rm ${path}`,
				);
			}

			// A change takes about a millisecond: short waits, spread so waiters do not wake in step.
			sleepSync(Math.min(50, 2 + attempt) + Math.random() * 5);
		}
	}

	try {
		writeSync(fd, text);
	} finally {
		closeSync(fd);
	}

	try {
		return change();
	} finally {
		// Only our own lock is removed: had it been broken as stale, it is someone else's now.
		const held = readOwnRegularFile(path, 4096);
		if (held.kind === 'text' && held.text === text) {
			try {
				unlinkSync(path);
			} catch {}
		}
	}
}
