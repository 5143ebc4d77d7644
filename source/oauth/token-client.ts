// The one way uaa-token asks a token endpoint for a client-credentials token.

import {type Failure, TokenRequestError} from '../errors/failure.js';
import {type AuthMethodChoice, type ClientAuthMethod, tokenRequestParts} from './client-auth.js';
import {type TokenResponse, parseTokenAnswer} from './token-response.js';
import {tokenUrlFor} from './uaa-url.js';

export const defaultTimeoutMs = 30_000;

export type TokenRequest = {
	/** The uaa base url, already checked by checkUaaUrl. */
	url: string;
	clientId: string;
	clientSecret: string;
	authMethod?: AuthMethodChoice;
	/** With auto: the method to try first, such as the one that worked last time for a profile. */
	preferredMethod?: ClientAuthMethod;
	timeoutMs?: number;
	/** Any fetch-compatible function; defaults to Node's global fetch. */
	fetch?: typeof fetch;
	/** An undici dispatcher (a proxy agent, say), handed to fetch as is. */
	dispatcher?: unknown;
	/** Aborting it cancels the request and rethrows the abort, not a Failure. */
	signal?: AbortSignal;
	/** Told before each attempt, so a screen can say which method it is trying. */
	onAttempt?: (method: ClientAuthMethod) => void;
	now?: () => number;
};

export type Token = TokenResponse & {
	authMethod: ClientAuthMethod;
	tokenUrl: string;
	/** Epoch milliseconds. */
	receivedAt: number;
	/** Epoch milliseconds; undefined when the server sent no expires_in. */
	expiresAt: number | undefined;
};

const tlsCodePattern = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET)|HOSTNAME|ALTNAME/i;

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const {code, cause, message} = current as {code?: unknown; cause?: unknown; message?: unknown};
		if (typeof code === 'string') {
			return code;
		}

		// Fetch refuses ports such as 9 or 6000 before connecting, with only this message to tell.
		if (message === 'bad port') {
			return 'BLOCKED_PORT';
		}

		current = cause;
	}

	return undefined;
}

export function failureFromNetworkError(error: unknown, host: string, timeoutMs: number): Failure {
	const name = (error as {name?: unknown} | undefined)?.name;
	const code = errorCode(error);
	if (name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT') {
		return {kind: 'timeout', timeoutMs};
	}

	if (code === 'ECONNREFUSED') {
		return {kind: 'connection-refused', host};
	}

	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
		return {kind: 'dns', host};
	}

	if (code !== undefined && tlsCodePattern.test(code)) {
		return {kind: 'tls', host, code};
	}

	return {kind: 'network', host, code};
}

async function requestOnce(request: TokenRequest, method: ClientAuthMethod, tokenUrl: string, timeoutMs: number): Promise<TokenResponse> {
	const fetchToken = request.fetch ?? globalThis.fetch;
	const timeoutSignal = AbortSignal.timeout(timeoutMs);
	const signal = request.signal ? AbortSignal.any([request.signal, timeoutSignal]) : timeoutSignal;
	const {headers, body} = tokenRequestParts(method, request.clientId, request.clientSecret);
	const init: RequestInit & {dispatcher?: unknown} = {method: 'POST', headers, body, signal, redirect: 'manual'};
	if (request.dispatcher !== undefined) {
		init.dispatcher = request.dispatcher;
	}

	let answer;
	try {
		const response = await fetchToken(tokenUrl, init);
		answer = {
			status: response.status,
			statusText: response.statusText,
			contentType: response.headers.get('content-type') ?? '',
			location: response.headers.get('location') ?? undefined,
			body: await response.text(),
			tokenUrl,
		};
	} catch (error) {
		if (request.signal?.aborted) {
			throw error;
		}

		throw new TokenRequestError(failureFromNetworkError(error, new URL(tokenUrl).host, timeoutMs));
	}

	return parseTokenAnswer(answer);
}

function isUnauthorized(error: unknown): boolean {
	return error instanceof TokenRequestError && error.failure.kind === 'bad-credentials';
}

/**
 * Requests a client-credentials token. With `auto` it sends the credentials in the body first, as SAP's
 * libraries do (or the preferred method first), and on a 401 tries the other once; the Token says which worked.
 */
export async function requestToken(request: TokenRequest): Promise<Token> {
	const tokenUrl = tokenUrlFor(request.url);
	const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
	const choice = request.authMethod ?? 'auto';
	const autoOrder: ClientAuthMethod[] = request.preferredMethod === 'basic' ? ['basic', 'post'] : ['post', 'basic'];
	const methods: ClientAuthMethod[] = choice === 'auto' ? autoOrder : [choice];
	const now = request.now ?? Date.now;

	let lastError: unknown;
	for (const method of methods) {
		request.onAttempt?.(method);
		try {
			// eslint-disable-next-line no-await-in-loop -- the fallback must wait for the first answer
			const response = await requestOnce(request, method, tokenUrl, timeoutMs);
			const receivedAt = now();
			return {
				...response,
				authMethod: method,
				tokenUrl,
				receivedAt,
				expiresAt: response.expiresIn === undefined ? undefined : receivedAt + response.expiresIn * 1000,
			};
		} catch (error) {
			lastError = error;
			if (!isUnauthorized(error)) {
				throw error;
			}
		}
	}

	throw lastError;
}
