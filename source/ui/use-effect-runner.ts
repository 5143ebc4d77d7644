// The app's effects, started from what the reducer's result describes and never decided in a key handler: a
// signing-in state asks for a token (through the core's getToken), a save dialog at "saving" saves, and copy-started
// copies. Each answers the reducer with an action. They start as the state changes, not after a render, so keys that
// arrive in one burst meet the same screens as keys typed slowly.

import {useCallback, useEffect, useRef} from 'react';
import type {ClipboardKind} from '../clipboard/clipboard.js';
import {getToken, saveNewProfile, type Stored, type TokenSource, type TokenTransport, type UserGrantAsker} from '../core/token-workflow.js';
import {isTokenRequestError, TokenRequestError} from '../errors/failure.js';
import {isLocalFileError} from '../errors/local-file.js';
import {credentialsFromValues} from '../oauth/credentials.js';
import {describeFailure} from '../presentation/describe-failure.js';
import {secretPlaceSentence} from '../presentation/profile-words.js';
import {cleanOutsideText} from '../text/outside-text.js';
import type {ProfileStore} from '../profiles/profile-store.js';
import type {AppProps} from './app-props.js';
import type {CopyTarget, WizardAction, WizardState} from './wizard-state.js';

type SigningIn = Extract<WizardState, {screen: 'signing-in'}>;
type Result = Extract<WizardState, {screen: 'result'}>;

export type EffectRunnerOptions = {
	readonly dispatchToReducer: (action: WizardAction) => void;
	readonly getState: () => WizardState;
	readonly store?: ProfileStore;
	readonly transport: TokenTransport;
	readonly waitLimitMs?: number;
	readonly verifyToken?: AppProps['verifyToken'];
	readonly signInWithBrowser?: AppProps['signInWithBrowser'];
	readonly now: () => number;
	/** --ca: kept in profiles saved in this session. */
	readonly ca?: string;
	readonly copyToClipboard: (text: string) => Promise<ClipboardKind>;
	/** The text c and C copy from a result screen. */
	readonly copyTextOf: (state: Result, target: 'token' | 'curl') => string;
	/** Words for a failed write; remembers a local file problem for the exit code. */
	readonly problemOf: (error: unknown) => string;
	/** The picker opens afresh, with the profiles as they are now on disk. */
	readonly onPickerOpened: () => void;
	/** The saved profiles changed on disk. */
	readonly onProfilesChanged: () => void;
};

/** Returns the dispatch every part of the app uses. */
export function useEffectRunner(options: EffectRunnerOptions): (action: WizardAction) => void {
	const latest = useRef(options);
	latest.current = options;
	const request = useRef<{requestId: number; controller: AbortController} | undefined>(undefined);
	useEffect(() => {
		// A first state that is already signing in asks at once, as entering it would.
		const first = latest.current.getState();
		if (first.screen === 'signing-in' && request.current === undefined) {
			startRequest(first);
		}

		return () => {
			request.current?.controller.abort();
		};
		// Once, for the app's whole life.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	const dispatch = useCallback((action: WizardAction) => {
		const {dispatchToReducer, getState} = latest.current;
		const before = getState();
		dispatchToReducer(action);
		const after = getState();
		if (after === before) {
			return;
		}

		// Leaving signing-in, or a new request, abandons the one in flight: its answer would be for a screen gone.
		if (request.current && (after.screen !== 'signing-in' || after.requestId !== request.current.requestId)) {
			request.current.controller.abort();
			request.current = undefined;
		}

		if (before.screen !== 'picker' && after.screen === 'picker') {
			latest.current.onPickerOpened();
		}

		if (after.screen === 'signing-in' && request.current === undefined) {
			startRequest(after);
		}

		if (after.screen === 'result' && after.save?.stage === 'saving' && !(before.screen === 'result' && before.save?.stage === 'saving')) {
			startSave(after, after.save);
		}

		if (after.screen === 'result' && after.verification?.state === 'checking' && !(before.screen === 'result' && before.verification?.state === 'checking')) {
			startVerification(after);
		}

		if (action.type === 'copy-started' && after.screen === 'result' && after.copyStatus?.state === 'copying' && action.target !== 'sign-in page') {
			startCopy(latest.current.copyTextOf(after, action.target), action.target);
		}

		if (action.type === 'copy-started' && after.screen === 'signing-in' && after.browser?.copyStatus?.state === 'copying') {
			startCopy(after.browser.url, 'sign-in page');
		}
		// The effects read options through latest, so dispatch stays one function for the app's whole life.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	function startVerification(state: Result): void {
		const {verifyToken} = latest.current;
		const {requestId, token, values, extras} = state;
		// The verifier answers every failure as a check's outcome; a rejection would be a defect, shown as such.
		verifyToken?.(token, credentialsFromValues(values, extras)).then(
			result => {
				dispatch({type: 'verification-finished', requestId, result});
			},
			(error: unknown) => {
				dispatch({type: 'verification-finished', requestId, result: {verdict: 'not-a-jwt', problem: `the check itself failed (${cleanOutsideText(String(error))})`}});
			},
		);
	}

	function startRequest(state: SigningIn): void {
		const controller = new AbortController();
		const {requestId} = state;
		request.current = {requestId, controller};
		const {store, now, transport, waitLimitMs} = latest.current;
		const source = tokenSourceFor(state, store, userGrantFor(state, controller.signal));
		getToken(source.source, {
			store: () => store!,
			now,
			transport,
			waitLimitMs,
			signal: controller.signal,
			onEvent(event) {
				if (controller.signal.aborted) {
					return;
				}

				if (event.type === 'attempt') {
					const {attempt} = event;
					dispatch({type: 'attempt-started', requestId, method: event.method, ...(attempt ? {attempt: {attempt: attempt.attempt, attempts: attempt.attempts, budgetMs: attempt.budgetMs}} : {})});
				} else if (event.type === 'waiting') {
					dispatch({type: 'waiting-for-other-process', requestId});
				} else if (event.type === 'retry') {
					const {attempt, attempts, delayMs, failure} = event.info;
					dispatch({type: 'retry-scheduled', requestId, retry: {attempt, attempts, delayMs, reason: describeFailure(failure).title}});
				}
			},
		}).then(
			outcome => {
				if (controller.signal.aborted) {
					return;
				}

				request.current = undefined;
				const followUps = source.isProfileGone ? [profileGone(state)] : storedActions(state, outcome.stored);
				dispatch({type: 'token-received', requestId, token: outcome.token, isCached: outcome.isCached});
				for (const action of followUps) {
					dispatch(action);
				}

				if (state.origin.kind !== 'new') {
					latest.current.onProfilesChanged();
				}
			},
			(error: unknown) => {
				if (controller.signal.aborted) {
					return;
				}

				request.current = undefined;
				dispatch({
					type: 'token-failed',
					requestId,
					// Anything unexpected still lands on the failure screen, never as a stack trace.
					failure: isTokenRequestError(error) ? error.failure : {kind: 'network', host: new URL(state.values.url).host, code: 'UNEXPECTED'},
				});
			},
		);
	}

	/** What the screen says about where a saved profile's new token went. */
	function storedActions(state: SigningIn, stored: Stored): WizardAction[] {
		const {origin} = state;
		const isX509 = state.extras?.x509 !== undefined;
		switch (stored.kind) {
			case 'recorded': {
				return origin.kind === 'edit'
					? [
							{type: 'profile-saved', name: origin.name, hasSavedSecret: origin.hasSavedSecret},
							{type: 'save-finished', dialog: {stage: 'saved', name: origin.name, path: stored.path, hasSavedSecret: origin.hasSavedSecret, isX509}},
						]
					: [];
			}

			case 'profile-gone': {
				return [profileGone(state)];
			}

			case 'failed': {
				const problem = latest.current.problemOf(stored.error);
				// A token that could not be kept is good all the same: it is shown, and the screen says it was not kept.
				return isLocalFileError(stored.error)
					? [{type: 'result-notice', notice: `Could not save the token to ${cleanOutsideText(stored.path)}: ${problem} The token below still works.`}]
					: [{type: 'save-finished', dialog: {stage: 'failed', problem}}];
			}

			default: {
				return [];
			}
		}
	}

	function startSave(state: Result, save: {name: string; keepSecret: boolean}): void {
		const {store, now, ca} = latest.current;
		if (!store) {
			return;
		}

		const isX509 = state.extras?.x509 !== undefined;
		const credentials = credentialsFromValues(state.values, {...state.extras, ...(ca === undefined ? {} : {ca})});
		const {method, username, origin} = state.signInAs ?? {};
		const signIn = method === undefined ? {} : {signIn: {method, ...(username === undefined ? {} : {username}), ...(origin === undefined ? {} : {origin})}};
		void saveNewProfile({name: save.name, credentials, keepSecret: save.keepSecret, token: state.token, ...signIn}, {store: () => store, now}).then(stored => {
			if (stored.kind === 'created') {
				dispatch({type: 'profile-saved', name: save.name, hasSavedSecret: save.keepSecret});
				dispatch({
					type: 'save-finished',
					dialog: {stage: 'saved', name: save.name, path: stored.path, hasSavedSecret: save.keepSecret && !isX509, isX509, secretPlace: secretPlaceSentence(stored.profile)},
				});
			} else {
				const problem = stored.kind === 'failed' ? latest.current.problemOf(stored.error) : `A profile named "${save.name}" already exists; choose another name.`;
				dispatch({type: 'save-finished', dialog: {stage: 'failed', problem}});
			}

			latest.current.onProfilesChanged();
		});
	}

	function startCopy(text: string, target: CopyTarget): void {
		latest.current.copyToClipboard(text).then(
			via => {
				dispatch({type: 'copy-finished', status: {state: 'copied', target, via}});
			},
			(error: unknown) => {
				const reason = error instanceof Error && error.message ? error.message : 'no clipboard is available here.';
				dispatch({type: 'copy-finished', status: {state: 'failed', target, reason}});
			},
		);
	}

	/**
	 * How a request gets the user's grant: the password or passcode the user just gave, or the browser sign-in. A
	 * profile's refused refresh token with neither ends on the failure screen, whose Enter asks the user again.
	 */
	function userGrantFor(state: SigningIn, signal: AbortSignal) {
		return async ({refusedRefresh}: {refusedRefresh?: TokenRequestError}) => {
			if (state.grant) {
				return state.grant;
			}

			const {signInWithBrowser} = latest.current;
			if (state.signInAs?.method === 'code' && signInWithBrowser) {
				const grant = await signInWithBrowser({
					baseUrl: state.values.url,
					clientId: state.values.clientid,
					origin: state.signInAs.origin,
					signal,
					onShown(url, problem) {
						dispatch({type: 'browser-sign-in-shown', requestId: state.requestId, url, ...(problem === undefined ? {} : {problem})});
					},
				});
				dispatch({type: 'browser-sign-in-returned', requestId: state.requestId});
				return grant;
			}

			throw refusedRefresh ?? new TokenRequestError({kind: 'user-refused', status: 401, grant: 'refresh_token', description: 'no refresh token is kept for this profile'});
		};
	}

	return dispatch;
}

function profileGone(state: SigningIn): WizardAction {
	const name = state.origin.kind === 'new' ? '' : state.origin.name;
	return {type: 'save-finished', dialog: {stage: 'failed', problem: `The profile "${name}" no longer exists, so this token was not stored.`}};
}

/**
 * Where the screen's values come from, as the core's workflow takes it: new values, or a saved profile (asked for
 * afresh, as the screen asks only when its cached token will not do) whose changes are kept with the token.
 */
function tokenSourceFor(state: SigningIn, store: ProfileStore | undefined, userGrant: UserGrantAsker): {source: TokenSource; isProfileGone?: boolean} {
	const credentials = credentialsFromValues(state.values, state.extras);
	const {origin, signInAs} = state;
	const signIn = signInAs?.method === undefined ? {} : {signIn: {record: {...signInAs, method: signInAs.method}, grant: userGrant}};
	if (origin.kind === 'new' || !store) {
		return {source: {kind: 'values', credentials, ...signIn}};
	}

	const profile = store.get(origin.name);
	if (!profile) {
		return {source: {kind: 'values', credentials, ...signIn}, isProfileGone: true};
	}

	const keptSecret = (used: typeof credentials) => (origin.hasSavedSecret && used.kind === 'secret' ? used.clientSecret : undefined);
	return {
		source: {
			kind: 'profile',
			profile,
			isRefreshForced: true,
			// The profile's ca came in with its extras; --ca, given, wins in the transport.
			credentials: () => credentials,
			...(profile.signIn ? {userGrant, ...(state.grant ? {grantAtHand: state.grant} : {})} : {}),
			// A saved secret re-entered after a 401 is replaced by the one that worked; an edit takes all its values.
			changes: used =>
				origin.kind === 'edit'
					? {url: used.url, clientId: used.clientId, clientSecret: keptSecret(used)}
					: keptSecret(used) === undefined
						? {}
						: {clientSecret: keptSecret(used)},
		},
	};
}
