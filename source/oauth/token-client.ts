// The one way uaa-token asks a token endpoint for a token: the client's own, or a user's (see grants.ts).

import type {LookupFunction} from 'node:net';
import {type Failure, type TlsReason, TokenRequestError} from '../errors/failure.js';
import {redactedCopy} from '../errors/server-text.js';
import {type AuthMethodChoice, type ClientAuthMethod, tokenRequestParts} from './client-auth.js';
import {type Grant, type GrantType, grantSecrets, grantTypeOf} from './grants.js';
import {AnswerTooLargeError, maxAnswerBytes, readBoundedText} from './answer-limits.js';
import {lightFetch} from './light-fetch.js';
import {type TokenResponse, parseTokenAnswer} from './token-response.js';
import {isLoopbackHost, tokenUrlFor} from './uaa-url.js';

/** The whole request's time budget when none is given: every attempt, retry and backoff delay together. */
export const defaultTimeoutMs = 30_000;

export type RetryInfo = {
	/** The attempt about to be made, counting from 1. */
	attempt: number;
	attempts: number;
	delayMs: number;
	failure: Failure;
};

/** Where the request stands as an attempt begins, so a screen can say `attempt 2/3, 4 s of 30 s`. */
export type AttemptInfo = {
	method: ClientAuthMethod;
	/** Counting from 1; each auth method tried counts its own attempts. */
	attempt: number;
	attempts: number;
	/** The whole request's budget (--timeout), retries and backoff delays included. */
	budgetMs: number;
	/** How much of the budget was spent before this attempt began. */
	elapsedMs: number;
};

export type RetryOptions = {
	/** Attempts in all, the first included; 1 turns retrying off. All of them share the one timeoutMs. */
	attempts?: number;
	baseDelayMs?: number;
	maxDelayMs?: number;
	onRetry?: (info: RetryInfo) => void;
	/** Injectable for tests; must reject when the signal aborts. */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	random?: () => number;
};

/** What the client needs of fetch: Node's and undici's fetch fit, and so does lightFetch. */
export type FetchLike = (
	url: string,
	init: RequestInit & {dispatcher?: unknown; lookup?: LookupFunction},
) => Promise<{status: number; statusText: string; headers: {get: (name: string) => string | null}; text: () => Promise<string>}>;

export type TokenRequest = {
	/** The uaa base url, already checked by checkUaaUrl; for X.509 keys, the certurl. */
	url: string;
	clientId: string;
	/** Absent for X.509 keys, whose client certificate travels in the transport instead. */
	clientSecret?: string;
	authMethod?: AuthMethodChoice | 'tls';
	/** client_credentials when absent; a user's grant travels with the same client authentication. */
	grant?: Grant;
	/** With auto: the method to try first, such as the one that worked last time for a profile. */
	preferredMethod?: ClientAuthMethod;
	/**
	 * The budget for the whole request: every attempt, retry, backoff delay and auth-method fallback shares this one
	 * deadline, and each attempt gets only what remains of it. Defaults to defaultTimeoutMs.
	 */
	timeoutMs?: number;
	/** Any fetch-compatible function; defaults to lightFetch, which starts far sooner than Node's global fetch. */
	fetch?: FetchLike;
	/** An undici dispatcher (a proxy agent, say), handed to fetch as is. */
	dispatcher?: unknown;
	/** The proxy the dispatcher uses for this url, so failures to reach it are named as such. */
	proxyUrl?: string;
	/** The url's host resolved to loopback addresses only (a *.localhost name, say), so plain http is safe. */
	isLoopbackTarget?: boolean;
	/** How lightFetch resolves the host, when it must be the resolver that decided isLoopbackTarget. */
	lookup?: LookupFunction;
	/** Aborting it cancels the request and rethrows the abort, not a Failure. */
	signal?: AbortSignal;
	/** Told before every attempt, retries included, so a screen can say which method and attempt it is on. */
	onAttempt?: (method: ClientAuthMethod, attempt: AttemptInfo) => void;
	retry?: RetryOptions;
	/** The wall clock, for receivedAt and expiresAt. */
	now?: () => number;
	/**
	 * A monotonic clock in milliseconds (performance.now by default) that measures what is left of the budget when
	 * deciding whether another attempt or a backoff delay still fits. The deadline itself is a real timer either way.
	 */
	clock?: () => number;
};

export type Token = TokenResponse & {
	authMethod: ClientAuthMethod;
	/** The grant this token was asked with; absent on tokens cached before user tokens, which were all client_credentials. */
	grantType?: GrantType;
	tokenUrl: string;
	/** Epoch milliseconds. */
	receivedAt: number;
	/** Epoch milliseconds; undefined when the server sent no expires_in. */
	expiresAt: number | undefined;
};

const untrustedCodes = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
]);
const expiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const hostnameCodes = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
// Alerts a server sends when it wants a client certificate it did not get, or does not trust the one it got.
const clientCertificatePattern = /ALERT_(?:CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED|HANDSHAKE_FAILURE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED)/;
const tlsCodePattern = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET)|HOSTNAME|ALTNAME/i;
// A port that speaks plain http answers TLS's hello with "HTTP/1.1 400", which OpenSSL reads as a record of a
// wrong version: node:https says EPROTO with that message, undici says ERR_SSL_WRONG_VERSION_NUMBER.
const plainHttpCode = 'ERR_SSL_WRONG_VERSION_NUMBER';
const plainHttpMessage = /wrong version number/i;

type ErrorDetails = {code?: string; messages: string[]};

function errorDetails(error: unknown): ErrorDetails {
	const details: ErrorDetails = {messages: []};
	let current: unknown = error;
	for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
		const {code, cause, message} = current as {code?: unknown; cause?: unknown; message?: unknown};
		if (typeof message === 'string') {
			details.messages.push(message);
		}

		if (details.code === undefined && typeof code === 'string') {
			details.code = code;
		}

		current = cause;
	}

	// Fetch refuses ports such as 9 or 6000 before connecting, with only this message to tell.
	if (details.code === undefined && details.messages.includes('bad port')) {
		details.code = 'BLOCKED_PORT';
	}

	return details;
}

export function tlsReasonFor(code: string): TlsReason {
	if (untrustedCodes.has(code)) {
		return 'untrusted';
	}

	if (expiredCodes.has(code)) {
		return 'expired';
	}

	if (hostnameCodes.has(code)) {
		return 'hostname';
	}

	if (code === plainHttpCode) {
		return 'plain-http';
	}

	return clientCertificatePattern.test(code) ? 'client-certificate' : 'other';
}

export function failureFromNetworkError(error: unknown, host: string, timeoutMs: number, proxyUrl?: string): Failure {
	const name = (error as {name?: unknown} | undefined)?.name;
	const {code, messages} = errorDetails(error);
	const proxyAnswer = messages.map(message => /Proxy response \((\d{3})\)/.exec(message)).find(Boolean);
	if (proxyUrl !== undefined && proxyAnswer) {
		return {kind: 'proxy-refused', proxy: proxyUrl, status: Number(proxyAnswer[1])};
	}

	if (name === 'TimeoutError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'ETIMEDOUT') {
		return {kind: 'timeout', timeoutMs};
	}

	// Through a proxy the target's own connection is the proxy's business, so failing to connect means the proxy.
	if (proxyUrl !== undefined && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH')) {
		return {kind: 'proxy-unreachable', proxy: proxyUrl, code};
	}

	if (code === 'ECONNREFUSED') {
		return {kind: 'connection-refused', host};
	}

	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
		return {kind: 'dns', host};
	}

	if (code === 'EPROTO' && messages.some(message => plainHttpMessage.test(message))) {
		return {kind: 'tls', host, code, reason: 'plain-http'};
	}

	if (code !== undefined && tlsCodePattern.test(code)) {
		return {kind: 'tls', host, code, reason: tlsReasonFor(code)};
	}

	if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
		return {kind: 'connection-reset', host};
	}

	return {kind: 'network', host, code};
}

/**
 * One deadline for the whole request. Decided: a single AbortSignal.timeout for the total (a real timer, so the bound
 * holds whatever clock is injected) plus a clock to measure what remains, so no retry is scheduled past the deadline.
 */
type Budget = {
	timeoutMs: number;
	/** Aborts at the deadline, or when the caller's signal aborts. */
	signal: AbortSignal;
	/** Attempts begun so far, over every auth method. */
	attemptsMade: number;
	remainingMs: () => number;
};

function startBudget(request: TokenRequest, timeoutMs: number): Budget {
	const clock = request.clock ?? (() => performance.now());
	const startedAt = clock();
	const deadline = AbortSignal.timeout(timeoutMs);
	return {
		timeoutMs,
		signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline,
		attemptsMade: 0,
		remainingMs: () => (deadline.aborted ? 0 : Math.max(0, timeoutMs - (clock() - startedAt))),
	};
}

/** The failure for a budget used up: it names the whole budget and the attempts it covered, never one attempt's share. */
function budgetSpent(budget: Budget): TokenRequestError {
	return new TokenRequestError({kind: 'timeout', timeoutMs: budget.timeoutMs, attempts: budget.attemptsMade, isBudgetSpent: true});
}

async function sendOnce(request: TokenRequest, method: ClientAuthMethod, tokenUrl: string, budget: Budget): Promise<TokenResponse> {
	const fetchToken = request.fetch ?? lightFetch;
	const {signal, timeoutMs} = budget;
	const {headers, body} = tokenRequestParts(method, request.clientId, request.clientSecret ?? '', request.grant);
	const init: RequestInit & {dispatcher?: unknown; lookup?: LookupFunction} = {method: 'POST', headers, body, signal, redirect: 'manual'};
	if (request.lookup !== undefined) {
		init.lookup = request.lookup;
	}

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
			retryAfter: response.headers.get('retry-after') ?? undefined,
			wwwAuthenticate: response.headers.get('www-authenticate') ?? undefined,
			body: await readBoundedText(response),
			tokenUrl,
		};
	} catch (error) {
		if (request.signal?.aborted) {
			throw error;
		}

		if (error instanceof AnswerTooLargeError) {
			throw new TokenRequestError({kind: 'answer-too-large', status: error.status, limitBytes: maxAnswerBytes});
		}

		throw new TokenRequestError(failureFromNetworkError(error, new URL(tokenUrl).host, timeoutMs, request.proxyUrl));
	}

	return parseTokenAnswer(answer);
}

/** Everything a request carries that must never be shown: the client secret and the grant's own secrets. */
export function secretsOf(request: Pick<TokenRequest, 'clientSecret' | 'grant'>): string[] {
	return [...(request.clientSecret === undefined ? [] : [request.clientSecret]), ...(request.grant ? grantSecrets(request.grant) : [])];
}

/**
 * A user's grant refused is the user's business, worded as such: UAA answers a wrong password, origin or passcode
 * with 401 and no Basic challenge, and a used or expired code or refresh token with 400 invalid_grant or 401
 * invalid_token. A refused redirect_uri keeps its own words, since the app's xs-security.json is what to change.
 */
function userFailureOf(failure: Failure, grant: Grant | undefined): Failure {
	if (grant === undefined || grant.type === 'client_credentials') {
		return failure;
	}

	const isUserRefusal =
		(failure.kind === 'bad-credentials' && failure.isClientRefused !== true) ||
		(failure.kind === 'oauth-error' && (failure.error === 'invalid_grant' || failure.error === 'invalid_token') && !/redirect/i.test(failure.description ?? ''));
	if (isUserRefusal) {
		return {kind: 'user-refused', status: failure.status, grant: grant.type, error: failure.error, description: failure.description};
	}

	if (failure.kind === 'oauth-error' && grant.type === 'authorization_code' && /redirect/i.test(`${failure.error} ${failure.description ?? ''}`)) {
		return {kind: 'sign-in-failed', reason: 'invalid-redirect', redirectUri: grant.redirectUri, error: failure.error, description: failure.description};
	}

	return failure;
}

/** A failure may carry what the server said, which may echo the secret: it is cleaned before anyone sees it. */
async function requestOnce(request: TokenRequest, method: ClientAuthMethod, tokenUrl: string, budget: Budget): Promise<TokenResponse> {
	try {
		return await sendOnce(request, method, tokenUrl, budget);
	} catch (error) {
		if (error instanceof TokenRequestError) {
			throw new TokenRequestError(redactedCopy(userFailureOf(error.failure, request.grant), secretsOf(request)));
		}

		throw error;
	}
}

/**
 * A 401 that another client authentication method might pass. A user's grant refused with 401 is the user's
 * password, passcode or refresh token (UAA sends no Basic challenge then), and sending them again would not help.
 */
function isUnauthorized(error: unknown, grant: Grant | undefined): boolean {
	return error instanceof TokenRequestError && error.failure.kind === 'bad-credentials' && (grant === undefined || grant.type === 'client_credentials' || error.failure.isClientRefused === true);
}

/** Longest Retry-After worth waiting for; a server asking for more gets its answer reported instead. */
const maxRetryAfterSeconds = 30;

/** Network trouble, 408, 429 and 5xx may pass; other answers will not change by asking again. */
export function isRetryable(failure: Failure): boolean {
	switch (failure.kind) {
		case 'connection-refused':
		case 'connection-reset':
		case 'timeout':
		case 'network': {
			return failure.kind !== 'network' || failure.code !== 'BLOCKED_PORT';
		}

		case 'http-status': {
			const {status, retryAfterSeconds} = failure;
			if (retryAfterSeconds !== undefined && retryAfterSeconds > maxRetryAfterSeconds) {
				return false;
			}

			return status === 408 || status === 429 || status >= 500;
		}

		default: {
			return false;
		}
	}
}

async function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(signal.reason);
			},
			{once: true},
		);
	});
}

/** Exponential backoff with jitter, as @sap/xssec does (500 ms doubling, capped at 4 s), or what Retry-After asks. */
export function retryDelayMs(attempt: number, failure: Failure, options: RetryOptions = {}): number {
	if (failure.kind === 'http-status' && failure.retryAfterSeconds !== undefined) {
		// What the server asked, plus up to half as much again (at least up to 1 s): many processes told
		// "Retry-After: 1" together would otherwise all come back in the same second.
		const askedMs = failure.retryAfterSeconds * 1000;
		return Math.round(askedMs + Math.max(1000, askedMs / 2) * (options.random ?? Math.random)());
	}

	const base = options.baseDelayMs ?? 500;
	const cap = options.maxDelayMs ?? 4000;
	const exponential = Math.min(cap, base * 2 ** (attempt - 2));
	// Half fixed, half random, so many clients failing together do not retry together.
	return Math.round(exponential / 2 + (exponential / 2) * (options.random ?? Math.random)());
}

/** A timeout that ended attempts before the budget did (undici's connect timeout, say) still reports the attempts made. */
function withAttempts(error: TokenRequestError, budget: Budget): TokenRequestError {
	return error.failure.kind === 'timeout' ? new TokenRequestError({...error.failure, timeoutMs: budget.timeoutMs, attempts: budget.attemptsMade, isBudgetSpent: false}) : error;
}

async function requestWithRetries(request: TokenRequest, method: ClientAuthMethod, tokenUrl: string, budget: Budget): Promise<TokenResponse> {
	const retry = request.retry ?? {};
	const attempts = Math.max(1, retry.attempts ?? 3);
	for (let attempt = 1; ; attempt++) {
		request.signal?.throwIfAborted();
		if (budget.remainingMs() <= 0) {
			throw budgetSpent(budget);
		}

		request.onAttempt?.(method, {method, attempt, attempts, budgetMs: budget.timeoutMs, elapsedMs: budget.timeoutMs - budget.remainingMs()});
		budget.attemptsMade++;
		try {
			// eslint-disable-next-line no-await-in-loop -- each attempt waits for the one before
			return await requestOnce(request, method, tokenUrl, budget);
		} catch (error) {
			if (!(error instanceof TokenRequestError)) {
				throw error;
			}

			// The attempt was cut by the deadline: whatever it failed with, the budget is what ran out.
			if (budget.remainingMs() <= 0) {
				throw budgetSpent(budget);
			}

			if (attempt >= attempts || !isRetryable(error.failure)) {
				throw withAttempts(error, budget);
			}

			let delayMs = retryDelayMs(attempt + 1, error.failure, retry);
			const askedMs = error.failure.kind === 'http-status' && error.failure.retryAfterSeconds !== undefined ? error.failure.retryAfterSeconds * 1000 : undefined;
			// The jitter on top of a Retry-After the budget allows never costs the retry itself.
			if (askedMs !== undefined && askedMs < budget.remainingMs() && delayMs >= budget.remainingMs()) {
				delayMs = Math.round(askedMs + (budget.remainingMs() - askedMs) / 2);
			}

			// A retry that could not begin before the deadline would only make the user wait for the same failure.
			if (delayMs >= budget.remainingMs()) {
				throw withAttempts(error, budget);
			}

			retry.onRetry?.({attempt: attempt + 1, attempts, delayMs, failure: error.failure});
			try {
				// eslint-disable-next-line no-await-in-loop -- backing off is the point
				await (retry.sleep ?? sleepFor)(delayMs, budget.signal);
			} catch (sleepError) {
				if (request.signal?.aborted) {
					throw sleepError;
				}

				throw budgetSpent(budget);
			}
		}
	}
}

/**
 * Requests a token, client_credentials unless a user's grant is given. With `auto` it sends the credentials in the body first, as SAP's
 * libraries do (or the preferred method first), and on a 401 tries the other once; the Token says which worked.
 * Transient failures are retried (see isRetryable); `tls` is for X.509 keys, whose certificate is in the dispatcher.
 * All of it, retries, backoff and fallback included, ends by timeoutMs: see Budget.
 */
export async function requestToken(request: TokenRequest): Promise<Token> {
	const tokenUrl = tokenUrlFor(request.url);
	const {protocol, hostname, host} = new URL(tokenUrl);
	if (protocol === 'http:' && !(request.isLoopbackTarget ?? isLoopbackHost(hostname))) {
		throw new TokenRequestError({kind: 'insecure-http', host});
	}

	const budget = startBudget(request, request.timeoutMs ?? defaultTimeoutMs);
	const choice = request.authMethod ?? 'auto';
	const autoOrder: ClientAuthMethod[] = request.preferredMethod === 'basic' ? ['basic', 'post'] : ['post', 'basic'];
	const methods: ClientAuthMethod[] = choice === 'auto' ? autoOrder : [choice];
	const now = request.now ?? Date.now;

	let lastError: unknown;
	for (const method of methods) {
		try {
			// The fallback shares the budget: a 401 late in the budget leaves the other method only what remains.
			// eslint-disable-next-line no-await-in-loop -- the fallback must wait for the first answer
			const response = await requestWithRetries(request, method, tokenUrl, budget);
			const receivedAt = now();
			return {
				...response,
				authMethod: method,
				grantType: grantTypeOf(request.grant ?? {type: 'client_credentials'}),
				tokenUrl,
				receivedAt,
				expiresAt: response.expiresIn === undefined ? undefined : receivedAt + response.expiresIn * 1000,
			};
		} catch (error) {
			lastError = error;
			if (!isUnauthorized(error, request.grant)) {
				throw error;
			}
		}
	}

	throw lastError;
}
