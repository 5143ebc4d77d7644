// The embedded practice server: a small XSUAA look-alike on 127.0.0.1 for --demo and for tests.

import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {generateKeyPair, type KeyObject, randomBytes, randomUUID, sign, verify} from 'node:crypto';
import type {AddressInfo} from 'node:net';
import {authorizeErrorPage, authorizePage, createUserGrants, type DemoUser, demoUser, passcodePage, redirectUriAllowed, type Refusal} from './demo-users.js';

export type DemoServerOptions = {
	clientId?: string;
	clientSecret?: string;
	/** Token validity; XSUAA's default is 43200 s, which its expires_in reports as 43199. */
	tokenValiditySeconds?: number;
	/** Refresh token validity; UAA's default is 28 days. */
	refreshValiditySeconds?: number;
	now?: () => number;
	/** The app's allowed redirect uris, as xs-security.json lists them; any loopback port by default. */
	redirectUris?: string[];
};

/** What the practice app's xs-security.json would allow: the browser sign-in's loopback redirect, on any port. */
export const demoRedirectUris = ['http://localhost:*/**', 'http://127.0.0.1:*/**'];

export type DemoServer = {
	/** Like uaa.url in a service key. */
	uaaUrl: string;
	clientId: string;
	clientSecret: string;
	/** Like the top-level url of a service key: the service's own API, which has no token endpoint. */
	serviceUrl: string;
	/** The key that signs new tokens; token_keys publishes it and the one before it. */
	publicKey: KeyObject;
	/** The zone id tokens carry as zid; token_keys answers 400 for any other. */
	zoneId: string;
	/** The app's xsappname, an audience of every token, as a service key's uaa.xsappname names it. */
	xsappname: string;
	/**
	 * Rotates the signing key as XSUAA does: a new key (default-jwt-key-<n>) signs from now on, and the one before
	 * stays published, so tokens it signed still verify until they expire. Older keys are dropped.
	 */
	rotateKeys: () => Promise<void>;
	/** How many requests reached /token_keys. */
	tokenKeysRequestCount: () => number;
	/** How many requests reached /oauth/token, so tests can tell a cached token from a fresh one. */
	tokenRequestCount: () => number;
	/** How many token requests of this grant_type were answered with a token. */
	grantCount: (grantType: string) => number;
	/** The practice user, for the password, passcode and browser sign-ins. */
	user: DemoUser;
	close: () => Promise<void>;
};

export const demoCredentials = {
	clientId: 'sb-uaa-token-demo!t1234',
	// Holds +, $ and =, which break naive Basic encoding, so the demo exercises the real thing.
	clientSecret: 'Dem0+Secret$2026=',
} as const;

const subdomain = 'demo-subaccount';
const zoneId = '6f0c2a5e-8a1b-4c3d-9e2f-0a1b2c3d4e5f';
const maxBodyBytes = 64 * 1024;
const servicePath = '/service-api';
const appName = 'demo-recommendation!t1234';

type Credentials = {clientId: string; clientSecret: string};
type CredentialsResult = {credentials?: Credentials; problem?: string};

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {
		'Content-Type': 'application/json;charset=UTF-8',
		'Cache-Control': 'no-store',
		...headers,
	});
	response.end(JSON.stringify(body));
}

function sendUnauthorized(response: ServerResponse, description: string): void {
	sendJson(
		response,
		401,
		{error: 'unauthorized', error_description: description},
		{'WWW-Authenticate': `Basic realm="UAA/client", error="unauthorized", error_description="${description}"`},
	);
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > maxBodyBytes) {
			throw new Error('body too large');
		}

		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

function formDecode(value: string): string {
	return decodeURIComponent(value.replaceAll('+', ' '));
}

/** Reads client credentials the way UAA 74+ does: Basic parts are URL-decoded after base64. */
function readCredentials(request: IncomingMessage, parameters: URLSearchParams): CredentialsResult {
	const authorization = request.headers.authorization;
	const hasBodyCredentials = parameters.has('client_id') || parameters.has('client_secret');
	if (authorization !== undefined) {
		if (hasBodyCredentials) {
			return {problem: 'Bad credentials'};
		}

		const match = /^Basic\s+(\S+)$/i.exec(authorization);
		if (!match) {
			return {problem: 'Bad credentials'};
		}

		const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) {
			return {problem: 'Bad credentials'};
		}

		try {
			return {credentials: {clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1))}};
		} catch {
			return {problem: 'Failed to URL Decode credentials'};
		}
	}

	if (hasBodyCredentials) {
		return {credentials: {clientId: parameters.get('client_id') ?? '', clientSecret: parameters.get('client_secret') ?? ''}};
	}

	return {problem: 'Full authentication is required to access this resource'};
}

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const clientId = options.clientId ?? demoCredentials.clientId;
	const clientSecret = options.clientSecret ?? demoCredentials.clientSecret;
	const validitySeconds = options.tokenValiditySeconds ?? 43_200;
	const now = options.now ?? Date.now;
	type SigningKey = {keyId: string; privateKey: KeyObject; publicKey: KeyObject};
	let keyNumber = 0;
	async function newSigningKey(): Promise<SigningKey> {
		const keyId = `default-jwt-key-${zoneId.slice(0, 8)}-${++keyNumber}`;
		return new Promise((resolve, reject) => {
			generateKeyPair('rsa', {modulusLength: 2048}, (error, publicKey, privateKey) => {
				if (error) {
					reject(error);
				} else {
					resolve({keyId, privateKey, publicKey});
				}
			});
		});
	}

	/** The published keys, the signing one last. */
	let signingKeys: SigningKey[] = [await newSigningKey()];
	const currentKey = () => signingKeys.at(-1)!;
	let tokenKeysRequests = 0;
	const userGrants = createUserGrants({refreshValiditySeconds: options.refreshValiditySeconds});
	const grantCounts = new Map<string, number>();
	let baseUrl = '';
	let tokenRequests = 0;

	/** A token for the client, or for a user signed in with grantType; a user's comes with a refresh token. */
	function issueToken(user?: {user: DemoUser; grantType: string}): Record<string, unknown> {
		// One instant for iat, exp and expires_in: a second that turns while the token is signed must not cost one.
		const issuedAtMs = now();
		const issuedAt = Math.floor(issuedAtMs / 1000);
		const jti = randomBytes(16).toString('hex');
		const scopes = ['uaa.resource', `${appName}.Read`, `${appName}.Write`];
		const claims = {
			jti,
			ext_attr: {enhancer: 'XSUAA', subaccountid: randomUUID(), zdn: subdomain},
			sub: clientId,
			authorities: scopes,
			scope: scopes,
			client_id: clientId,
			cid: clientId,
			azp: clientId,
			grant_type: 'client_credentials',
			rev_sig: randomBytes(4).toString('hex'),
			iat: issuedAt,
			exp: issuedAt + validitySeconds,
			iss: `${baseUrl}/oauth/token`,
			zid: zoneId,
			aud: ['uaa', appName, clientId],
			// A user's token carries who the user is, and the scopes of the user's role collections, not the client's authorities.
			...(user ? {...userGrants.claimsOf(user.user, user.grantType), scope: ['openid', ...scopes.slice(1)], authorities: undefined} : {}),
		};
		const {keyId, privateKey} = currentKey();
		const header = {alg: 'RS256', jku: `${baseUrl}/token_keys`, kid: keyId, typ: 'JWT'};
		const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
		const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
		return {
			access_token: `${signingInput}.${signature}`,
			token_type: 'bearer',
			// Whole seconds left, truncated, as UAA computes it: 43200 becomes 43199.
			expires_in: Math.max(0, Math.trunc((claims.exp * 1000 - issuedAtMs - 1) / 1000)),
			scope: (user ? ['openid', ...scopes.slice(1)] : scopes).join(' '),
			jti,
			...(user ? {refresh_token: userGrants.issueRefreshToken(user.user, clientId, issuedAtMs)} : {}),
		};
	}

	/** The token for a grant, or the refusal UAA answers; counted per grant when a token is given. */
	function answerGrant(grantType: string, parameters: URLSearchParams): {status: number; body: Record<string, unknown>} {
		const counted = (body: Record<string, unknown>) => {
			grantCounts.set(grantType, (grantCounts.get(grantType) ?? 0) + 1);
			return {status: 200, body};
		};

		if (grantType === 'client_credentials') {
			return counted(issueToken());
		}

		let signedIn: {user: DemoUser} | Refusal;
		if (grantType === 'password') {
			signedIn = userGrants.signIn(parameters, now());
		} else if (grantType === 'authorization_code') {
			signedIn = userGrants.redeemAuthorizationCode(parameters, clientId, now());
		} else if (grantType === 'refresh_token') {
			const token = parameters.get('refresh_token');
			signedIn = token === null ? {status: 400, body: {error: 'invalid_request', error_description: 'Missing refresh_token'}} : userGrants.redeemRefreshToken(token, clientId, now());
		} else {
			return {status: 400, body: {error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}`}};
		}

		return 'status' in signedIn ? signedIn : counted(issueToken({user: signedIn.user, grantType}));
	}

	/** /passcode: a sign-in form, then a one-time code for grant_type=password&passcode=… */
	async function handlePasscode(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const send = (status: number, html: string) => {
			response.writeHead(status, {'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY'});
			response.end(html);
		};

		if (request.method !== 'POST') {
			send(200, passcodePage({}));
			return;
		}

		const form = new URLSearchParams(await readBody(request));
		const code = userGrants.issuePasscode(form.get('username') ?? '', form.get('password') ?? '', now());
		send(code === undefined ? 401 : 200, passcodePage(code === undefined ? {problem: 'The user name or password is wrong.'} : {code}));
	}

	/**
	 * /oauth/authorize: checks the client and redirect_uri first, showing an error page rather than redirecting to a
	 * uri it does not know, as UAA does; then a sign-in form, whose answer redirects with a code (or access_denied).
	 */
	async function handleAuthorize(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
		const send = (status: number, html: string, headers: Record<string, string> = {}) => {
			response.writeHead(status, {'Content-Type': 'text/html;charset=UTF-8', 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY', ...headers});
			response.end(html);
		};

		const parameters = request.method === 'POST' ? new URLSearchParams(await readBody(request)) : url.searchParams;
		const redirectUri = parameters.get('redirect_uri') ?? '';
		if (parameters.get('client_id') !== clientId) {
			send(400, authorizeErrorPage('No client with requested id.'));
			return;
		}

		if (!redirectUriAllowed(redirectUri, options.redirectUris ?? demoRedirectUris)) {
			send(400, authorizeErrorPage(`Invalid redirect ${redirectUri} did not match one of the registered values.`));
			return;
		}

		const redirect = (fields: Record<string, string>) => {
			const target = new URL(redirectUri);
			for (const [name, value] of Object.entries({...fields, ...(parameters.get('state') === null ? {} : {state: parameters.get('state')!})})) {
				target.searchParams.set(name, value);
			}

			send(302, '', {Location: target.toString()});
		};

		if (parameters.get('response_type') !== 'code') {
			redirect({error: 'unsupported_response_type', error_description: 'Unsupported response types: [token]'});
			return;
		}

		const challengeMethod = parameters.get('code_challenge_method');
		if (parameters.get('code_challenge') !== null && challengeMethod !== null && challengeMethod !== 'S256' && challengeMethod !== 'plain') {
			redirect({error: 'invalid_request', error_description: 'Unsupported code challenge method.'});
			return;
		}

		if (request.method !== 'POST') {
			send(200, authorizePage(parameters));
			return;
		}

		if (parameters.get('decision') === 'deny') {
			redirect({error: 'access_denied', error_description: 'User denied access'});
			return;
		}

		const user = userGrants.userSigningIn(parameters.get('username') ?? '', parameters.get('password') ?? '');
		if (!user) {
			send(401, authorizePage(parameters, 'The user name or password is wrong.'));
			return;
		}

		const code = userGrants.issueAuthorizationCode(
			user,
			{clientId, redirectUri, codeChallenge: parameters.get('code_challenge') ?? undefined, codeChallengeMethod: challengeMethod ?? 'plain'},
			now(),
		);
		redirect({code});
	}

	async function handleToken(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
		if (request.method !== 'GET' && request.method !== 'POST') {
			sendJson(response, 405, {error: 'method_not_allowed', error_description: `Request method '${request.method ?? ''}' not supported`});
			return;
		}

		const parameters = new URLSearchParams(url.search);
		if (request.method === 'POST') {
			const body = await readBody(request);
			if (/application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) {
				for (const [name, value] of new URLSearchParams(body)) {
					parameters.append(name, value);
				}
			}
		}

		const {credentials, problem} = readCredentials(request, parameters);
		if (!credentials || credentials.clientId !== clientId || credentials.clientSecret !== clientSecret) {
			sendUnauthorized(response, problem ?? 'Bad credentials');
			return;
		}

		const grantType = parameters.get('grant_type');
		if (!grantType) {
			sendJson(response, 400, {error: 'invalid_request', error_description: 'Missing grant type'});
			return;
		}

		// A user's bad credentials are not the client's: answered without the Basic challenge, which asks for the client.
		const answer = answerGrant(grantType, parameters);
		sendJson(response, answer.status, answer.body);
	}

	/**
	 * XSUAA's token_keys: every published key as a JWK with its PEM as `value`, for the zone named by zid (or the
	 * zone of the host, without zid); another zone's id is a 400, as XSUAA answers it.
	 */
	function sendTokenKeys(response: ServerResponse, url: URL): void {
		const zid = url.searchParams.get('zid');
		if (zid !== null && zid !== zoneId) {
			sendJson(response, 400, {error: 'invalid_request', error_description: `Invalid zone id: ${zid.slice(0, 64)}`});
			return;
		}

		sendJson(response, 200, {
			keys: signingKeys.map(({keyId, publicKey}) => ({
				kty: 'RSA',
				e: publicKey.export({format: 'jwk'}).e,
				use: 'sig',
				kid: keyId,
				alg: 'RS256',
				value: publicKey.export({format: 'pem', type: 'spki'}).toString().trim(),
				n: publicKey.export({format: 'jwk'}).n,
			})),
		});
	}

	/** The practice API behind serviceUrl: it takes the bearer tokens this server issued, as a real service would. */
	function handleApi(request: IncomingMessage, response: ServerResponse): void {
		const challenge = (error: string, description: string) => {
			sendJson(response, 401, {error, error_description: description}, {'WWW-Authenticate': `Bearer error="${error}", error_description="${description}"`});
		};

		const match = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(request.headers.authorization ?? '');
		if (!match) {
			challenge('invalid_request', 'Send the token as: Authorization: Bearer <access_token>');
			return;
		}

		const [, headerPart, claimsPart, signature] = match as unknown as [string, string, string, string];
		let keyId: unknown;
		try {
			keyId = (JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as {kid?: unknown}).kid;
		} catch {}

		const key = signingKeys.find(candidate => candidate.keyId === keyId);
		const isSigned = key !== undefined && verify('sha256', Buffer.from(`${headerPart}.${claimsPart}`), key.publicKey, Buffer.from(signature, 'base64url'));
		const claims = isSigned ? (JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as {exp: number; client_id: string; scope: string[]}) : undefined;
		if (!claims) {
			challenge('invalid_token', 'The token was not issued by this practice server');
			return;
		}

		if (claims.exp * 1000 <= now()) {
			challenge('invalid_token', 'The token has expired');
			return;
		}

		sendJson(response, 200, {
			message: 'Hello from the practice API: your bearer token works.',
			client_id: claims.client_id,
			scope: claims.scope,
			expires_at: new Date(claims.exp * 1000).toISOString(),
		});
	}

	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', baseUrl);
		const path = url.pathname.replace(/\/+$/, '');
		let handled: Promise<void>;
		if (path === '/oauth/token') {
			tokenRequests++;
			handled = handleToken(request, response, url);
		} else if (path === '/oauth/authorize') {
			handled = handleAuthorize(request, response, url);
		} else if (path === '/passcode') {
			handled = handlePasscode(request, response);
		} else if (path === '/token_keys') {
			tokenKeysRequests++;
			sendTokenKeys(response, url);
			handled = Promise.resolve();
		} else if ((path === servicePath || path.startsWith(`${servicePath}/`)) && !path.endsWith('/oauth/token')) {
			// The service's own API: a token url under it stays a 404, as a beginner who pasted the top-level url meets it.
			handleApi(request, response);
			handled = Promise.resolve();
		} else {
			sendJson(response, 404, {error: 'Not Found', path: url.pathname});
			handled = Promise.resolve();
		}

		handled.catch(() => {
			if (!response.headersSent) {
				sendJson(response, 400, {error: 'invalid_request', error_description: 'Unreadable request'});
			}
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}`;

	return {
		uaaUrl: baseUrl,
		serviceUrl: `${baseUrl}${servicePath}`,
		clientId,
		clientSecret,
		get publicKey() {
			return currentKey().publicKey;
		},
		zoneId,
		xsappname: appName,
		async rotateKeys() {
			const next = await newSigningKey();
			signingKeys = [currentKey(), next];
		},
		tokenKeysRequestCount: () => tokenKeysRequests,
		tokenRequestCount: () => tokenRequests,
		grantCount: grantType => grantCounts.get(grantType) ?? 0,
		user: demoUser,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
