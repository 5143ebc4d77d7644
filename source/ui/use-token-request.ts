import {type Dispatch, useEffect} from 'react';
import {describeFailure} from '../presentation/describe-failure.js';
import {isTokenRequestError} from '../errors/failure.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {AttemptInfo, RetryInfo, Token} from '../oauth/token-client.js';
import type {WizardAction, WizardState} from './wizard-state.js';

export type RequestTokenInput = {
	url: string;
	clientId: string;
	clientSecret: string;
	signal: AbortSignal;
	/** Told before every attempt, retries included, with where the request stands in its --timeout budget. */
	onAttempt: (method: ClientAuthMethod, attempt?: AttemptInfo) => void;
	/** The method that worked last time for a saved profile, to try first. */
	preferredMethod?: ClientAuthMethod;
	/** A saved profile's extra CA certificates. */
	ca?: string;
	/** An X.509 key's material: the token url is then certUrl's, and the certificate authenticates. */
	x509?: {certUrl: string; certificate: string; key: string};
	/** Told before each retry, so the screen can say what it is waiting for. */
	onRetry: (info: RetryInfo) => void;
};

export type RequestTokenFunction = (input: RequestTokenInput) => Promise<Token>;

export type SigningInState = Extract<WizardState, {screen: 'signing-in'}>;

/** Runs the request whenever the wizard enters signing-in, and aborts it when the wizard leaves. */
export function useTokenRequest(
	state: WizardState,
	dispatch: Dispatch<WizardAction>,
	requestToken: RequestTokenFunction,
	/** Told of each token with the state that asked for it, to store it; returns actions to follow the result. */
	onToken?: (token: Token, request: SigningInState) => WizardAction[],
	contextFor?: (request: SigningInState) => {preferredMethod?: ClientAuthMethod; ca?: string},
): void {
	const isSigningIn = state.screen === 'signing-in';
	const {requestId} = state;
	useEffect(() => {
		if (!isSigningIn) {
			return;
		}

		const controller = new AbortController();
		const request = state as SigningInState;
		const {url, clientid, clientsecret} = request.values;
		requestToken({
			url,
			clientId: clientid,
			clientSecret: clientsecret,
			signal: controller.signal,
			...contextFor?.(request),
			x509: request.extras?.x509,
			onAttempt(method, attempt) {
				dispatch({
					type: 'attempt-started',
					requestId,
					method,
					...(attempt ? {attempt: {attempt: attempt.attempt, attempts: attempt.attempts, budgetMs: attempt.budgetMs}} : {}),
				});
			},
			onRetry({attempt, attempts, delayMs, failure}) {
				dispatch({type: 'retry-scheduled', requestId, retry: {attempt, attempts, delayMs, reason: describeFailure(failure).title}});
			},
		}).then(
			token => {
				if (controller.signal.aborted) {
					return;
				}

				const followUps = onToken?.(token, request) ?? [];
				dispatch({type: 'token-received', requestId, token});
				for (const action of followUps) {
					dispatch(action);
				}
			},
			(error: unknown) => {
				if (controller.signal.aborted) {
					return;
				}

				dispatch({
					type: 'token-failed',
					requestId,
					// Anything unexpected still lands on the failure screen, never as a stack trace.
					failure: isTokenRequestError(error) ? error.failure : {kind: 'network', host: new URL(url).host, code: 'UNEXPECTED'},
				});
			},
		);
		return () => {
			controller.abort();
		};
		// The request depends only on entering signing-in with a new id; values are fixed for that id.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [isSigningIn, requestId]);
}
