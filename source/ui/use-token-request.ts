import {type Dispatch, useEffect} from 'react';
import {isTokenRequestError} from '../errors/failure.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import type {WizardAction, WizardState} from './wizard-state.js';

export type RequestTokenInput = {
	url: string;
	clientId: string;
	clientSecret: string;
	signal: AbortSignal;
	onAttempt: (method: ClientAuthMethod) => void;
};

export type RequestTokenFunction = (input: RequestTokenInput) => Promise<Token>;

/** Runs the request whenever the wizard enters signing-in, and aborts it when the wizard leaves. */
export function useTokenRequest(state: WizardState, dispatch: Dispatch<WizardAction>, requestToken: RequestTokenFunction): void {
	const isSigningIn = state.screen === 'signing-in';
	const {requestId} = state;
	useEffect(() => {
		if (!isSigningIn) {
			return;
		}

		const controller = new AbortController();
		const {url, clientid, clientsecret} = state.values;
		requestToken({
			url,
			clientId: clientid,
			clientSecret: clientsecret,
			signal: controller.signal,
			onAttempt(method) {
				dispatch({type: 'attempt-started', requestId, method});
			},
		}).then(
			token => {
				dispatch({type: 'token-received', requestId, token});
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
