// What an access token says, row by row in plain English, and whether its exp agrees with expires_in.

import {withoutControlCharacters} from '../errors/server-text.js';
import {ownValue} from '../text/outside-json.js';
import {formatDuration, formatLocalDateTime} from './time.js';
import {decodeJwt} from '../oauth/decode-jwt.js';
import type {Token} from '../oauth/token-client.js';

export type TokenRow = {
	name: string;
	/** Safe to show: control characters stripped, length capped. */
	value: string;
	/** One line for a beginner. */
	meaning: string;
	/** The sub-fields of an object claim such as ext_attr, each shown on its own. */
	fields?: TokenRow[];
};

export type ExpiryCheck = {
	state: 'agrees' | 'disagrees' | 'cannot-check';
	/** Complete in words, so it reads the same without colour. */
	text: string;
};

export type TokenInspection =
	| {isJwt: false; problem: string}
	| {isJwt: true; signatureNote: string; header: TokenRow[]; claims: TokenRow[]; expiryCheck: ExpiryCheck};

/**
 * How far exp and receivedAt + expires_in may drift apart before we call the clocks off. It covers the second
 * expires_in loses to truncation, a slow answer (up to the 30 s timeout) and the drift of an unsynced clock;
 * and it stays well under the 5 minutes of margin kept before reusing a token, so skew we stay quiet about
 * cannot turn a token we call reusable into an expired one.
 */
export const expiryToleranceSeconds = 90;

export const signatureNote =
	'Not verified: this shows what the token says without checking its signature. Only a service that checks the signature can trust it.';

const maxValueLength = 1000;
const maxNameLength = 64;
const unexplained = 'not explained here';

const headerMeanings: Record<string, string> = {
	alg: 'how the token is signed; RS256 is an RSA signature over a SHA-256 hash',
	kid: 'key id: which of the server\'s signing keys signed it',
	jku: 'where the token says its signing keys are; a verifier asks the subaccount\'s own token_keys instead, since a forger can point this anywhere',
	typ: 'the kind of token: a JWT',
};
const headerOrder = ['alg', 'kid', 'jku'];

const claimMeanings: Record<string, string> = {
	iss: 'issuer: the token endpoint that made this token',
	sub: 'subject: who the token is about; with client credentials, the client itself',
	client_id: 'the OAuth client the token was issued to (clientid in the service key)',
	cid: 'the client id again, under the short name UAA also uses',
	azp: 'authorized party: the client allowed to use the token, again the client id',
	zid: 'identity zone id: the subaccount\'s tenant at XSUAA',
	ext_attr: 'extra attributes XSUAA adds about the subaccount',
	aud: 'audience: the clients and apps meant to accept this token',
	scope: 'what the token allows: a service checks these before it answers',
	authorities: 'the permissions granted to the client itself; with client credentials, its scopes',
	grant_type: 'how the token was obtained; client_credentials means by client id and secret, with no user; password, authorization_code and refresh_token mean a signed-in user',
	user_name: 'the signed-in user, as the identity provider names them',
	user_id: 'the user\'s id in XSUAA',
	user_uuid: 'the user\'s id in XSUAA, the same as user_id',
	email: 'the user\'s email address',
	origin: 'the identity provider the user signed in with (sap.default, sap.custom, or a SAML provider\'s key)',
	given_name: 'the user\'s first name',
	family_name: 'the user\'s last name',
	'xs.user.attributes': 'attributes of the user that the app\'s role collections define',
	'xs.system.attributes': 'the role collections the user was given (xs.rolecollections)',
	iat: 'issued at: when the server made the token, by the server\'s clock',
	exp: 'expires: from this time services refuse the token, by their clocks',
	jti: 'JWT id: unique to this token, handy when asking support about it',
	// XSUAA puts it in every token, so leaving it unexplained would puzzle every user.
	rev_sig: 'revocation signature: lets XSUAA revoke the client\'s tokens early',
};
const claimOrder = ['iss', 'sub', 'user_name', 'email', 'origin', 'given_name', 'family_name', 'user_id', 'user_uuid', 'client_id', 'cid', 'azp', 'zid', 'ext_attr', 'aud', 'scope', 'authorities', 'grant_type', 'iat', 'exp', 'jti'];

const extAttrMeanings: Record<string, string> = {
	subaccountid: 'the id of the BTP subaccount the token belongs to',
	zdn: 'the subaccount\'s subdomain, the first part of the uaa url',
	enhancer: 'the component that added these attributes',
};

function shown(text: string, limit = maxValueLength): string {
	const clean = withoutControlCharacters(text);
	if (clean === '') {
		return '(empty)';
	}

	return clean.length > limit ? `${clean.slice(0, limit)}… (${clean.length} characters in all)` : clean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scope lists read as OAuth writes them, space-separated; other lists with commas; anything nested as JSON. */
function valueText(name: string, value: unknown): string {
	if (typeof value === 'string') {
		return shown(value);
	}

	if (Array.isArray(value) && value.every(item => typeof item === 'string' || typeof item === 'number')) {
		return value.length === 0 ? '(empty list)' : shown(value.join(name === 'scope' || name === 'authorities' ? ' ' : ', '));
	}

	return shown(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** A NumericDate (seconds) as a local time, or undefined when it is not one a Date can hold. */
function localTimeOf(value: unknown): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return undefined;
	}

	const date = new Date(value * 1000);
	return Number.isNaN(date.getTime()) ? undefined : formatLocalDateTime(date.getTime());
}

function timeText(value: unknown, now: number, isExpiry: boolean): string {
	const local = localTimeOf(value);
	if (local === undefined) {
		return `${valueText('', value)} (not a time in seconds)`;
	}

	const raw = `${local} (${String(value)})`;
	if (!isExpiry) {
		return raw;
	}

	const remainingSeconds = ((value as number) * 1000 - now) / 1000;
	return remainingSeconds > 0 ? `${raw}, in ${formatDuration(remainingSeconds)}` : `${raw}, passed ${formatDuration(-remainingSeconds)} ago`;
}

function orderedNames(record: Record<string, unknown>, order: readonly string[]): string[] {
	const known = order.filter(name => Object.hasOwn(record, name));
	return [...known, ...Object.keys(record).filter(name => !order.includes(name))];
}

function claimRow(name: string, value: unknown, now: number): TokenRow {
	const row = {name: shown(name, maxNameLength), meaning: ownValue(claimMeanings, name) ?? unexplained};
	if (name === 'iat' || name === 'exp') {
		return {...row, value: timeText(value, now, name === 'exp')};
	}

	if (name === 'ext_attr' && isPlainObject(value)) {
		const fields = Object.entries(value).map(([field, fieldValue]) => ({
			name: shown(field, maxNameLength),
			value: valueText(field, fieldValue),
			meaning: ownValue(extAttrMeanings, field) ?? unexplained,
		}));
		const count = fields.length === 1 ? '1 field' : `${fields.length} fields`;
		return {...row, value: fields.length === 0 ? 'no fields' : `${count}, each below`, fields};
	}

	return {...row, value: valueText(name, value)};
}

function plural(count: number, unit: string): string {
	return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "about 10 minutes": as precise as clock skew deserves. */
function roughly(ms: number): string {
	const seconds = Math.round(Math.abs(ms) / 1000);
	if (seconds < 120) {
		return plural(seconds, 'second');
	}

	const minutes = Math.round(seconds / 60);
	if (minutes < 120) {
		return plural(minutes, 'minute');
	}

	const hours = Math.round(minutes / 60);
	return hours < 48 ? plural(hours, 'hour') : plural(Math.round(hours / 24), 'day');
}

const countdownNote = 'The countdown follows expires_in and this computer\'s clock.';

/** Whether exp agrees with receivedAt + expires_in; they differ by exactly how far the server's clock is ahead of ours. */
export function checkExpiry(exp: unknown, expiresAt: number | undefined): ExpiryCheck {
	if (exp === undefined) {
		return {
			state: 'cannot-check',
			text:
				expiresAt === undefined
					? 'Neither an exp claim nor expires_in says when this token expires.'
					: `The token has no exp claim, so only expires_in says when it expires. ${countdownNote}`,
		};
	}

	const local = localTimeOf(exp);
	if (local === undefined) {
		const countdown = expiresAt === undefined ? '' : ` ${countdownNote}`;
		return {state: 'cannot-check', text: `The exp claim is not a time in seconds, so when the token expires cannot be read from it.${countdown}`};
	}

	if (expiresAt === undefined) {
		return {state: 'cannot-check', text: `The server sent no expires_in, so there is no countdown to check; by its exp claim the token expires at ${local}.`};
	}

	const serverAheadMs = (exp as number) * 1000 - expiresAt;
	if (Math.abs(serverAheadMs) <= expiryToleranceSeconds * 1000) {
		return {state: 'agrees', text: `exp agrees with expires_in (within ${expiryToleranceSeconds} s), so this computer's clock and the server's agree.`};
	}

	const gap = roughly(serverAheadMs);
	if (Math.abs(serverAheadMs) >= 24 * 3600 * 1000) {
		return {
			state: 'disagrees',
			text: `Warning: exp and expires_in disagree by about ${gap}, more than clocks are ever off: the server may have sent a wrong exp or expires_in. ${countdownNote}`,
		};
	}

	const direction = serverAheadMs > 0 ? 'behind' : 'ahead of';
	return {
		state: 'disagrees',
		text: `Warning: the clocks disagree. This computer's clock appears to be about ${gap} ${direction} the server's (or the server's clock is off by that much). ${countdownNote}`,
	};
}

/** Everything the inspect view shows about a token, decoded without checking its signature. */
export function inspectToken(token: Pick<Token, 'accessToken' | 'expiresAt'>, now: number): TokenInspection {
	const decoded = decodeJwt(token.accessToken);
	if (!decoded.isJwt) {
		return decoded;
	}

	const {header, claims} = decoded;
	return {
		isJwt: true,
		signatureNote,
		header: orderedNames(header, headerOrder).map(name => ({
			name: shown(name, maxNameLength),
			value: valueText(name, header[name]),
			meaning: ownValue(headerMeanings, name) ?? unexplained,
		})),
		claims: orderedNames(claims, claimOrder).map(name => claimRow(name, claims[name], now)),
		expiryCheck: checkExpiry(claims['exp'], token.expiresAt),
	};
}
