// One token request per profile at a time, across processes: when a cached token has run out and a CI matrix or an
// `xargs -P` starts many uaa-token processes at once, one asks the server and the others wait for its token.
//
// The lock is proper-lockfile's: a directory <profile>.json.lock made with mkdir (atomic on every file system,
// NFS too), whose mtime its holder touches every refreshLockStaleMs / 2. A holder that crashes or is killed stops
// touching it, and the lock counts as stale after refreshLockStaleMs, so a waiter takes it over on its own. Unlike
// the store's lock (store-lock.ts, held for a millisecond by synchronous code), this one is held across a network
// request, which is the asynchronous waiting proper-lockfile is made for.

import lockfile from 'proper-lockfile';

/** A request's holder touches the lock every half of this; a lock untouched this long was left by a crash. */
export const refreshLockStaleMs = 5000;

export type RefreshLock =
	| {kind: 'held'; release: () => Promise<void>}
	| {kind: 'busy'}
	/** The lock cannot be made here (a read-only directory, say): the token is still worth fetching, unlocked. */
	| {kind: 'unavailable'; code?: string};

/** Takes the refresh lock of the profile file at profilePath, without waiting. */
export async function tryRefreshLock(profilePath: string): Promise<RefreshLock> {
	try {
		const release = await lockfile.lock(profilePath, {
			realpath: false,
			lockfilePath: `${profilePath}.lock`,
			stale: refreshLockStaleMs,
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
