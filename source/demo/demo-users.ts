// The practice server's user side, as XSUAA behaves for user tokens: a user with a password and an identity provider
// (origin), one-time passcodes from a /passcode page, and refresh tokens with their own lifetime that are refused once
// used or expired. Tokens themselves are signed by demo-server.ts.

import {createHash, randomBytes, randomUUID} from 'node:crypto';

export type DemoUser = {
	username: string;
	password: string;
	/** The identity provider's origin key, as login_hint names it. */
	origin: string;
	userId: string;
	email: string;
	givenName: string;
	familyName: string;
};

/** The practice user: shown beside the steps in --demo, as the client values are. */
export const demoUser: DemoUser = {
	username: 'jane.doe@example.com',
	// Holds characters that break naive form encoding, as the demo's client secret does.
	password: 'Pract1ce+Pass&word=',
	origin: 'sap.custom',
	userId: '0c9e6a4c-2f5e-4a53-9d0b-5f1b8f7e2a11',
	email: 'jane.doe@example.com',
	givenName: 'Jane',
	familyName: 'Doe',
};

/** UAA's default refresh token validity: 28 days. */
export const defaultRefreshValiditySeconds = 28 * 24 * 3600;
const passcodeValidityMs = 5 * 60 * 1000;

/** An answer the token endpoint gives instead of a token. */
export type Refusal = {status: number; body: {error: string; error_description: string}};

export type UserGrants = {
	/** grant_type=password: username and password (with login_hint's origin, when given), or a one-time passcode. */
	signIn: (parameters: URLSearchParams, now: number) => {user: DemoUser} | Refusal;
	/** A refresh token for the user and client, valid for the refresh lifetime from now. */
	issueRefreshToken: (user: DemoUser, clientId: string, now: number) => string;
	/** grant_type=refresh_token: the user, once; a used, expired, unknown or other client's token is refused. */
	redeemRefreshToken: (token: string, clientId: string, now: number) => {user: DemoUser} | Refusal;
	/** A one-time passcode for a user who signed in at /passcode. */
	issuePasscode: (username: string, password: string, now: number) => string | undefined;
	/** A code for a user who signed in at /oauth/authorize, bound to the client, redirect_uri and PKCE challenge. */
	issueAuthorizationCode: (user: DemoUser, request: CodeRequest, now: number) => string;
	/** grant_type=authorization_code: the user, once, when redirect_uri and code_verifier match what the code was given for. */
	redeemAuthorizationCode: (parameters: URLSearchParams, clientId: string, now: number) => {user: DemoUser} | Refusal;
	/** The user with this name and password, as the sign-in forms check it. */
	userSigningIn: (username: string, password: string) => DemoUser | undefined;
	/** The JWT claims that say who the user is, for a token of this grant. */
	claimsOf: (user: DemoUser, grantType: string) => Record<string, unknown>;
};

export type CodeRequest = {clientId: string; redirectUri: string; codeChallenge?: string; codeChallengeMethod?: string};

const codeValidityMs = 5 * 60 * 1000;

/** RFC 7636's check: S256 hashes the verifier; plain compares it as it is. */
function verifierMatches(request: CodeRequest, verifier: string | null): boolean {
	if (request.codeChallenge === undefined) {
		return verifier === null;
	}

	if (verifier === null) {
		return false;
	}

	const derived = request.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
	return derived === request.codeChallenge;
}

const badCredentials: Refusal = {status: 401, body: {error: 'unauthorized', error_description: 'Bad credentials'}};

function originOfLoginHint(loginHint: string | null): string | undefined | 'unreadable' {
	if (loginHint === null) {
		return undefined;
	}

	try {
		const {origin} = JSON.parse(loginHint) as {origin?: unknown};
		return typeof origin === 'string' ? origin : 'unreadable';
	} catch {
		return 'unreadable';
	}
}

export function createUserGrants({users = [demoUser], refreshValiditySeconds = defaultRefreshValiditySeconds}: {users?: DemoUser[]; refreshValiditySeconds?: number} = {}): UserGrants {
	const refreshTokens = new Map<string, {user: DemoUser; clientId: string; expiresAt: number; isUsed: boolean}>();
	const passcodes = new Map<string, {user: DemoUser; expiresAt: number}>();
	const codes = new Map<string, {user: DemoUser; request: CodeRequest; expiresAt: number}>();
	const invalidCode: Refusal = {status: 400, body: {error: 'invalid_grant', error_description: 'Invalid authorization code'}};

	return {
		signIn(parameters, now) {
			const passcode = parameters.get('passcode');
			if (passcode !== null) {
				const issued = passcodes.get(passcode);
				passcodes.delete(passcode);
				return issued && issued.expiresAt > now ? {user: issued.user} : {status: 401, body: {error: 'unauthorized', error_description: 'Invalid passcode'}};
			}

			const username = parameters.get('username');
			const password = parameters.get('password');
			if (username === null || password === null) {
				return {status: 400, body: {error: 'invalid_request', error_description: 'Missing username or password'}};
			}

			const origin = originOfLoginHint(parameters.get('login_hint'));
			if (origin === 'unreadable') {
				return {status: 400, body: {error: 'invalid_request', error_description: 'Unable to parse login_hint'}};
			}

			// As UAA: a user of another identity provider, or a wrong password, is the same "Bad credentials".
			const user = users.find(candidate => candidate.username === username && (origin === undefined || candidate.origin === origin));
			return user && user.password === password ? {user} : badCredentials;
		},
		issueRefreshToken(user, clientId, now) {
			// XSUAA's refresh tokens are opaque, ending in -r.
			const token = `${randomBytes(16).toString('hex')}-r`;
			refreshTokens.set(token, {user, clientId, expiresAt: now + refreshValiditySeconds * 1000, isUsed: false});
			return token;
		},
		redeemRefreshToken(token, clientId, now) {
			const stored = refreshTokens.get(token);
			if (!stored || stored.clientId !== clientId) {
				return {status: 401, body: {error: 'invalid_token', error_description: 'Invalid refresh token: the token is unknown to this server'}};
			}

			if (stored.isUsed) {
				return {status: 401, body: {error: 'invalid_token', error_description: 'Invalid refresh token: it was used already'}};
			}

			if (stored.expiresAt <= now) {
				return {status: 401, body: {error: 'invalid_token', error_description: 'Invalid refresh token (expired)'}};
			}

			stored.isUsed = true;
			return {user: stored.user};
		},
		issuePasscode(username, password, now) {
			const user = this.userSigningIn(username, password);
			if (!user) {
				return undefined;
			}

			// Ten characters, as UAA's passcodes are.
			const code = randomBytes(8).toString('base64url').slice(0, 10);
			passcodes.set(code, {user, expiresAt: now + passcodeValidityMs});
			return code;
		},
		issueAuthorizationCode(user, request, now) {
			const code = randomBytes(6).toString('base64url');
			codes.set(code, {user, request, expiresAt: now + codeValidityMs});
			return code;
		},
		redeemAuthorizationCode(parameters, clientId, now) {
			const code = parameters.get('code') ?? '';
			const issued = codes.get(code);
			// Used once, whatever the outcome, as UAA removes a code when it is presented.
			codes.delete(code);
			if (!issued || issued.expiresAt <= now || issued.request.clientId !== clientId) {
				return invalidCode;
			}

			if (parameters.get('redirect_uri') !== issued.request.redirectUri) {
				return {status: 400, body: {error: 'invalid_grant', error_description: 'Redirect mismatch'}};
			}

			if (!verifierMatches(issued.request, parameters.get('code_verifier'))) {
				return {status: 400, body: {error: 'invalid_grant', error_description: 'PKCE error: Code verifier does not match.'}};
			}

			return {user: issued.user};
		},
		userSigningIn(username, password) {
			return users.find(candidate => candidate.username === username && candidate.password === password);
		},
		claimsOf(user, grantType) {
			return {
				sub: user.userId,
				user_id: user.userId,
				user_uuid: user.userId,
				user_name: user.username,
				email: user.email,
				origin: user.origin,
				given_name: user.givenName,
				family_name: user.familyName,
				grant_type: grantType,
				'xs.user.attributes': {},
				'xs.system.attributes': {'xs.rolecollections': ['Demo Viewer']},
				ext_attr: {enhancer: 'XSUAA', subaccountid: randomUUID()},
			};
		},
	};
}

function escapeHtml(text: string): string {
	return text.replaceAll(/[&<>"']/g, character => `&#${character.codePointAt(0)!};`);
}

/** The /passcode page: a real sign-in form, then the code, as XSUAA shows it after a browser sign-in. */
export function passcodePage(state: {code?: string; problem?: string}): string {
	const body =
		state.code === undefined
			? `<h1>Sign in to get a temporary authentication code</h1>
${state.problem === undefined ? '' : `<p role="alert">${escapeHtml(state.problem)}</p>`}
<form method="post" action="/passcode">
<label>Email or user name <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>`
			: `<h1>Temporary Authentication Code</h1>
<p>Use this code to sign in with the command line. It works once, within 5 minutes.</p>
<p><code id="passcode">${escapeHtml(state.code)}</code></p>`;
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uaa-token practice server: passcode</title></head><body>${body}</body></html>`;
}

// Redirect uris as xs-security.json's oauth2-configuration lists them: * matches within a host name or a port, and a
// trailing /** any path. A * never spans a dot, @ or colon, so localhost:* cannot reach another host. The practice app allows http://localhost:*/** and http://127.0.0.1:*/**.
export function redirectUriAllowed(redirectUri: string, patterns: readonly string[]): boolean {
	return patterns.some(pattern => {
		const source = pattern
			.split('/**')
			.map(part => part.replaceAll(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[\\w-]*'))
			.join('(?:/[^?#]*)?');
		return new RegExp(`^${source}(?:\\?.*)?$`).test(redirectUri);
	});
}

/** The fields /oauth/authorize carries through its sign-in form. */
export const authorizeFields = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'login_hint'] as const;

/** /oauth/authorize's sign-in page: a real form that posts back with the request's own fields. */
export function authorizePage(parameters: URLSearchParams, problem?: string): string {
	const hidden = authorizeFields
		.filter(field => parameters.get(field) !== null)
		.map(field => `<input type="hidden" name="${field}" value="${escapeHtml(parameters.get(field)!)}">`)
		.join('\n');
	const body = `<h1>Sign in to the practice subaccount</h1>
<p>uaa-token is asking for a token in your name.</p>
${problem === undefined ? '' : `<p role="alert">${escapeHtml(problem)}</p>`}
<form method="post" action="/oauth/authorize">
${hidden}
<label>Email or user name <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit" name="decision" value="sign-in">Sign in</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`;
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uaa-token practice server: sign in</title></head><body>${body}</body></html>`;
}

/** The page UAA shows, instead of redirecting, when the client or redirect_uri is not one it knows. */
export function authorizeErrorPage(message: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uaa-token practice server: error</title></head><body><h1>Error</h1><p role="alert">${escapeHtml(message)}</p></body></html>`;
}
