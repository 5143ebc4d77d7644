import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {generate} from 'selfsigned';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import {requestToken, type TokenRequest} from '../../source/oauth/token-client.js';
import {answer, readRequest, type RecordedRequest, startTestServer, type TestServer} from '../helpers/http-server.js';

async function failureOf(request: TokenRequest): Promise<Failure> {
	try {
		await requestToken(request);
	} catch (error) {
		assert.ok(error instanceof TokenRequestError, `expected a TokenRequestError, got ${String(error)}`);
		const secret = request.clientSecret ?? 'no secret';
		assert.ok(!error.message.includes(secret), 'the error message must not hold the secret');
		assert.ok(!JSON.stringify(error.failure).includes(secret), 'the failure must not hold the secret');
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
	let flakyCalls = 0;
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

				case '/flaky/oauth/token': {
					// Fails twice, then answers: what a retry is for.
					flakyCalls++;
					if (flakyCalls <= 2) {
						answer(response, 503, 'busy', {'Content-Type': 'text/plain'});
					} else {
						answer(response, 200, JSON.stringify({access_token: 'after-retries', token_type: 'bearer', expires_in: 60}));
					}

					break;
				}

				case '/rate-limited/oauth/token': {
					answer(response, 429, JSON.stringify({error: 'too_many_requests'}), {'Retry-After': '2'});
					break;
				}

				case '/request-timeout/oauth/token': {
					answer(response, 408, '', {'Content-Type': 'text/plain'});
					break;
				}

				case '/forbidden/oauth/token': {
					answer(response, 403, '<html>Forbidden</html>', {'Content-Type': 'text/html'});
					break;
				}

				case '/no-get/oauth/token': {
					answer(response, 405, JSON.stringify({error: 'method_not_allowed', error_description: "Request method 'POST' not supported"}));
					break;
				}

				case '/no-query/oauth/token': {
					answer(response, 406, JSON.stringify({error: 'query_string_not_allowed', error_description: 'Parameters must be passed in the body of the request'}));
					break;
				}

				case '/bad-scope/oauth/token': {
					answer(response, 400, JSON.stringify({error: 'invalid_scope', error_description: 'Invalid scope: x'}));
					break;
				}

				case '/missing-grant/oauth/token': {
					answer(response, 400, JSON.stringify({error: 'invalid_request', error_description: 'Missing grant type'}));
					break;
				}

				case '/grant-not-allowed/oauth/token': {
					answer(response, 401, JSON.stringify({error: 'invalid_client', error_description: 'Unauthorized grant type'}));
					break;
				}

				case '/mac/oauth/token': {
					answer(response, 200, JSON.stringify({access_token: 'abc', token_type: 'mac', expires_in: 60}));
					break;
				}

				case '/reset/oauth/token': {
					request.socket.destroy();
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

	// Retrying is tested on its own below; elsewhere one attempt keeps each answer's own test fast.
	const credentials = {clientId: 'sb-app!t1|broker!b2', clientSecret: 'p+s$/=secret', retry: {attempts: 1}};

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

	it('retries a 5xx with growing delays and reports each retry', async () => {
		flakyCalls = 0;
		const retries: string[] = [];
		const delays: number[] = [];
		const token = await requestToken({
			url: `${server.url}/flaky`,
			...credentials,
			retry: {
				attempts: 3,
				random: () => 1,
				onRetry: ({attempt, attempts, failure}) => retries.push(`${attempt}/${attempts} after ${failure.kind}`),
				async sleep(ms) {
					delays.push(ms);
				},
			},
		});
		assert.equal(token.accessToken, 'after-retries');
		assert.deepEqual(retries, ['2/3 after http-status', '3/3 after http-status']);
		assert.deepEqual(delays, [500, 1000]);
	});

	it('gives up after the last attempt with the last failure', async () => {
		flakyCalls = -10;
		const failure = await failureOf({url: `${server.url}/flaky`, ...credentials, retry: {attempts: 2, sleep: async () => {}}});
		assert.equal(failure.kind === 'http-status' && failure.status, 503);
		assert.equal(flakyCalls, -8);
	});

	it('waits as long as Retry-After asks on a 429, plus a random share so clients spread out', async () => {
		const delays: number[] = [];
		const failure = await failureOf({
			url: `${server.url}/rate-limited`,
			...credentials,
			retry: {
				attempts: 2,
				random: () => 0,
				async sleep(ms) {
					delays.push(ms);
				},
			},
		});
		assert.deepEqual(delays, [2000]);
		assert.equal(failure.kind === 'http-status' && failure.retryAfterSeconds, 2);
	});

	it('retries a 408 but never another 4xx', async () => {
		received.length = 0;
		await failureOf({url: `${server.url}/request-timeout`, ...credentials, retry: {attempts: 3, sleep: async () => {}}});
		assert.equal(received.length, 3);
		received.length = 0;
		await failureOf({url: `${server.url}/bad-scope`, ...credentials, retry: {attempts: 3, sleep: async () => {}}});
		assert.equal(received.length, 1);
	});

	it('tells 403, 405, 406 and invalid_scope apart', async () => {
		assert.deepEqual(await failureOf({url: `${server.url}/forbidden`, ...credentials}), {kind: 'http-status', status: 403, statusText: 'Forbidden'});
		const noGet = await failureOf({url: `${server.url}/no-get`, ...credentials});
		assert.equal(noGet.kind === 'http-status' && noGet.status, 405);
		const noQuery = await failureOf({url: `${server.url}/no-query`, ...credentials});
		assert.equal(noQuery.kind === 'http-status' && noQuery.error, 'query_string_not_allowed');
		const badScope = await failureOf({url: `${server.url}/bad-scope`, ...credentials});
		assert.equal(badScope.kind === 'oauth-error' && badScope.error, 'invalid_scope');
	});

	it('tells invalid_request and a grant the client may not use from a wrong secret', async () => {
		const invalidRequest = await failureOf({url: `${server.url}/missing-grant`, ...credentials});
		assert.equal(describeFailure(invalidRequest).title, 'The server found the request malformed (invalid_request)');
		const grantNotAllowed = await failureOf({url: `${server.url}/grant-not-allowed`, ...credentials, authMethod: 'post'});
		assert.equal(describeFailure(grantNotAllowed).title, 'This client may not use client credentials');
	});

	it('refuses a token that is not a bearer token', async () => {
		assert.deepEqual(await failureOf({url: `${server.url}/mac`, ...credentials}), {kind: 'not-bearer', tokenType: 'mac'});
	});

	it('reports a connection cut without an answer', async () => {
		const failure = await failureOf({url: `${server.url}/reset`, ...credentials});
		assert.equal(failure.kind, 'connection-reset');
	});

	it('gives up after the timeout', async () => {
		const started = Date.now();
		const failure = await failureOf({url: `${server.url}/slow`, ...credentials, timeoutMs: 300});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 300, attempts: 1, isBudgetSpent: true});
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
	const credentials = {clientId: 'id', clientSecret: 'secret-value', retry: {attempts: 1}};

	it('refuses plain http to a host that is not loopback, before sending anything', async () => {
		let isFetched = false;
		const failure = await failureOf({
			url: 'http://sub.authentication.eu10.hana.ondemand.com',
			...credentials,
			fetch: async () => {
				isFetched = true;
				throw new Error('must not be called');
			},
		});
		assert.deepEqual(failure, {kind: 'insecure-http', host: 'sub.authentication.eu10.hana.ondemand.com'});
		assert.equal(isFetched, false);
	});

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

describe('requestToken through a fetch that blocks ports, as undici does on the proxy path', () => {
	it('names the blocked port instead of a bare network error', async () => {
		const failure = await failureOf({url: 'http://127.0.0.1:6000', clientId: 'id', clientSecret: 'secret-value', fetch: globalThis.fetch});
		assert.deepEqual(failure, {kind: 'network', host: '127.0.0.1:6000', code: 'BLOCKED_PORT'});
	});
});
