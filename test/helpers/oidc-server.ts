// Starts panva's oidc-provider on 127.0.0.1 as an independent OAuth 2.0 server: client-credentials tokens, and for
// a client with a redirect uri, the authorization code flow with PKCE and refresh tokens, its sign-in done by signIn.

import {generateKeyPairSync, type JsonWebKey, randomBytes} from 'node:crypto';
import {createServer, type RequestListener} from 'node:http';
import type {AddressInfo} from 'node:net';

export type OidcTestServer = {
	/** The base url, like http://127.0.0.1:PORT, without a trailing slash. */
	url: string;
	/**
	 * Does in place of a browser what a person does at an authorize url: follows oidc-provider to its interaction,
	 * signs in as accountId and grants what was asked, then follows the redirect to the redirect uri (the listener).
	 */
	signIn(authorizeUrl: string, accountId: string): Promise<void>;
	close(): Promise<void>;
};

export type OidcTestClient = {
	clientId: string;
	clientSecret: string;
	authMethod: 'client_secret_post' | 'client_secret_basic';
	/** With one, the client may also use the authorization code (PKCE) and refresh tokens; loopback, as a native app's. */
	redirectUri?: string;
};

// Only what this helper uses: oidc-provider ships no type declarations.
type Grant = {addOIDCScope(scope: string): void; save(): Promise<string>};
type Provider = {
	callback(): RequestListener;
	interactionDetails(request: unknown, response: unknown): Promise<{params: {client_id: string; scope?: string}}>;
	interactionResult(request: unknown, response: unknown, result: Record<string, unknown>): Promise<string>;
	Grant: new (properties: {accountId: string; clientId: string}) => Grant;
};
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;

type AdapterPayload = Record<string, unknown>;

/**
 * Stands in for oidc-provider's own in-memory adapter, which prints a development-only warning when used;
 * a client-credentials server needs nothing more than storing and finding by id.
 */
function createMapAdapter(): (model: string) => object {
	const store = new Map<string, AdapterPayload>();
	return (model: string) => {
		const key = (id: string) => `${model}:${id}`;
		const find = async (id: string) => store.get(key(id));
		return {
			async upsert(id: string, payload: AdapterPayload) {
				store.set(key(id), payload);
			},
			find,
			async findByUid(uid: string) {
				return [...store.entries()].find(([storedKey, payload]) => storedKey.startsWith(`${model}:`) && payload['uid'] === uid)?.[1];
			},
			async findByUserCode(userCode: string) {
				return [...store.entries()].find(([storedKey, payload]) => storedKey.startsWith(`${model}:`) && payload['userCode'] === userCode)?.[1];
			},
			async consume(id: string) {
				const payload = store.get(key(id));
				if (payload) {
					payload['consumed'] = Math.floor(Date.now() / 1000);
				}
			},
			async destroy(id: string) {
				store.delete(key(id));
			},
			async revokeByGrantId(grantId: string) {
				for (const [storedKey, payload] of store) {
					if (payload['grantId'] === grantId) {
						store.delete(storedKey);
					}
				}
			},
		};
	};
}

let providerClass: Promise<ProviderConstructor> | undefined;

async function loadProvider(): Promise<ProviderConstructor> {
	// A specifier in a variable, as a literal one makes strict TypeScript ask for the declarations oidc-provider lacks.
	const moduleName = 'oidc-provider';
	providerClass ??= import(moduleName).then((loaded: {default: ProviderConstructor}) => loaded.default);
	return providerClass;
}

function signingKeys(): {keys: JsonWebKey[]} {
	// Without keys of its own oidc-provider falls back to published development keys and warns about them.
	const key = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'jwk'});
	return {keys: [{...key, kid: 'test-signing-key', use: 'sig'}]};
}

/**
 * oidc-provider lets a client registered for either secret method authenticate with the other one too; only the
 * server-wide clientAuthMethods list narrows that, so the server offers exactly the methods its clients name, and a
 * server holding only client_secret_basic clients answers body credentials with 401.
 */
export async function startOidcServer(clients: OidcTestClient[]): Promise<OidcTestServer> {
	const Provider = await loadProvider();
	const server = createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;

	const provider = new Provider(url, {
		adapter: createMapAdapter(),
		jwks: signingKeys(),
		// Without keys oidc-provider warns that tampered cookies go unnoticed; this server sets none, but stays quiet.
		cookies: {keys: [randomBytes(32).toString('hex')]},
		clients: clients.map(client => ({
			client_id: client.clientId,
			client_secret: client.clientSecret,
			grant_types: client.redirectUri ? ['client_credentials', 'authorization_code', 'refresh_token'] : ['client_credentials'],
			redirect_uris: client.redirectUri ? [client.redirectUri] : [],
			response_types: client.redirectUri ? ['code'] : [],
			// Native: a loopback http redirect uri is allowed, on any port (RFC 8252 §7.3).
			...(client.redirectUri ? {application_type: 'native'} : {}),
			token_endpoint_auth_method: client.authMethod,
		})),
		// A refresh token for every code exchange, as UAA gives one with every user token (no offline_access needed).
		issueRefreshToken: async () => true,
		pkce: {required: () => true},
		interactions: {url: (_context: unknown, interaction: {uid: string}) => `/interaction/${interaction.uid}`},
		clientAuthMethods: [...new Set(clients.map(client => client.authMethod))],
		features: {
			clientCredentials: {enabled: true},
			// Enabled by default, and it warns that it is for development only.
			devInteractions: {enabled: false},
		},
		routes: {token: '/oauth/token', authorization: '/oauth/authorize'},
		// The default ttl functions print a notice asking to be replaced; 600 s is their own default.
		ttl: {ClientCredentials: 600, AccessToken: 3600, RefreshToken: 28 * 24 * 3600, IdToken: 3600, Interaction: 600, Grant: 3600, Session: 3600},
		// Any account id signs in, as the one signIn names; its claims are its sub.
		findAccount: async (_context: unknown, sub: string) => ({accountId: sub, claims: async () => ({sub})}),
	});
	const providerListener = provider.callback();
	let accountSigningIn = '';
	server.on('request', (request, response) => {
		if (!request.url?.startsWith('/interaction/')) {
			// UAA gives a request without scope all of the user's scopes; oidc-provider grants none, and denies it.
			if (request.url?.startsWith('/oauth/authorize?') && !request.url.includes('scope=')) {
				request.url += '&scope=openid';
			}

			providerListener(request, response);
			return;
		}

		// The interaction a login page would hold: sign in as accountSigningIn, and grant the scopes asked for.
		void (async () => {
			const {params} = await provider.interactionDetails(request, response);
			const grant = new provider.Grant({accountId: accountSigningIn, clientId: params.client_id});
			grant.addOIDCScope(params.scope ?? 'openid');
			const grantId = await grant.save();
			const redirectTo = await provider.interactionResult(request, response, {login: {accountId: accountSigningIn}, consent: {grantId}});
			response.writeHead(303, {Location: redirectTo});
			response.end();
		})().catch((error: unknown) => {
			response.writeHead(500);
			response.end(String(error));
		});
	});

	return {
		url,
		async signIn(authorizeUrl, accountId) {
			accountSigningIn = accountId;
			let cookies = new Map<string, string>();
			let next = authorizeUrl;
			// Follows the redirects by hand, carrying oidc-provider's interaction cookies as a browser would.
			for (let hop = 0; hop < 10; hop++) {
				// eslint-disable-next-line no-await-in-loop
				const answer = await fetch(next, {redirect: 'manual', headers: {cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')}});
				for (const setCookie of answer.headers.getSetCookie()) {
					const [pair] = setCookie.split(';');
					const [name, ...value] = pair!.split('=');
					cookies = new Map([...cookies, [name!, value.join('=')]]);
				}

				const location = answer.headers.get('location');
				if (!location) {
					throw new Error(`oidc-provider stopped at ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
				}

				next = new URL(location, next).toString();
				if (!next.startsWith(url)) {
					// The redirect uri: the loopback listener takes it from here.
					await fetch(next);
					return;
				}
			}

			throw new Error('oidc-provider redirected more than 10 times');
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve, reject) => {
				server.close(error => {
					if (error) {
						reject(error);
					} else {
						resolve();
					}
				});
			});
		},
	};
}
