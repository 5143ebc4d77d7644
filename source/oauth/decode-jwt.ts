// Reads a JWT's header and claims without verifying it: enough to show what a token says, never to trust it.

import {parseOutsideJson} from '../text/outside-json.js';

export type DecodedJwt = {
	isJwt: true;
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
};

export type NotAJwt = {
	isJwt: false;
	/** Why it could not be read, fit to show; it never quotes the token. */
	problem: string;
};

const base64UrlPart = /^[\w-]+$/;

function readJsonPart(part: string): Record<string, unknown> | undefined {
	try {
		const value = parseOutsideJson(Buffer.from(part, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export function decodeJwt(token: string): DecodedJwt | NotAJwt {
	const parts = token.split('.');
	if (parts.length === 5) {
		return {isJwt: false, problem: 'This token is encrypted (a JWE with five parts), so only the server that issued it can read what it contains.'};
	}

	if (parts.length !== 3 || !parts.slice(0, 2).every(part => base64UrlPart.test(part))) {
		return {
			isJwt: false,
			problem: 'This token is not a JWT (three base64url parts joined by dots), so there is nothing in it to decode. Such opaque tokens are only meaningful to the server that issued them.',
		};
	}

	const header = readJsonPart(parts[0]!);
	const claims = readJsonPart(parts[1]!);
	if (!header || !claims) {
		return {isJwt: false, problem: `This token looks like a JWT, but its ${header ? 'claims are' : 'header is'} not a JSON object, so it cannot be decoded.`};
	}

	return {isJwt: true, header, claims};
}
