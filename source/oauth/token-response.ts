// Reads a token endpoint's answer tolerantly, as servers differ in case, types and optional fields.

import {type Failure, TokenRequestError} from '../errors/failure.js';
import {hasControlCharacters, withoutControlCharacters} from '../errors/server-text.js';

import {parseOutsideJson} from '../text/outside-json.js';
import {isB64token, maxAccessTokenBytes} from './answer-limits.js';
export type TokenResponse = {
	accessToken: string;
	/** Given with a user's token: it gets the next one without signing in again. */
	refreshToken?: string;
	/** Lower-cased, so "Bearer" and "bearer" compare equal. */
	tokenType: string;
	/** Seconds, as the server sent them; undefined when absent or not a number. */
	expiresIn: number | undefined;
	scopes: string[];
	jti: string | undefined;
};

export type RawAnswer = {
	status: number;
	contentType: string;
	body: string;
	tokenUrl: string;
	location?: string;
	statusText?: string;
	retryAfter?: string;
	/** The WWW-Authenticate header: UAA's Basic challenge says the client was refused, not a user's grant. */
	wwwAuthenticate?: string;
};

function parseJsonObject(body: string): Record<string, unknown> | undefined {
	try {
		const value = parseOutsideJson(body);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function looksLikeHtml(answer: RawAnswer): boolean {
	return /html/i.test(answer.contentType) || /^\s*</.test(answer.body);
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Ten years: beyond it an expiry is no date at all (JavaScript dates end in 275760), so it counts as unknown. */
const maxExpiresInSeconds = 10 * 365 * 24 * 3600;

function parseExpiresIn(value: unknown): number | undefined {
	const seconds = typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : value;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds > maxExpiresInSeconds) {
		return undefined;
	}

	return Math.max(0, Math.trunc(seconds));
}

function parseScopes(value: unknown): string[] {
	// Scopes are shown on screen, so nothing in them may drive the terminal.
	const scopes = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value.filter((scope): scope is string => typeof scope === 'string') : [];
	return scopes.map(scope => withoutControlCharacters(scope)).filter(Boolean);
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
/** IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT, and the obsolete RFC 850 and asctime forms. */
const httpDate = /^(?:[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') {
		return undefined;
	}

	if (/^\s*\d+\s*$/.test(value)) {
		return Number(value);
	}

	// RFC 9110 allows delay-seconds or an HTTP date, nothing else: Date.parse would read "-5" as the year -5.
	if (!httpDate.test(value.trim())) {
		return undefined;
	}

	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

// These mean something of their own even when the body carries an OAuth error, e.g. UAA's 406 query_string_not_allowed.
const statusesWithOwnMeaning = new Set([403, 405, 406, 408, 429]);

function failureForErrorStatus(answer: RawAnswer): Failure {
	const {status} = answer;
	if (status >= 300 && status < 400) {
		return {kind: 'redirect', status, location: answer.location};
	}

	const json = parseJsonObject(answer.body);
	const error = optionalString(json?.['error']);
	const description = optionalString(json?.['error_description']);
	if (status === 401) {
		return {kind: 'bad-credentials', status, error, description, ...(/^\s*basic\b/i.test(answer.wwwAuthenticate ?? '') ? {isClientRefused: true} : {})};
	}

	if (status === 404) {
		return {kind: 'not-found', status, tokenUrl: answer.tokenUrl};
	}

	if (error !== undefined && status >= 400 && status < 500 && !statusesWithOwnMeaning.has(status)) {
		return {kind: 'oauth-error', status, error, description};
	}

	return {
		kind: 'http-status',
		status,
		statusText: answer.statusText,
		...(error === undefined ? {} : {error}),
		...(description === undefined ? {} : {description}),
		...(retryAfterSeconds(answer.retryAfter) === undefined ? {} : {retryAfterSeconds: retryAfterSeconds(answer.retryAfter)}),
	};
}

/** A refresh token is sent back as a form field and may be saved, so only a b64token of a sane length is kept. */
function refreshTokenOf(value: unknown): {refreshToken?: string} {
	const token = optionalString(value);
	return token !== undefined && token.length <= maxAccessTokenBytes && isB64token(token) ? {refreshToken: token} : {};
}

/** Returns the token, or throws a TokenRequestError saying what the answer was instead. */
export function parseTokenAnswer(answer: RawAnswer): TokenResponse {
	if (answer.status < 200 || answer.status >= 300) {
		throw new TokenRequestError(failureForErrorStatus(answer));
	}

	const json = parseJsonObject(answer.body);
	if (json === undefined) {
		throw new TokenRequestError(
			looksLikeHtml(answer)
				? {kind: 'html-page', status: answer.status, tokenUrl: answer.tokenUrl}
				: {kind: 'not-json', status: answer.status, contentType: answer.contentType || undefined},
		);
	}

	const accessToken = optionalString(json['access_token']);
	if (accessToken === undefined) {
		throw new TokenRequestError({kind: 'no-access-token', status: answer.status, fields: Object.keys(json).slice(0, 10)});
	}

	if (accessToken.length > maxAccessTokenBytes) {
		throw new TokenRequestError({kind: 'bad-access-token', status: answer.status, reason: 'too-long', limitBytes: maxAccessTokenBytes});
	}

	// A bearer token is a b64token (RFC 6750): anything else could not be sent as one, nor printed safely.
	if (!isB64token(accessToken)) {
		throw new TokenRequestError({kind: 'bad-access-token', status: answer.status, reason: 'not-b64token'});
	}

	const tokenType = (optionalString(json['token_type']) ?? 'bearer').toLowerCase();
	if (tokenType !== 'bearer') {
		// Every later call sends "Authorization: Bearer", which a token of another type would not satisfy.
		throw new TokenRequestError({kind: 'not-bearer', tokenType});
	}

	return {
		accessToken,
		tokenType,
		expiresIn: parseExpiresIn(json['expires_in']),
		scopes: parseScopes(json['scope']),
		jti: typeof json['jti'] === 'string' ? optionalString(withoutControlCharacters(json['jti'])) : undefined,
		...refreshTokenOf(json['refresh_token']),
	};
}
