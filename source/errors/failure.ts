// Every way a token request can fail, as data; describe-failure.ts turns each into words.

/** plain-http: an https url whose port answers plain http, which TLS reads as a wrong version number. */
export type TlsReason = 'untrusted' | 'expired' | 'hostname' | 'client-certificate' | 'plain-http' | 'other';

/** The grant of a user's token, as the request named it: a passcode is sent as grant_type=password with a passcode. */
export type UserGrantType = 'password' | 'passcode' | 'authorization_code' | 'refresh_token';

export type SignInFailureReason = 'state-mismatch' | 'denied' | 'no-code' | 'timeout' | 'port-taken' | 'invalid-redirect';

export type Failure =
	/** isClientRefused: the answer carried UAA's Basic challenge, so it was the client, not a user's grant, that was refused. */
	| {kind: 'bad-credentials'; status: number; error?: string; description?: string; isClientRefused?: boolean}
	/** A user's grant refused: a wrong password or origin, a used passcode or code, a refresh token used up or expired. */
	| {kind: 'user-refused'; status: number; grant: UserGrantType; error?: string; description?: string}
	/**
	 * The browser sign-in ended without a code: the redirect came back with another state, an error, or no code; no
	 * redirect came before the timeout; the redirect port was taken; or the server refused the redirect_uri.
	 */
	| {kind: 'sign-in-failed'; reason: SignInFailureReason; redirectUri: string; error?: string; description?: string; timeoutMs?: number}
	| {kind: 'oauth-error'; status: number; error: string; description?: string}
	| {kind: 'not-found'; status: 404; tokenUrl: string}
	| {kind: 'html-page'; status: number; tokenUrl: string}
	| {kind: 'not-json'; status: number; contentType?: string}
	| {kind: 'no-access-token'; status: number; fields: string[]}
	| {kind: 'not-bearer'; tokenType: string}
	| {kind: 'redirect'; status: number; location?: string}
	/** Any other status: 403, 405, 406, 408, 429, 5xx and the rest, with the OAuth error body when there is one. */
	| {kind: 'http-status'; status: number; statusText?: string; error?: string; description?: string; retryAfterSeconds?: number}
	| {kind: 'insecure-http'; host: string}
	| {kind: 'connection-refused'; host: string}
	| {kind: 'connection-reset'; host: string}
	| {kind: 'dns'; host: string}
	| {kind: 'tls'; host: string; code: string; reason: TlsReason}
	/**
	 * timeoutMs is the whole request's budget. isBudgetSpent: that budget ran out; otherwise the attempts themselves
	 * timed out (a connect timeout, say) with time left. attempts: how many were made, when known.
	 */
	| {kind: 'timeout'; timeoutMs: number; attempts?: number; isBudgetSpent?: boolean}
	| {kind: 'proxy-refused'; proxy: string; status?: number}
	| {kind: 'proxy-unreachable'; proxy: string; code?: string}
	| {kind: 'proxy-misconfigured'; variable: string}
	/** PEM that TLS cannot load: an X.509 key's certificate and key (unreadable, or not a pair), or a --ca file. */
	| {kind: 'unusable-pem'; what: 'client-certificate' | 'ca'; code?: string}
	| {kind: 'network'; host: string; code?: string}
	/** The answer grew past limitBytes (after decompression), so it was not read further. */
	| {kind: 'answer-too-large'; status: number; limitBytes: number}
	/** A 200 whose access_token is longer than limitBytes, or holds characters a bearer token (b64token) cannot. */
	| {kind: 'bad-access-token'; status: number; reason: 'too-long' | 'not-b64token'; limitBytes?: number}
	/** A proxy variable names a scheme uaa-token cannot speak (socks5://, say); proxy is its url without userinfo. */
	| {kind: 'proxy-unsupported'; variable: string; scheme: string}
	/** Another uaa-token process held the profile's refresh lock, asking for its token, for all of --timeout. */
	| {kind: 'waited-for-other-process'; profile: string; timeoutMs: number};

export type FailureKind = Failure['kind'];

/** Carries a Failure; its message never holds a secret, so it is safe to print. */
export class TokenRequestError extends Error {
	override readonly name = 'TokenRequestError';

	constructor(readonly failure: Failure) {
		super(`Token request failed: ${failure.kind}`);
	}
}

/**
 * By shape as well as by class: a lazily loaded part of the bundle (dist/lazy/*.js) carries its own copy of the
 * class, and its errors must be recognised all the same.
 */
export function isTokenRequestError(error: unknown): error is TokenRequestError {
	return (
		error instanceof TokenRequestError ||
		(error instanceof Error && error.name === 'TokenRequestError' && typeof (error as {failure?: {kind?: unknown}}).failure?.kind === 'string')
	);
}
