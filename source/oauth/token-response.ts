// Reads a token endpoint's answer tolerantly, as servers differ in case, types and optional fields.

import {type Failure, TokenRequestError} from '../errors/failure.js';

export type TokenResponse = {
	accessToken: string;
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
};

function parseJsonObject(body: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(body);
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

function parseExpiresIn(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) {
		return Math.max(0, Math.trunc(value));
	}

	if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) {
		return Math.trunc(Number(value));
	}

	return undefined;
}

function parseScopes(value: unknown): string[] {
	if (typeof value === 'string') {
		return value.split(/\s+/).filter(Boolean);
	}

	if (Array.isArray(value)) {
		return value.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
	}

	return [];
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined || value.trim() === '') {
		return undefined;
	}

	if (/^\s*\d+\s*$/.test(value)) {
		return Number(value);
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
		return {kind: 'bad-credentials', status, error, description};
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
		jti: optionalString(json['jti']),
	};
}
