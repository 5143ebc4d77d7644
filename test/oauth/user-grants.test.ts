import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import {browserSignIn} from '../../source/oauth/browser-sign-in.js';
import {decodeJwt} from '../../source/oauth/decode-jwt.js';
import type {Grant} from '../../source/oauth/grants.js';
import {requestToken, type TokenRequest} from '../../source/oauth/token-client.js';
import {passcodeFrom, signInAtAuthorizeUrl} from '../helpers/user-sign-in.js';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {answer, readRequest, startTestServer} from '../helpers/http-server.js';

describe('user tokens from the practice server', () => {
	let demo: DemoServer;
	before(async () => {
		demo = await startDemoServer();
	});
	after(async () => {
		await demo.close();
	});

	const ask = (grant: Grant, overrides: Partial<TokenRequest> = {}) => requestToken({url: demo.uaaUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, grant, ...overrides});

	async function failureOf(grant: Grant, secrets: string[], overrides: Partial<TokenRequest> = {}): Promise<Failure> {
		const error = await ask(grant, overrides).then(
			() => assert.fail('expected the request to fail'),
			(error: unknown) => error,
		);
		assert.ok(error instanceof TokenRequestError, String(error));
		for (const secret of [...secrets, demo.clientSecret]) {
			assert.ok(!JSON.stringify(error.failure).includes(secret), 'a refusal never carries a secret');
		}

		return error.failure;
	}

	const claimsOf = (accessToken: string) => {
		const decoded = decodeJwt(accessToken);
		assert.ok(decoded.isJwt);
		return decoded.claims;
	};

	it('signs in with a password and an origin, and gets a user token with a refresh token', async () => {
		const {username, password, origin} = demo.user;
		const token = await ask({type: 'password', username, password, origin});
		assert.equal(token.grantType, 'password');
		assert.match(token.refreshToken ?? '', /-r$/);
		const claims = claimsOf(token.accessToken);
		assert.equal(claims['user_name'], username);
		assert.equal(claims['origin'], 'sap.custom');
		assert.equal(claims['grant_type'], 'password');
	});

	it('reports a wrong password as the user\'s, asked once, without trying the other client authentication', async () => {
		const before = demo.tokenRequestCount();
		const wrong = 'wr0ng+Pass&word=';
		const failure = await failureOf({type: 'password', username: demo.user.username, password: wrong}, [wrong]);
		assert.equal(failure.kind, 'user-refused');
		assert.equal(failure.kind === 'user-refused' && failure.grant, 'password');
		assert.equal(demo.tokenRequestCount() - before, 1, 'one request: a user refused is not a client refused');
	});

	it('reports the origin of another provider as a refused password, and a wrong client secret as the client\'s', async () => {
		const {username, password} = demo.user;
		assert.equal((await failureOf({type: 'password', username, password, origin: 'sap.default'}, [password])).kind, 'user-refused');
		const client = await failureOf({type: 'password', username, password}, [password], {clientSecret: 'not-the-secret'});
		assert.equal(client.kind, 'bad-credentials');
	});

	it('signs in with a one-time passcode from the /passcode page, which works once', async () => {
		const passcode = await passcodeFrom(demo.uaaUrl, demo.user);
		assert.match(passcode, /^[\w-]{10}$/);
		const token = await ask({type: 'passcode', passcode});
		assert.equal(token.grantType, 'password');
		assert.equal(claimsOf(token.accessToken)['user_name'], demo.user.username);
		const again = await failureOf({type: 'passcode', passcode}, [passcode]);
		assert.deepEqual(again.kind === 'user-refused' && again.grant, 'passcode');
	});

	it('refreshes a user token once; the refresh token used is refused after', async () => {
		const first = await ask({type: 'password', username: demo.user.username, password: demo.user.password});
		const refreshToken = first.refreshToken!;
		const refreshed = await ask({type: 'refresh_token', refreshToken});
		assert.equal(refreshed.grantType, 'refresh_token');
		assert.equal(claimsOf(refreshed.accessToken)['user_name'], demo.user.username);
		assert.ok(refreshed.refreshToken && refreshed.refreshToken !== refreshToken, 'a new refresh token comes with it');
		const reused = await failureOf({type: 'refresh_token', refreshToken}, [refreshToken]);
		assert.equal(reused.kind === 'user-refused' && reused.grant, 'refresh_token');
	});

	it('signs in through the loopback redirect with PKCE, and exchanges the code once', async () => {
		let shown = '';
		const grant = await browserSignIn({
			baseUrl: demo.uaaUrl,
			clientId: demo.clientId,
			port: 0,
			timeoutMs: 10_000,
			async showUrl(url) {
				shown = url;
				await signInAtAuthorizeUrl(url, demo.user);
			},
		});
		const authorize = new URL(shown);
		assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
		assert.equal(authorize.searchParams.get('redirect_uri'), grant.redirectUri);
		assert.match(grant.redirectUri, /^http:\/\/localhost:\d+\/callback$/);
		const token = await ask(grant);
		assert.equal(token.grantType, 'authorization_code');
		assert.equal(claimsOf(token.accessToken)['grant_type'], 'authorization_code');
		const reused = await failureOf(grant, [grant.code, grant.codeVerifier]);
		assert.equal(reused.kind === 'user-refused' && reused.grant, 'authorization_code');
	});

	it('refuses a code with another verifier, and names a changed redirect uri as a redirect to allow', async () => {
		const signIn = () =>
			browserSignIn({baseUrl: demo.uaaUrl, clientId: demo.clientId, port: 0, timeoutMs: 10_000, async showUrl(url) {
				await signInAtAuthorizeUrl(url, demo.user);
			}});
		const grant = await signIn();
		const otherVerifier = await failureOf({...grant, codeVerifier: 'x'.repeat(43)}, [grant.code]);
		assert.equal(otherVerifier.kind, 'user-refused');
		const moved = await signIn();
		const redirect = await failureOf({...moved, redirectUri: 'http://localhost:1/callback'}, [moved.code]);
		assert.equal(redirect.kind === 'sign-in-failed' && redirect.reason, 'invalid-redirect');
	});
});

describe('secret hygiene of user grants', () => {
	it('a server that echoes the form back never gets a password, passcode, code, verifier or refresh token into the words shown', async () => {
		// Echoes every form field into its error, with each status a refusal may have.
		const server = await startTestServer(async (request, response) => {
			const {body, url} = await readRequest(request);
			const status = Number(/^\/s(\d{3})\//.exec(url)?.[1] ?? 401);
			answer(response, status, JSON.stringify({error: 'invalid_grant', error_description: `You sent: ${decodeURIComponent(body)} and ${body}`}), {'Content-Type': 'application/json'});
		});
		try {
			const grants: Grant[] = [
				{type: 'password', username: 'jane', password: 'Pa$$+word&=1', origin: 'sap.custom'},
				{type: 'passcode', passcode: 'Xy9+Zq/w=A'},
				{type: 'authorization_code', code: 'c0de+abc/=', redirectUri: 'http://localhost:8765/callback', codeVerifier: 'v'.repeat(43)},
				{type: 'refresh_token', refreshToken: 'r3fresh+token/=-r'},
			];
			for (const grant of grants) {
				for (const status of [400, 401, 403, 500]) {
					const secrets = Object.entries(grant)
						.filter(([name]) => ['password', 'passcode', 'code', 'codeVerifier', 'refreshToken'].includes(name))
						.map(([, value]) => value as string);
					// eslint-disable-next-line no-await-in-loop
					const error = await requestToken({url: `${server.url}/s${status}`, clientId: 'sb-x!t1', clientSecret: 'client+secret', grant, retry: {attempts: 1}}).then(
						() => assert.fail('the echo server refuses'),
						(error: unknown) => error,
					);
					assert.ok(error instanceof TokenRequestError);
					const description = describeFailure(error.failure);
					for (const text of [JSON.stringify(error.failure), description.title, description.explanation, description.nextStep]) {
						for (const secret of [...secrets, 'client+secret']) {
							assert.ok(!text.includes(secret) && !text.includes(encodeURIComponent(secret)), `${grant.type} ${status}: a secret in ${text}`);
						}
					}
				}
			}
		} finally {
			await server.close();
		}
	});
});
