import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {generate} from 'selfsigned';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import {requestToken, type TokenRequest} from '../../source/oauth/token-client.js';
import {answer, readRequest, type RecordedRequest, startTestServer, type TestServer} from '../helpers/http-server.js';

async function failureOf(request: TokenRequest): Promise<Failure> {
	try {
		await requestToken(request);
	} catch (error) {
		assert.ok(error instanceof TokenRequestError, `expected a TokenRequestError, got ${String(error)}`);
		assert.ok(!error.message.includes(request.clientSecret), 'the error message must not hold the secret');
		assert.ok(!JSON.stringify(error.failure).includes(request.clientSecret), 'the failure must not hold the secret');
		return error.failure;
	}

	throw new Error('expected the request to fail');
}

describe('requestToken against the demo server', () => {
	let demo: DemoServer;
	before(async () => {
		demo = await startDemoServer();
	});
	after(async () => {
		await demo.close();
	});

	function demoRequest(overrides: Partial<TokenRequest> = {}): TokenRequest {
		return {url: demo.uaaUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, ...overrides};
	}

	it('gets a token with credentials in the body, as XSUAA answers it', async () => {
		const before = Date.now();
		const token = await requestToken(demoRequest({authMethod: 'post'}));
		assert.equal(token.authMethod, 'post');
		assert.equal(token.tokenType, 'bearer');
		assert.equal(token.expiresIn, 43_199);
		assert.equal(token.accessToken.split('.').length, 3);
		assert.ok(token.scopes.includes('uaa.resource'));
		assert.match(token.jti ?? '', /^[\da-f]{32}$/);
		assert.equal(token.tokenUrl, `${demo.uaaUrl}/oauth/token`);
		assert.ok(token.expiresAt! >= before + 43_199_000 && token.expiresAt! <= Date.now() + 43_199_000);
	});

	it('gets a token with HTTP Basic, although the secret holds + and $', async () => {
		assert.match(demo.clientSecret, /\+/);
		const token = await requestToken(demoRequest({authMethod: 'basic'}));
		assert.equal(token.authMethod, 'basic');
	});

	it('reports a wrong secret as bad credentials, after trying both methods in auto', async () => {
		const attempts: string[] = [];
		const failure = await failureOf(demoRequest({clientSecret: 'wrong+secret', onAttempt: method => attempts.push(method)}));
		assert.equal(failure.kind, 'bad-credentials');
		assert.deepEqual(attempts, ['post', 'basic']);
		assert.ok(failure.kind === 'bad-credentials' && failure.description === 'Bad credentials');
	});

	it('reports the top-level service url as not found', async () => {
		const failure = await failureOf(demoRequest({url: `${demo.uaaUrl}/service-api`}));
		assert.equal(failure.kind, 'not-found');
	});
});

describe('requestToken against servers that behave in other ways', () => {
	const received: RecordedRequest[] = [];
	let server: TestServer;
	before(async () => {
		server = await startTestServer(async (request, response) => {
			const recorded = await readRequest(request);
			received.push(recorded);
			const path = new URL(recorded.url, 'http://x').pathname;
			switch (path) {
				case '/basic-only/oauth/token': {
					// Like an oidc-provider client registered for client_secret_basic: body credentials are refused.
					if (recorded.headers.authorization) {
						answer(response, 200, JSON.stringify({access_token: 'basic-token', token_type: 'Bearer', expires_in: '3600'}));
					} else {
						answer(response, 401, JSON.stringify({error: 'invalid_client', error_description: 'client authentication failed'}));
					}

					break;
				}

				case '/html/oauth/token': {
					answer(response, 200, '<!DOCTYPE html><html><body>Sign in to SAP</body></html>', {'Content-Type': 'text/html;charset=utf-8'});
					break;
				}

				case '/text/oauth/token': {
					answer(response, 200, 'hello', {'Content-Type': 'text/plain'});
					break;
				}

				case '/empty-json/oauth/token': {
					answer(response, 200, JSON.stringify({status: 'ok'}));
					break;
				}

				case '/bad-request/oauth/token': {
					answer(response, 400, JSON.stringify({error: 'unsupported_grant_type', error_description: 'Unsupported grant type: client_credentials'}));
					break;
				}

				case '/redirect/oauth/token': {
					answer(response, 302, '', {Location: 'https://elsewhere.example.test/login'});
					break;
				}

				case '/unavailable/oauth/token': {
					answer(response, 503, 'down', {'Content-Type': 'text/plain'});
					break;
				}

				case '/slow/oauth/token': {
					// Never answers: the client's timeout must end the wait.
					break;
				}

				default: {
					answer(response, 404, '{}');
				}
			}
		});
	});
	after(async () => {
		await server.close();
	});

	const credentials = {clientId: 'sb-app!t1|broker!b2', clientSecret: 'p+s$/=secret'};

	it('sends exactly one POST with a form body and no Basic header in post mode', async () => {
		received.length = 0;
		await failureOf({url: `${server.url}/nowhere`, ...credentials, authMethod: 'post'});
		assert.equal(received.length, 1);
		const [request] = received;
		assert.equal(request!.method, 'POST');
		assert.equal(request!.url, '/nowhere/oauth/token');
		assert.equal(request!.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request!.headers.authorization, undefined);
		assert.deepEqual(Object.fromEntries(new URLSearchParams(request!.body)), {grant_type: 'client_credentials', ...{client_id: credentials.clientId, client_secret: credentials.clientSecret}});
	});

	it('falls back from body credentials to Basic on a 401 in auto, and says so', async () => {
		received.length = 0;
		const token = await requestToken({url: `${server.url}/basic-only`, ...credentials});
		assert.equal(token.authMethod, 'basic');
		assert.equal(token.accessToken, 'basic-token');
		assert.equal(token.expiresIn, 3600);
		assert.equal(received.length, 2);
		assert.equal(received[0]!.headers.authorization, undefined);
		assert.equal(received[1]!.body, 'grant_type=client_credentials');
		const decoded = Buffer.from(received[1]!.headers.authorization!.replace('Basic ', ''), 'base64').toString();
		assert.equal(decoded, 'sb-app%21t1%7Cbroker%21b2:p%2Bs%24%2F%3Dsecret');
	});

	it('tries a preferred method first in auto, so a profile that needed Basic costs one request', async () => {
		received.length = 0;
		const token = await requestToken({url: `${server.url}/basic-only`, ...credentials, preferredMethod: 'basic'});
		assert.equal(token.authMethod, 'basic');
		assert.equal(received.length, 1);
	});

	it('does not fall back when the method is fixed to post', async () => {
		received.length = 0;
		const failure = await failureOf({url: `${server.url}/basic-only`, ...credentials, authMethod: 'post'});
		assert.equal(failure.kind, 'bad-credentials');
		assert.equal(received.length, 1);
	});

	it('recognises an HTML page answered with 200', async () => {
		assert.equal((await failureOf({url: `${server.url}/html`, ...credentials})).kind, 'html-page');
	});

	it('recognises a body that is not JSON and JSON without access_token', async () => {
		assert.equal((await failureOf({url: `${server.url}/text`, ...credentials})).kind, 'not-json');
		assert.deepEqual(await failureOf({url: `${server.url}/empty-json`, ...credentials}), {kind: 'no-access-token', status: 200, fields: ['status']});
	});

	it('passes on an OAuth error body with its error and description', async () => {
		assert.deepEqual(await failureOf({url: `${server.url}/bad-request`, ...credentials}), {
			kind: 'oauth-error',
			status: 400,
			error: 'unsupported_grant_type',
			description: 'Unsupported grant type: client_credentials',
		});
	});

	it('never follows a redirect with the credentials', async () => {
		received.length = 0;
		const failure = await failureOf({url: `${server.url}/redirect`, ...credentials});
		assert.deepEqual(failure, {kind: 'redirect', status: 302, location: 'https://elsewhere.example.test/login'});
		assert.equal(received.length, 1);
	});

	it('reports a 5xx as a server problem', async () => {
		assert.deepEqual(await failureOf({url: `${server.url}/unavailable`, ...credentials}), {kind: 'http-status', status: 503, statusText: 'Service Unavailable'});
	});

	it('gives up after the timeout', async () => {
		const started = Date.now();
		const failure = await failureOf({url: `${server.url}/slow`, ...credentials, timeoutMs: 300});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 300});
		assert.ok(Date.now() - started < 10_000, 'the timeout must end the wait long before the default 30 s');
	});

	it('rethrows a caller abort instead of calling it a failure', async () => {
		const controller = new AbortController();
		const pending = requestToken({url: `${server.url}/slow`, ...credentials, signal: controller.signal});
		controller.abort();
		await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
	});
});

describe('requestToken when the connection fails', () => {
	const credentials = {clientId: 'id', clientSecret: 'secret-value'};

	it('reports connection refused', async () => {
		const closed = await startTestServer(() => {});
		await closed.close();
		assert.deepEqual(await failureOf({url: closed.url, ...credentials}), {kind: 'connection-refused', host: new URL(closed.url).host});
	});

	it('reports an untrusted TLS certificate', async () => {
		const pems = await generate([{name: 'commonName', value: '127.0.0.1'}], {keySize: 2048});
		const server = await startTestServer(
			(_request, response) => {
				answer(response, 200, '{"access_token":"x"}');
			},
			{key: pems.private, cert: pems.cert},
		);
		try {
			const failure = await failureOf({url: server.url, ...credentials});
			assert.equal(failure.kind, 'tls');
			assert.ok(failure.kind === 'tls' && /SELF_SIGNED|UNABLE_TO_VERIFY/.test(failure.code), failure.kind === 'tls' ? failure.code : '');
		} finally {
			await server.close();
		}
	});

	it('reports a host that does not resolve', async () => {
		// Resolving a real name would leave this machine; the error is shaped as Node's fetch shapes it.
		const failingFetch: typeof fetch = async () => {
			throw new TypeError('fetch failed', {cause: Object.assign(new Error('getaddrinfo ENOTFOUND nosuch.example.test'), {code: 'ENOTFOUND'})});
		};

		assert.deepEqual(await failureOf({url: 'https://nosuch.example.test', ...credentials, fetch: failingFetch}), {kind: 'dns', host: 'nosuch.example.test'});
	});
});

describe('requestToken with a port fetch will not use', () => {
	it('names the blocked port instead of a bare network error', async () => {
		const failure = await failureOf({url: 'http://127.0.0.1:6000', clientId: 'id', clientSecret: 'secret-value'});
		assert.deepEqual(failure, {kind: 'network', host: '127.0.0.1:6000', code: 'BLOCKED_PORT'});
	});
});
