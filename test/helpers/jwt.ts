// Tokens built by hand for the decoding tests: JSON (or text as it is) in base64url parts, with a made-up signature.

/** One part of a JWT: JSON, or text taken as it is, base64url-encoded. */
export function base64UrlPart(value: unknown): string {
	return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** A JWT whose signature is made up: decoding never checks it. */
export function handMadeJwt(claims: Record<string, unknown>, header: Record<string, unknown> = {alg: 'RS256', typ: 'JWT'}, signature = 'c2lnbmF0dXJl'): string {
	return `${base64UrlPart(header)}.${base64UrlPart(claims)}.${signature}`;
}
