// The one token workflow, for scripts and screens alike: reuse a saved profile's token while it has time to spare,
// or ask the server, then keep the token in the profile it belongs to. What happened comes back with the token, and
// progress is told through events, so a screen shows it without repeating a step. No React, no output: the
// front-ends word the outcome themselves (stderr for scripts, a notice or dialog on screen).

import {isTokenRequestError, TokenRequestError} from '../errors/failure.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Credentials} from '../oauth/credentials.js';
import {decodeJwt} from '../oauth/decode-jwt.js';
import type {Grant} from '../oauth/grants.js';
import type {AttemptInfo, RetryInfo, Token} from '../oauth/token-client.js';
import {type Profile, ProfileExistsError, type ProfileStore} from '../profiles/profile-store.js';
import type {UserSignInRecord} from '../profiles/profile-file.js';
import {isCacheUsable, markUsed, newProfile, recordToken, tokenFromCache} from '../profiles/profile-token.js';

/** How a token is asked for: fetchToken in the product, any function of this shape in a test. */
export type TokenTransport = (
	credentials: Credentials,
	options: {
		signal?: AbortSignal;
		/** The method that worked last time for a saved profile, to try first. */
		preferredMethod?: ClientAuthMethod;
		/** client_credentials when absent. */
		grant?: Grant;
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
			/**
			 * For a profile that signs in as a user: asked for the user's grant when no refresh token serves (none kept,
			 * or refusedRefresh tells why not). A front-end that cannot ask throws refusedRefresh, or its own failure.
			 */
			userGrant?: UserGrantAsker;
			/** A grant the user just gave (a password typed again): used at once, without trying the kept refresh token. */
			grantAtHand?: Grant;
	  }
	/** Values from a service key, the wizard or flags: saved as a new profile only with saveAs, and never over one. */
	| {kind: 'values'; credentials: Credentials; saveAs?: {name: string; keepSecret: boolean}; signIn?: {record: UserSignInRecord; grant: UserGrantAsker}};

export type UserGrantAsker = (context: {refusedRefresh?: TokenRequestError}) => Grant | Promise<Grant>;

export type TokenEvent =
	| {type: 'attempt'; method: ClientAuthMethod; attempt?: AttemptInfo}
	| {type: 'retry'; info: RetryInfo}
	/** Another uaa-token process is asking for this profile's token; this one waits for it (told once). */
	| {type: 'waiting'}
	/** The kept refresh token was refused: the user signs in again, if the front-end can ask. */
	| {type: 'refresh-refused'};

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
	/** How long to wait for another process's request for the same profile (--timeout); 30 s when not given. */
	waitLimitMs?: number;
};

const defaultWaitLimitMs = 30_000;

/** The cache rule, the same for every caller: a profile's token while more than the cache margin of it remains. */
export function reusableToken(profile: Profile, now: number): Token | undefined {
	return isCacheUsable(profile.token, now) ? tokenFromCache(profile.token, profile) : undefined;
}

export async function getToken(source: TokenSource, workflow: TokenWorkflow): Promise<TokenOutcome> {
	if (source.kind === 'values') {
		return fetchAndKeep(source, workflow);
	}

	const {now} = workflow;
	const askedAt = now();
	if (!source.isRefreshForced) {
		const cached = reusableToken(source.profile, askedAt);
		if (cached) {
			// A cache hit writes nothing, so a script polling every minute leaves the file alone; lastUsedAt moves when a
			// token is fetched, or when a person opens the profile in the app (noteProfileOpened).
			return {token: cached, isCached: true, stored: {kind: 'not-stored'}};
		}
	}

	const turn = await waitForTurn(source, askedAt, workflow);
	if (turn.kind === 'shared') {
		return {token: turn.token, isCached: true, stored: {kind: 'not-stored'}};
	}

	try {
		return await fetchAndKeep(source, workflow);
	} finally {
		await turn.release();
	}
}

/** A pause that an abort ends early, with the signal's reason (node:timers/promises would load on every run). */
async function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
	signal?.throwIfAborted();
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

async function fetchAndKeep(source: TokenSource, workflow: TokenWorkflow): Promise<TokenOutcome> {
	const credentials = source.kind === 'profile' ? await source.credentials() : source.credentials;
	const ask = async (grant: Grant | undefined) =>
		workflow.transport(credentials, {
			signal: workflow.signal,
			preferredMethod: source.kind === 'profile' ? source.profile.authMethod : undefined,
			...(grant === undefined ? {} : {grant}),
			onAttempt(method, attempt) {
				workflow.onEvent?.({type: 'attempt', method, attempt});
			},
			onRetry(info) {
				workflow.onEvent?.({type: 'retry', info});
			},
		});
	const token = await tokenOfGrant(source, ask, workflow);
	return {token, isCached: false, stored: await keep(source, credentials, token, workflow)};
}

/**
 * The client's own token, or a user's: by the kept refresh token while the server takes it, else by the grant the
 * front-end asks the user for. A refresh answered without a new refresh token keeps the one used, as UAA may reuse it.
 */
async function tokenOfGrant(source: TokenSource, ask: (grant: Grant | undefined) => Promise<Token>, workflow: TokenWorkflow): Promise<Token> {
	const asker = source.kind === 'profile' ? (source.profile.signIn ? source.userGrant : undefined) : source.signIn?.grant;
	if (source.kind === 'profile' && source.profile.signIn && !asker) {
		throw new Error('A profile that signs in as a user needs a userGrant');
	}

	if (!asker) {
		return ask(undefined);
	}

	if (source.kind === 'profile' && source.grantAtHand) {
		return ask(source.grantAtHand);
	}

	const refreshToken = source.kind === 'profile' ? source.profile.token?.refreshToken : undefined;
	let refusedRefresh: TokenRequestError | undefined;
	if (refreshToken !== undefined) {
		try {
			const token = await ask({type: 'refresh_token', refreshToken});
			return {...token, refreshToken: token.refreshToken ?? refreshToken};
		} catch (error) {
			if (!(isTokenRequestError(error) && error.failure.kind === 'user-refused')) {
				throw error;
			}

			refusedRefresh = error;
			workflow.onEvent?.({type: 'refresh-refused'});
		}
	}

	return ask(await asker({refusedRefresh}));
}

/** The user a token is for, as its user_name claim says; what the profile remembers, and the picker shows. */
export function userNameOf(token: Token): string | undefined {
	const decoded = decodeJwt(token.accessToken);
	const name = decoded.isJwt ? decoded.claims['user_name'] : undefined;
	return typeof name === 'string' ? name : undefined;
}

/** The sign-in to remember: the user name the token names, where the sign-in itself did not (a passcode, the browser). */
export function signInToKeep(record: UserSignInRecord, token: Token): UserSignInRecord {
	const username = record.username ?? userNameOf(token);
	return {...record, ...(username === undefined ? {} : {username})};
}

type Turn = {kind: 'own'; release: () => Promise<void>} | {kind: 'shared'; token: Token};

/**
 * One request per profile across processes: this process takes the profile's refresh lock, or waits while another
 * holds it and then uses the token that one recorded. A token counts as that one's when it is reusable, or, for a
 * forced refresh, when it was received after this process asked. The profile is read again once the lock is held,
 * since the holder before may have just recorded a token.
 */
async function waitForTurn(source: Extract<TokenSource, {kind: 'profile'}>, askedAt: number, workflow: TokenWorkflow): Promise<Turn> {
	const {now} = workflow;
	const {name} = source.profile;
	let store: ProfileStore;
	try {
		store = await workflow.store();
	} catch {
		// A store that cannot be opened cannot record a token either: the request goes ahead, and keep() says why.
		return {kind: 'own', async release() {}};
	}

	const {tryRefreshLock} = await import('../profiles/refresh-lock.js');
	const waitLimitMs = workflow.waitLimitMs ?? defaultWaitLimitMs;
	const sharedToken = (): Token | undefined => {
		let current: Profile | undefined;
		try {
			current = store.get(name);
		} catch {}

		const token = current && reusableToken(current, now());
		return token && (!source.isRefreshForced || token.receivedAt >= askedAt) ? token : undefined;
	};

	for (let isWaiting = false; ; isWaiting = true) {
		// eslint-disable-next-line no-await-in-loop
		const lock = await tryRefreshLock(store.pathOf(name));
		if (lock.kind === 'held') {
			const token = sharedToken();
			if (token) {
				await lock.release();
				return {kind: 'shared', token};
			}

			return {kind: 'own', release: lock.release};
		}

		if (lock.kind === 'unavailable') {
			return {kind: 'own', async release() {}};
		}

		const token = sharedToken();
		if (token) {
			return {kind: 'shared', token};
		}

		if (now() - askedAt > waitLimitMs) {
			throw new TokenRequestError({kind: 'waited-for-other-process', profile: name, timeoutMs: waitLimitMs});
		}

		if (!isWaiting) {
			workflow.onEvent?.({type: 'waiting'});
		}

		// The holder's request takes tens of milliseconds to seconds: short polls, spread so waiters do not wake in step.
		// eslint-disable-next-line no-await-in-loop
		await delay(25 + Math.random() * 50, workflow.signal);
	}
}

/** Saves values and a token already fetched as a new profile: the result screen's s, and --save. */
export async function saveNewProfile(
	input: {name: string; credentials: Credentials; keepSecret: boolean; token: Token; signIn?: UserSignInRecord},
	workflow: Pick<TokenWorkflow, 'store' | 'now'>,
): Promise<Stored> {
	const {name} = input;
	let store: ProfileStore | undefined;
	try {
		store = await workflow.store();
		// create, not save: another process may have saved this name meanwhile, and its profile stays.
		const profile = store.create(newProfile({...input, ...(input.signIn ? {signIn: signInToKeep(input.signIn, input.token)} : {}), now: workflow.now()}));
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
		return source.saveAs ? saveNewProfile({...source.saveAs, credentials, token, ...(source.signIn ? {signIn: source.signIn.record} : {})}, workflow) : {kind: 'not-stored'};
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

		const signIn = profile.signIn ? {signIn: signInToKeep(profile.signIn, token)} : {};
		const recorded = recordToken(store, {...profile, ...signIn, ...source.changes?.(credentials)}, token, {now: workflow.now()});
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

