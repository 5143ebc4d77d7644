import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {TokenRequestError} from '../../source/errors/failure.js';
import {browserSignIn} from '../../source/oauth/browser-sign-in.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {type OidcTestClient, type OidcTestServer, startOidcServer} from '../helpers/oidc-server.js';

// ! and | as in SAP BTP client ids, + $ / = as in their secrets: each changes under form-urlencoding, and oidc-provider
// reads a + in Basic credentials as a space.
const postClient: OidcTestClient = {clientId: 'sb-post!t1|broker!b2', clientSecret: 'p+s$/=secret+1', authMethod: 'client_secret_post'};
const basicClient: OidcTestClient = {clientId: 'sb-basic!t1|broker!b2', clientSecret: 'b+s$/=secret+2', authMethod: 'client_secret_basic'};

describe('requestToken against oidc-provider', () => {
	// One server per client, as oidc-provider accepts body credentials from a Basic client whenever the server offers
	// client_secret_post to anyone; alone, the Basic client's server answers them with 401.
	let postServer: OidcTestServer;
	let basicServer: OidcTestServer;
	before(async () => {
		[postServer, basicServer] = await Promise.all([startOidcServer([postClient]), startOidcServer([basicClient])]);
	});
	after(async () => {
		await Promise.all([postServer.close(), basicServer.close()]);
	});

	it('gets a token with the credentials in the body', async () => {
		const token = await requestToken({url: postServer.url, clientId: postClient.clientId, clientSecret: postClient.clientSecret, authMethod: 'post'});
		assert.equal(token.authMethod, 'post');
		assert.ok(token.accessToken.length > 0);
		assert.equal(token.tokenType, 'bearer');
		assert.ok(typeof token.expiresIn === 'number' && token.expiresIn > 0);
		// No scope was asked for, and oidc-provider then sends none.
		assert.deepEqual(token.scopes, []);
	});

	it('gets a token with HTTP Basic, encoding id and secret as RFC 6749 asks', async () => {
		const token = await requestToken({url: basicServer.url, clientId: basicClient.clientId, clientSecret: basicClient.clientSecret, authMethod: 'basic'});
		assert.equal(token.authMethod, 'basic');
		assert.ok(token.accessToken.length > 0);
		assert.equal(token.tokenType, 'bearer');
	});

	it('falls back to HTTP Basic in auto when body credentials get a 401', async () => {
		const attempts: string[] = [];
		const token = await requestToken({
			url: basicServer.url,
			clientId: basicClient.clientId,
			clientSecret: basicClient.clientSecret,
			authMethod: 'auto',
			onAttempt: method => attempts.push(method),
		});
		assert.deepEqual(attempts, ['post', 'basic']);
		assert.equal(token.authMethod, 'basic');
		assert.ok(token.accessToken.length > 0);
	});

	it('reports a wrong secret as bad credentials, without the secret in the error', async () => {
		const wrongSecret = 'wrong+s$/=secret';
		const attempts: string[] = [];
		const error = await requestToken({
			url: basicServer.url,
			clientId: basicClient.clientId,
			clientSecret: wrongSecret,
			authMethod: 'auto',
			onAttempt: method => attempts.push(method),
		}).then(
			() => assert.fail('expected the request to fail'),
			(error: unknown) => error,
		);
		assert.ok(error instanceof TokenRequestError, `expected a TokenRequestError, got ${String(error)}`);
		assert.equal(error.failure.kind, 'bad-credentials');
		assert.deepEqual(attempts, ['post', 'basic']);
		for (const text of [error.message, JSON.stringify(error.failure)]) {
			assert.ok(!text.includes(wrongSecret), 'the error must not hold the secret');
			assert.ok(!text.includes(basicClient.clientSecret), 'the error must not hold the real secret');
		}
	});

	it('is refused a raw Basic header when the secret holds +, and accepted once it is form-urlencoded', async () => {
		const {clientId, clientSecret} = basicClient;
		assert.match(clientSecret, /\+/);
		const formUrlEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);
		const ask = async (credentials: string) =>
			fetch(`${basicServer.url}/oauth/token`, {
				method: 'POST',
				headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`},
				body: 'grant_type=client_credentials',
			});

		const raw = await ask(`${clientId}:${clientSecret}`);
		assert.equal(raw.status, 401);
		assert.equal(((await raw.json()) as {error?: string}).error, 'invalid_client');

		// The same request with only the encoding changed, so the 401 above is the encoding's doing.
		const encoded = await ask(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`);
		assert.equal(encoded.status, 200);
		assert.ok((((await encoded.json()) as {access_token?: string}).access_token ?? '').length > 0);
	});
});

describe('user tokens from oidc-provider', () => {
	const port = 0;
	let server: OidcTestServer;
	let client: OidcTestClient;
	before(async () => {
		// oidc-provider matches a native client's loopback redirect uri on any port, so the listener may pick one.
		client = {clientId: 'sb-code!t1', clientSecret: 'c+s$/=secret+3', authMethod: 'client_secret_post', redirectUri: 'http://localhost/callback'};
		server = await startOidcServer([client]);
	});
	after(async () => {
		await server.close();
	});

	it('signs in with the authorization code and PKCE, then refreshes with the refresh token it gave', async () => {
		const grant = await browserSignIn({
			baseUrl: server.url,
			clientId: client.clientId,
			port,
			timeoutMs: 10_000,
			async showUrl(authorizeUrl) {
				await server.signIn(authorizeUrl, 'jane');
			},
		});
		const credentials = {url: server.url, clientId: client.clientId, clientSecret: client.clientSecret, authMethod: 'post' as const};
		const token = await requestToken({...credentials, grant});
		assert.equal(token.grantType, 'authorization_code');
		assert.ok(token.refreshToken, 'oidc-provider gave a refresh token');
		const refreshed = await requestToken({...credentials, grant: {type: 'refresh_token', refreshToken: token.refreshToken}});
		assert.equal(refreshed.grantType, 'refresh_token');
		assert.notEqual(refreshed.accessToken, token.accessToken);
		const again = await requestToken({...credentials, grant}).then(
			() => assert.fail('a code works once'),
			(error: unknown) => error,
		);
		assert.ok(again instanceof TokenRequestError);
		assert.equal(again.failure.kind, 'user-refused');
	});
});
