// PKCE for the browser sign-in, apart from grants.ts so that node:crypto loads only when a browser sign-in begins.

import {createHash, randomBytes} from 'node:crypto';

/** A PKCE pair (RFC 7636): a random verifier of 43 characters and its S256 challenge, and a state of its own. */
export function newPkce(): {codeVerifier: string; codeChallenge: string; state: string} {
	const codeVerifier = randomBytes(32).toString('base64url');
	return {codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'), state: randomBytes(16).toString('base64url')};
}
