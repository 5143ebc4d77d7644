// The one token workflow, for scripts and screens alike: reuse a saved profile's token while it has time to spare,
// or ask the server, then keep the token in the profile it belongs to. What happened comes back with the token, and
// progress is told through events, so a screen shows it without repeating a step. No React, no output: the
// front-ends word the outcome themselves (stderr for scripts, a notice or dialog on screen).

import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Credentials} from '../oauth/credentials.js';
import type {AttemptInfo, RetryInfo, Token} from '../oauth/token-client.js';
import {type Profile, ProfileExistsError, type ProfileStore} from '../profiles/profile-store.js';
import {isCacheUsable, markUsed, newProfile, recordToken, tokenFromCache} from '../profiles/profile-token.js';

/** How a token is asked for: fetchToken in the product, any function of this shape in a test. */
export type TokenTransport = (
	credentials: Credentials,
	options: {
		signal?: AbortSignal;
		/** The method that worked last time for a saved profile, to try first. */
		preferredMethod?: ClientAuthMethod;
		onAttempt: (method: ClientAuthMethod, attempt?: AttemptInfo) => void;
		onRetry: (info: RetryInfo) => void;
	},
) => Promise<Token>;

export type TokenSource =
	/**
	 * A saved profile: its cached token unless isRefreshForced, else a request with credentials, asked for only
	 * then (a script may read the secret from stdin). The token is recorded in the profile, with changes applied.
	 */
	| {
			kind: 'profile';
			profile: Profile;
			credentials: () => Credentials | Promise<Credentials>;
			/** Fields to keep along with the token, from the credentials used: values edited in the app, a secret re-entered after a 401, a new --ca. */
			changes?: (used: Credentials) => Partial<Profile>;
			isRefreshForced?: boolean;
	  }
	/** Values from a service key, the wizard or flags: saved as a new profile only with saveAs, and never over one. */
	| {kind: 'values'; credentials: Credentials; saveAs?: {name: string; keepSecret: boolean}};

export type TokenEvent = {type: 'attempt'; method: ClientAuthMethod; attempt?: AttemptInfo} | {type: 'retry'; info: RetryInfo};

/** What became of the token on disk. A token that could not be kept is still a good token: the caller shows it. */
export type Stored =
	| {kind: 'not-stored'}
	| {kind: 'recorded'; profile: Profile; path: string}
	| {kind: 'created'; profile: Profile; path: string}
	/** The profile was removed (in the app, or by another process) while its token was being fetched. */
	| {kind: 'profile-gone'; name: string}
	/** saveAs found the name taken: another process saved it while the token was being fetched. */
	| {kind: 'name-taken'; name: string}
	/** A LocalFileError, or the store's own refusal, as thrown. */
	| {kind: 'failed'; name: string; path: string; error: unknown};

export type TokenOutcome = {token: Token; isCached: boolean; stored: Stored};

export type TokenWorkflow = {
	/** The store is asked for only when something is to be kept: scripts load it while the request is in flight. */
	store: () => ProfileStore | Promise<ProfileStore>;
	now: () => number;
	transport: TokenTransport;
	signal?: AbortSignal;
	onEvent?: (event: TokenEvent) => void;
};

/** The cache rule, the same for every caller: a profile's token while more than the cache margin of it remains. */
export function reusableToken(profile: Profile, now: number): Token | undefined {
	return isCacheUsable(profile.token, now) ? tokenFromCache(profile.token, profile) : undefined;
}

export async function getToken(source: TokenSource, workflow: TokenWorkflow): Promise<TokenOutcome> {
	const {now} = workflow;
	if (source.kind === 'profile' && !source.isRefreshForced) {
		const cached = reusableToken(source.profile, now());
		if (cached) {
			// A cache hit writes nothing, so a script polling every minute leaves the file alone; lastUsedAt moves when a
			// token is fetched, or when a person opens the profile in the app (noteProfileOpened).
			return {token: cached, isCached: true, stored: {kind: 'not-stored'}};
		}
	}

	const credentials = source.kind === 'profile' ? await source.credentials() : source.credentials;
	const token = await workflow.transport(credentials, {
		signal: workflow.signal,
		preferredMethod: source.kind === 'profile' ? source.profile.authMethod : undefined,
		onAttempt(method, attempt) {
			workflow.onEvent?.({type: 'attempt', method, attempt});
		},
		onRetry(info) {
			workflow.onEvent?.({type: 'retry', info});
		},
	});
	return {token, isCached: false, stored: await keep(source, credentials, token, workflow)};
}

/** Saves values and a token already fetched as a new profile: the result screen's s, and --save. */
export async function saveNewProfile(
	input: {name: string; credentials: Credentials; keepSecret: boolean; token: Token},
	workflow: Pick<TokenWorkflow, 'store' | 'now'>,
): Promise<Stored> {
	const {name} = input;
	let store: ProfileStore | undefined;
	try {
		store = await workflow.store();
		const profile = newProfile({...input, now: workflow.now()});
		// create, not save: another process may have saved this name meanwhile, and its profile stays.
		store.create(profile);
		return {kind: 'created', profile, path: store.pathOf(name)};
	} catch (error) {
		if (error instanceof ProfileExistsError) {
			return {kind: 'name-taken', name};
		}

		return {kind: 'failed', name, path: store?.pathOf(name) ?? '', error};
	}
}

async function keep(source: TokenSource, credentials: Credentials, token: Token, workflow: TokenWorkflow): Promise<Stored> {
	if (source.kind === 'values') {
		return source.saveAs ? saveNewProfile({...source.saveAs, credentials, token}, workflow) : {kind: 'not-stored'};
	}

	const {name} = source.profile;
	let store: ProfileStore | undefined;
	try {
		store = await workflow.store();
		// As it is now: another process may have changed it, or the app removed it, while the token was fetched.
		const profile = store.get(name);
		if (!profile) {
			return {kind: 'profile-gone', name};
		}

		const recorded = recordToken(store, {...profile, ...source.changes?.(credentials)}, token, {now: workflow.now()});
		return {kind: 'recorded', profile: recorded, path: store.pathOf(name)};
	} catch (error) {
		return {kind: 'failed', name, path: store?.pathOf(name) ?? '', error};
	}
}

/**
 * A person opened a profile in the app: it counts as used, as a fetched token does, and moves up the list. A file
 * that cannot take it is no reason to withhold the token.
 */
export function noteProfileOpened(store: ProfileStore, profile: Profile, now: number): void {
	try {
		markUsed(store, profile, now);
	} catch {}
}

