import assert from 'node:assert/strict';
import {verify} from 'node:crypto';
import {after, before, describe, it} from 'node:test';
import {verifyTokenOf} from '../../source/core/token-verification.js';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';

function basic(id: string, secret: string, encode = true): string {
	const part = (value: string) => (encode ? encodeURIComponent(value) : value);
	return `Basic ${Buffer.from(`${part(id)}:${part(secret)}`).toString('base64')}`;
}

describe('the demo server behaves like XSUAA', () => {
	let demo: DemoServer;
	let tokenUrl: string;
	before(async () => {
		demo = await startDemoServer();
		tokenUrl = `${demo.uaaUrl}/oauth/token`;
	});
	after(async () => {
		await demo.close();
	});

	it('listens on 127.0.0.1 only', () => {
		assert.match(demo.uaaUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
	});

	it('answers the browser tutorial: GET with the query string and Basic credentials', async () => {
		const response = await fetch(`${tokenUrl}?grant_type=client_credentials`, {headers: {Authorization: basic(demo.clientId, demo.clientSecret)}});
		assert.equal(response.status, 200);
		const body = (await response.json()) as Record<string, unknown>;
		assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'jti', 'scope', 'token_type']);
		assert.equal(body['token_type'], 'bearer');
		assert.equal(body['expires_in'], 43_199);
	});

	it('signs an RS256 JWT with XSUAA-style claims', async () => {
		const response = await fetch(tokenUrl, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.clientSecret}),
		});
		const body = (await response.json()) as {access_token: string; jti: string};
		const [header, payload, signature] = body.access_token.split('.') as [string, string, string];
		assert.ok(verify('sha256', Buffer.from(`${header}.${payload}`), demo.publicKey, Buffer.from(signature, 'base64url')));
		assert.equal(JSON.parse(Buffer.from(header, 'base64url').toString()).alg, 'RS256');
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
		for (const claim of ['client_id', 'cid', 'zid', 'scope', 'aud', 'iat', 'exp', 'jti', 'ext_attr']) {
			assert.ok(claim in claims, `missing claim ${claim}`);
		}

		assert.equal(claims['client_id'], demo.clientId);
		assert.equal(claims['jti'], body.jti);
		assert.equal((claims['exp'] as number) - (claims['iat'] as number), 43_200);
	});

	it('URL-decodes Basic credentials, so a raw + in the secret fails as it does on UAA 74+', async () => {
		const raw = await fetch(tokenUrl, {method: 'POST', headers: {Authorization: basic(demo.clientId, demo.clientSecret, false), 'Content-Type': 'application/x-www-form-urlencoded'}, body: 'grant_type=client_credentials'});
		assert.equal(raw.status, 401);
		const encoded = await fetch(tokenUrl, {method: 'POST', headers: {Authorization: basic(demo.clientId, demo.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded'}, body: 'grant_type=client_credentials'});
		assert.equal(encoded.status, 200);
	});

	it('answers bad credentials with the 401 body and the challenge that makes browsers prompt', async () => {
		const response = await fetch(`${tokenUrl}?grant_type=client_credentials`, {headers: {Authorization: basic(demo.clientId, 'wrong')}});
		assert.equal(response.status, 401);
		assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="UAA\/client"/);
		assert.equal(response.headers.get('cache-control'), 'no-store');
		assert.deepEqual(await response.json(), {error: 'unauthorized', error_description: 'Bad credentials'});
	});

	it('refuses Basic and body credentials sent together', async () => {
		const response = await fetch(tokenUrl, {
			method: 'POST',
			headers: {Authorization: basic(demo.clientId, demo.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.clientSecret}),
		});
		assert.equal(response.status, 401);
	});

	it('answers a missing or unknown grant type with 400', async () => {
		const headers = {Authorization: basic(demo.clientId, demo.clientSecret)};
		const missing = await fetch(tokenUrl, {headers});
		assert.equal(missing.status, 400);
		assert.deepEqual(await missing.json(), {error: 'invalid_request', error_description: 'Missing grant type'});
		const unknown = await fetch(`${tokenUrl}?grant_type=implicit`, {headers});
		assert.equal(unknown.status, 400);
		assert.equal(((await unknown.json()) as {error: string}).error, 'unsupported_grant_type');
	});

	it('has no token endpoint under the service url, as a real service API has none', async () => {
		const response = await fetch(`${demo.serviceUrl}/oauth/token`, {method: 'POST'});
		assert.equal(response.status, 404);
	});

	it('answers its practice API to the bearer tokens it issued, and to nothing else', async () => {
		const tokenResponse = await fetch(`${demo.uaaUrl}/oauth/token`, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({grant_type: 'client_credentials', client_id: demo.clientId, client_secret: demo.clientSecret}),
		});
		const {access_token: accessToken} = (await tokenResponse.json()) as {access_token: string};
		const ok = await fetch(`${demo.serviceUrl}/recommendations`, {headers: {Authorization: `Bearer ${accessToken}`}});
		assert.equal(ok.status, 200);
		const body = (await ok.json()) as {message: string; client_id: string};
		assert.match(body.message, /your bearer token works/);
		assert.equal(body.client_id, demo.clientId);

		const missing = await fetch(demo.serviceUrl);
		assert.equal(missing.status, 401);
		assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer /);
		const [header, claims, signature] = accessToken.split('.') as [string, string, string];
		const forgedClaims = Buffer.from(JSON.stringify({...JSON.parse(Buffer.from(claims, 'base64url').toString()), client_id: 'someone-else'})).toString('base64url');
		const forged = await fetch(demo.serviceUrl, {headers: {Authorization: `Bearer ${header}.${forgedClaims}.${signature}`}});
		assert.equal(forged.status, 401);
		assert.match(((await forged.json()) as {error_description: string}).error_description, /not issued by this practice server/);
	});
});

describe('the demo server signs users in, as XSUAA does for user tokens', () => {
	let demo: DemoServer;
	let clock = Date.now();
	let tokenUrl: string;
	before(async () => {
		demo = await startDemoServer({now: () => clock, refreshValiditySeconds: 3600});
		tokenUrl = `${demo.uaaUrl}/oauth/token`;
	});
	after(async () => {
		await demo.close();
	});

	/** A POST to the token endpoint with the client in Basic, as uaa-token sends user grants. */
	async function grant(parameters: Record<string, string>): Promise<{status: number; body: Record<string, unknown>; challenge: string | null}> {
		const response = await fetch(tokenUrl, {
			method: 'POST',
			headers: {Authorization: basic(demo.clientId, demo.clientSecret), 'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams(parameters),
		});
		return {status: response.status, body: (await response.json()) as Record<string, unknown>, challenge: response.headers.get('www-authenticate')};
	}

	const claimsOf = (token: unknown) => JSON.parse(Buffer.from(String(token).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

	it('password: a token that says who the user is, with a refresh token, and one that verifies as the service would', async () => {
		const {status, body} = await grant({grant_type: 'password', username: demo.user.username, password: demo.user.password});
		assert.equal(status, 200, JSON.stringify(body));
		assert.match(String(body['refresh_token']), /^[\da-f]{32}-r$/);
		const claims = claimsOf(body['access_token']);
		assert.equal(claims['user_name'], demo.user.username);
		assert.equal(claims['origin'], 'sap.custom');
		assert.equal(claims['grant_type'], 'password');
		assert.equal(claims['email'], demo.user.email);
		assert.equal(claims['authorities'], undefined);
		assert.match(String(body['scope']), /^openid /);
		const verification = await verifyTokenOf({accessToken: String(body['access_token'])}, {url: demo.uaaUrl, clientId: demo.clientId}, {env: {}, timeoutMs: 5000, now: clock});
		assert.equal(verification.verdict, 'valid');
	});

	it('password: a wrong password, or another identity provider in login_hint, is "Bad credentials" without the client\'s Basic challenge', async () => {
		const wrong = await grant({grant_type: 'password', username: demo.user.username, password: 'wrong'});
		assert.deepEqual([wrong.status, wrong.body, wrong.challenge], [401, {error: 'unauthorized', error_description: 'Bad credentials'}, null]);
		const otherOrigin = await grant({grant_type: 'password', username: demo.user.username, password: demo.user.password, login_hint: JSON.stringify({origin: 'sap.default'})});
		assert.equal(otherOrigin.status, 401);
		const sameOrigin = await grant({grant_type: 'password', username: demo.user.username, password: demo.user.password, login_hint: JSON.stringify({origin: 'sap.custom'})});
		assert.equal(sameOrigin.status, 200);
		const unreadable = await grant({grant_type: 'password', username: demo.user.username, password: demo.user.password, login_hint: 'sap.custom'});
		assert.deepEqual(unreadable.body, {error: 'invalid_request', error_description: 'Unable to parse login_hint'});
	});

	it('passcode: a sign-in form at /passcode, a code after signing in, and a code that works once', async () => {
		const page = await fetch(`${demo.uaaUrl}/passcode`);
		assert.equal(page.status, 200);
		assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
		assert.match(await page.text(), /<form method="post" action="\/passcode">[\s\S]*name="password" type="password"/);
		const refused = await fetch(`${demo.uaaUrl}/passcode`, {method: 'POST', body: new URLSearchParams({username: demo.user.username, password: 'wrong'})});
		assert.equal(refused.status, 401);
		assert.match(await refused.text(), /The user name or password is wrong/);
		const signedIn = await fetch(`${demo.uaaUrl}/passcode`, {method: 'POST', body: new URLSearchParams({username: demo.user.username, password: demo.user.password})});
		const code = /<code id="passcode">([\w-]{10})<\/code>/.exec(await signedIn.text())?.[1];
		assert.ok(code, 'the page shows a 10-character code');
		const first = await grant({grant_type: 'password', passcode: code});
		assert.equal(first.status, 200);
		assert.equal(claimsOf(first.body['access_token'])['user_name'], demo.user.username);
		const again = await grant({grant_type: 'password', passcode: code});
		assert.deepEqual(again.body, {error: 'unauthorized', error_description: 'Invalid passcode'});
	});

	it('refresh: a new token and refresh token once; a used, unknown or expired refresh token is refused; grants are counted', async () => {
		const passwordsBefore = demo.grantCount('password');
		const signedIn = await grant({grant_type: 'password', username: demo.user.username, password: demo.user.password});
		const refreshed = await grant({grant_type: 'refresh_token', refresh_token: String(signedIn.body['refresh_token'])});
		assert.equal(refreshed.status, 200);
		assert.equal(claimsOf(refreshed.body['access_token'])['grant_type'], 'refresh_token');
		assert.notEqual(refreshed.body['refresh_token'], signedIn.body['refresh_token']);
		const reused = await grant({grant_type: 'refresh_token', refresh_token: String(signedIn.body['refresh_token'])});
		assert.deepEqual([reused.status, reused.body['error']], [401, 'invalid_token']);
		assert.equal((await grant({grant_type: 'refresh_token', refresh_token: 'made-up-r'})).status, 401);
		clock += 3600 * 1000 + 1;
		const expired = await grant({grant_type: 'refresh_token', refresh_token: String(refreshed.body['refresh_token'])});
		assert.deepEqual(expired.body, {error: 'invalid_token', error_description: 'Invalid refresh token (expired)'});
		assert.equal(demo.grantCount('password'), passwordsBefore + 1);
		assert.equal(demo.grantCount('refresh_token'), 1);
	});
});

describe('the demo server stops', () => {
	it('refuses connections once closed', async () => {
		const demo = await startDemoServer();
		await demo.close();
		await assert.rejects(fetch(`${demo.uaaUrl}/oauth/token`), TypeError);
	});
});
