// One token request per profile at a time, across processes: when a cached token has run out and a CI matrix or an
// `xargs -P` starts many uaa-token processes at once, one asks the server and the others wait for its token.
//
// The lock is proper-lockfile's: a directory <profile>.json.lock made with mkdir (atomic on every file system,
// NFS too), whose mtime its holder touches every refreshLockStaleMs / 2. A holder that crashes or is killed stops
// touching it, and the lock counts as stale after refreshLockStaleMs, so a waiter takes it over on its own.
//
// The takeover is this module's, not proper-lockfile's: two waiters that both saw the lock stale would each remove
// "the stale lock", and the later one removed the lock the earlier had just made, so both asked the server (seen in
// CI with 29 waiters). Here only the holder of <lock>.takeover (made with mkdir, never judged stale while fresh)
// checks and removes a stale lock, and proper-lockfile is told that no lock is ever stale. Unlike
// the store's lock (store-lock.ts, held for a millisecond by synchronous code), this one is held across a network
// request, which is the asynchronous waiting proper-lockfile is made for.

import {mkdir, rmdir, stat} from 'node:fs/promises';
import lockfile from 'proper-lockfile';

/** A request's holder touches the lock every half of this; a lock untouched this long was left by a crash. */
export const refreshLockStaleMs = 5000;

export type RefreshLock =
	| {kind: 'held'; release: () => Promise<void>}
	| {kind: 'busy'}
	/** The lock cannot be made here (a read-only directory, say): the token is still worth fetching, unlocked. */
	| {kind: 'unavailable'; code?: string};

const isStale = (modifiedAt: Date, now: number) => modifiedAt.getTime() < now - refreshLockStaleMs;

/**
 * Removes the lock at lockPath if it is stale, as the only process doing so: under the takeover guard, and only the
 * very directory judged stale (same inode), so a lock made meanwhile by another process is never removed.
 */
async function removeStaleLock(lockPath: string): Promise<void> {
	const guardPath = `${lockPath}.takeover`;
	let seen;
	try {
		seen = await stat(lockPath);
	} catch {
		return;
	}

	if (!isStale(seen.mtime, Date.now())) {
		return;
	}

	try {
		await mkdir(guardPath);
	} catch {
		// Another process is taking over. A guard left by a process killed in these few milliseconds goes the same way.
		const guard = await stat(guardPath).catch(() => undefined);
		if (guard && isStale(guard.mtime, Date.now())) {
			await rmdir(guardPath).catch(() => {});
		}

		return;
	}

	try {
		const current = await stat(lockPath).catch(() => undefined);
		if (current && current.ino === seen.ino && isStale(current.mtime, Date.now())) {
			await rmdir(lockPath).catch(() => {});
		}
	} finally {
		await rmdir(guardPath).catch(() => {});
	}
}

/** proper-lockfile's stale, set so that it never judges a lock stale itself; removeStaleLock does. */
const neverStaleMs = 2 ** 31;

/** Takes the refresh lock of the profile file at profilePath, without waiting. */
export async function tryRefreshLock(profilePath: string): Promise<RefreshLock> {
	const lockPath = `${profilePath}.lock`;
	try {
		await removeStaleLock(lockPath);
		const release = await lockfile.lock(profilePath, {
			realpath: false,
			lockfilePath: lockPath,
			stale: neverStaleMs,
			update: refreshLockStaleMs / 2,
			retries: 0,
			// Another process judged the lock stale (this one stalled past refreshLockStaleMs) and took it: at worst
			// both ask the server, which is what happened before there was a lock. proper-lockfile's default throws.
			onCompromised() {},
		});
		return {
			kind: 'held',
			async release() {
				try {
					await release();
				} catch {}
			},
		};
	} catch (error) {
		const code = (error as {code?: string}).code;
		return code === 'ELOCKED' ? {kind: 'busy'} : {kind: 'unavailable', code};
	}
}
