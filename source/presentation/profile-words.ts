// What is said about saved profiles on either front-end.

import type {Profile} from '../profiles/profile-file.js';

/** --profile or profiles remove named a profile that is not there: which ones are. */
export function unknownProfileMessage(name: string, savedNames: readonly string[]): string {
	const known = savedNames.length === 0 ? 'There are no saved profiles yet.' : `Saved profiles: ${savedNames.join(', ')}.`;
	return `There is no profile named "${name}". ${known}`;
}

/** What a profile keeps that is secret: its client secret, or the X.509 key that replaces it. */
function secretNoun(profile: Profile): string {
	return profile.certificate === undefined ? 'client secret' : 'X.509 key';
}

/** Where a profile's secret is, for the profile list: "secret in keychain", "X.509 key in file", "secret not saved". */
export function secretPlaceLabel(profile: Profile): string {
	const noun = profile.certificate === undefined ? 'secret' : 'X.509 key';
	if (profile.secretStorage?.kind === 'keychain') {
		if (profile.secretStorage.problem !== undefined) {
			return `${noun} in keychain (unreadable now)`;
		}

		return profile.secretStorage.isEntryGone ? `${noun} not saved (keychain entry gone)` : `${noun} in keychain`;
	}

	return profile.clientSecret === undefined && profile.key === undefined ? `${noun} not saved` : `${noun} in file`;
}

/** Said once, when a profile is saved: where its secret went, and when that is a file, why and how to move it. */
export function secretPlaceSentence(profile: Profile): string {
	const hasSecret = profile.clientSecret !== undefined || profile.key !== undefined;
	if (profile.secretStorage?.kind === 'keychain') {
		const kept = [...(hasSecret ? [secretNoun(profile)] : []), 'cached token', ...(profile.token?.refreshToken === undefined ? [] : ['refresh token'])];
		return `Its ${kept.length === 3 ? `${kept[0]!}, ${kept[1]!} and ${kept[2]!}` : kept.join(' and ')} are in the system keychain.`;
	}

	if (!hasSecret) {
		return `It was saved without the ${secretNoun(profile)}.`;
	}

	const reason = profile.secretStorage?.kind === 'file' ? `: ${profile.secretStorage.reason}` : '';
	return `Its ${secretNoun(profile)} is stored in that file, readable only by you, not in a system keychain${reason}. To move it into one later: uaa-token profiles store-secrets keychain ${profile.name}`;
}

export function savedProfileMessage(profile: Profile, path: string): string {
	return `Saved the profile "${profile.name}" in ${path}. ${secretPlaceSentence(profile)}`;
}
