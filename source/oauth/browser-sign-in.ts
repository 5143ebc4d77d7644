// The browser sign-in (authorization code with PKCE): listen on the loopback redirect, show the user where to sign
// in (the caller opens a browser, prints the url, or both), and return the grant that exchanges the code.

import type {Grant} from './grants.js';
import {authorizeUrlFor} from './grants.js';
import {newPkce} from './pkce.js';
import {listenForRedirect} from './redirect-listener.js';

/** A person needs minutes to sign in, far more than a token request's --timeout; a longer --timeout still counts. */
export const browserSignInMinimumMs = 5 * 60 * 1000;

export type BrowserSignInOptions = {
	/** The uaa url: the browser signs in there, never at an X.509 key's certificate host. */
	baseUrl: string;
	clientId: string;
	port: number;
	origin?: string;
	timeoutMs: number;
	signal?: AbortSignal;
	/** Called once the listener is ready: opens a browser at the url, or prints it (--no-browser), or both. */
	showUrl: (authorizeUrl: string, redirectUri: string) => void | Promise<void>;
};

export async function browserSignIn(options: BrowserSignInOptions): Promise<Extract<Grant, {type: 'authorization_code'}>> {
	const {codeVerifier, codeChallenge, state} = newPkce();
	const listener = await listenForRedirect({port: options.port, state, timeoutMs: options.timeoutMs, signal: options.signal});
	try {
		const authorizeUrl = authorizeUrlFor(options.baseUrl, {clientId: options.clientId, redirectUri: listener.redirectUri, state, codeChallenge, origin: options.origin});
		await options.showUrl(authorizeUrl, listener.redirectUri);
		const code = await listener.code;
		return {type: 'authorization_code', code, redirectUri: listener.redirectUri, codeVerifier};
	} finally {
		await listener.close();
	}
}
