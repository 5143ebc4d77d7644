// A saved token's state in a few words, as the picker and "uaa-token profiles" show it.

import {cacheMarginMs} from '../profiles/profile-token.js';

export type TokenState = 'none' | 'valid' | 'expiring' | 'expired';

export function tokenStateOf(expiresAt: number | undefined, now: number): TokenState {
	if (expiresAt === undefined) {
		return 'none';
	}

	const remaining = expiresAt - now;
	if (remaining <= 0) {
		return 'expired';
	}

	return remaining > cacheMarginMs ? 'valid' : 'expiring';
}

/** "valid 11 h 02 min", "expires in 3 min", "expired" or "no token yet". */
export function describeTokenState(expiresAt: number | undefined, now: number): string {
	const state = tokenStateOf(expiresAt, now);
	if (state === 'none') {
		return 'no token yet';
	}

	if (state === 'expired') {
		return 'expired';
	}

	const totalMinutes = Math.floor((expiresAt! - now) / 60_000);
	if (state === 'expiring') {
		return totalMinutes < 1 ? 'expires in less than 1 min' : `expires in ${totalMinutes} min`;
	}

	const hours = Math.floor(totalMinutes / 60);
	const minutes = totalMinutes % 60;
	return hours > 0 ? `valid ${hours} h ${String(minutes).padStart(2, '0')} min` : `valid ${minutes} min`;
}
