// Starts panva's oidc-provider on 127.0.0.1 as an independent OAuth 2.0 server that issues client-credentials tokens.

import {generateKeyPairSync, type JsonWebKey, randomBytes} from 'node:crypto';
import {createServer, type RequestListener} from 'node:http';
import type {AddressInfo} from 'node:net';

export type OidcTestServer = {
	/** The base url, like http://127.0.0.1:PORT, without a trailing slash. */
	url: string;
	close(): Promise<void>;
};

export type OidcTestClient = {clientId: string; clientSecret: string; authMethod: 'client_secret_post' | 'client_secret_basic'};

// Only what this helper uses: oidc-provider ships no type declarations.
type Provider = {callback(): RequestListener};
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
			grant_types: ['client_credentials'],
			redirect_uris: [],
			response_types: [],
			token_endpoint_auth_method: client.authMethod,
		})),
		clientAuthMethods: [...new Set(clients.map(client => client.authMethod))],
		features: {
			clientCredentials: {enabled: true},
			// Enabled by default, and it warns that it is for development only.
			devInteractions: {enabled: false},
		},
		routes: {token: '/oauth/token'},
		// The default ttl functions print a notice asking to be replaced; 600 s is their own default.
		ttl: {ClientCredentials: 600},
	});
	server.on('request', provider.callback());

	return {
		url,
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
