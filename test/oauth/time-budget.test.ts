// --timeout bounds the whole token request: retries, backoff and the auth-method fallback share one deadline.
// Proven structurally (how many requests the loopback server saw, what the failure reports, what onAttempt heard),
// never by timing the test: a budget per attempt would show up as more requests, not as a slower test.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import {createTransport} from '../../source/oauth/transport.js';
import {type AttemptInfo, requestToken, type TokenRequest} from '../../source/oauth/token-client.js';
import {answer, readRequest, startTestServer, type TestServer} from '../helpers/http-server.js';

const secret = 'p+s$/=budget-secret';
const credentials = {clientId: 'sb-app!t1', clientSecret: secret};

async function failureOf(request: TokenRequest): Promise<Failure> {
	try {
		await requestToken(request);
	} catch (error) {
		assert.ok(error instanceof TokenRequestError, `expected a TokenRequestError, got ${String(error)}`);
		assert.ok(!JSON.stringify(error.failure).includes(secret), 'the failure must not hold the secret');
		return error.failure;
	}

	throw new Error('expected the request to fail');
}

describe('the --timeout budget covers the whole request', () => {
	const seen = new Map<string, number>();
	let server: TestServer;
	before(async () => {
		server = await startTestServer(async (request, response) => {
			const {url} = await readRequest(request);
			const path = new URL(url, 'http://x').pathname;
			const count = (seen.get(path) ?? 0) + 1;
			seen.set(path, count);
			switch (path) {
				case '/silent/oauth/token': {
					// Never answers.
					break;
				}

				case '/busy-then-silent/oauth/token': {
					// Two quick 503s, then silence: the retries happen, and the last attempt gets only what is left.
					if (count <= 2) {
						answer(response, 503, 'busy', {'Content-Type': 'text/plain'});
					}

					break;
				}

				case '/busy-for-long/oauth/token': {
					answer(response, 503, 'busy', {'Content-Type': 'text/plain', 'Retry-After': '5'});
					break;
				}

				case '/busy/oauth/token': {
					answer(response, 503, 'busy', {'Content-Type': 'text/plain'});
					break;
				}

				case '/basic-only/oauth/token': {
					answer(response, 401, JSON.stringify({error: 'unauthorized', error_description: 'Bad credentials'}));
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

	it('gives a silent server one attempt of the whole budget, not three attempts of it each', async () => {
		const attempts: AttemptInfo[] = [];
		let retries = 0;
		const failure = await failureOf({
			url: `${server.url}/silent`,
			...credentials,
			authMethod: 'post',
			timeoutMs: 600,
			onAttempt(_method, attempt) {
				attempts.push(attempt);
			},
			retry: {
				attempts: 3,
				onRetry() {
					retries++;
				},
			},
		});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 600, attempts: 1, isBudgetSpent: true});
		assert.equal(seen.get('/silent/oauth/token'), 1);
		assert.equal(retries, 0);
		assert.deepEqual(
			attempts.map(({method, attempt, attempts, budgetMs}) => ({method, attempt, attempts, budgetMs})),
			[{method: 'post', attempt: 1, attempts: 3, budgetMs: 600}],
		);
		const description = describeFailure(failure, [secret]);
		assert.equal(description.explanation, 'No answer came within 0.6 s (1 attempt), the time allowed for the whole request, retries included (--timeout).');
		assert.match(description.nextStep, /--timeout 2\b/);
	});

	it('lets retries share the budget, and names the total and the attempts when it runs out', async () => {
		const attempts: AttemptInfo[] = [];
		const failure = await failureOf({
			url: `${server.url}/busy-then-silent`,
			...credentials,
			authMethod: 'post',
			timeoutMs: 3000,
			onAttempt(_method, attempt) {
				attempts.push(attempt);
			},
			retry: {attempts: 3, baseDelayMs: 10},
		});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 3000, attempts: 3, isBudgetSpent: true});
		assert.equal(seen.get('/busy-then-silent/oauth/token'), 3);
		assert.deepEqual(
			attempts.map(({attempt, attempts}) => `${attempt}/${attempts}`),
			['1/3', '2/3', '3/3'],
		);
		// Each attempt starts later in the same budget, never with a fresh one.
		for (const [index, attempt] of attempts.entries()) {
			assert.equal(attempt.budgetMs, 3000);
			assert.ok(attempt.elapsedMs >= (attempts[index - 1]?.elapsedMs ?? 0) && attempt.elapsedMs < 3000, `elapsed ${attempt.elapsedMs}`);
		}

		const description = describeFailure(failure, [secret]);
		assert.match(description.explanation, /^No answer came within 3 s \(3 attempts\), the time allowed for the whole request, retries included/);
		assert.match(description.nextStep, /--timeout 6\b/);
	});

	it('does not schedule a retry whose delay would pass the deadline, and reports what the server said', async () => {
		let retries = 0;
		let sleeps = 0;
		const failure = await failureOf({
			url: `${server.url}/busy-for-long`,
			...credentials,
			timeoutMs: 1000,
			retry: {
				attempts: 3,
				onRetry() {
					retries++;
				},
				async sleep() {
					sleeps++;
				},
			},
		});
		assert.equal(failure.kind === 'http-status' && failure.status, 503);
		assert.equal(failure.kind === 'http-status' && failure.retryAfterSeconds, 5);
		assert.equal(seen.get('/busy-for-long/oauth/token'), 1);
		assert.equal(retries, 0);
		assert.equal(sleeps, 0);
	});

	it('measures what remains with the injected clock: a spent budget starts no further attempt', async () => {
		let clock = 0;
		const failure = await failureOf({
			url: `${server.url}/busy`,
			...credentials,
			timeoutMs: 10_000,
			clock: () => clock,
			retry: {
				attempts: 3,
				async sleep(ms) {
					// The backoff delay fitted; while it passed, the rest of the budget went by.
					assert.ok(ms < 10_000);
					clock += 10_000;
				},
			},
		});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 10_000, attempts: 1, isBudgetSpent: true});
		assert.equal(seen.get('/busy/oauth/token'), 1);
	});

	it('leaves the auth-method fallback only what remains of the budget', async () => {
		let clock = 0;
		const methods: string[] = [];
		const failure = await failureOf({
			url: `${server.url}/basic-only`,
			...credentials,
			timeoutMs: 5000,
			clock: () => clock,
			onAttempt(method) {
				methods.push(method);
				// The first answer, a 401, arrives just as the budget ends.
				clock += 5000;
			},
		});
		assert.equal(failure.kind, 'timeout');
		assert.deepEqual(methods, ['post']);
		assert.equal(seen.get('/basic-only/oauth/token'), 1);
	});

	it('says so when every attempt timed out with time left, rather than claiming the budget ran out', async () => {
		// A loopback connection cannot be made to time out; the error is shaped as Node shapes a connect timeout.
		const timingOut: typeof fetch = async () => {
			throw new TypeError('fetch failed', {cause: Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), {code: 'ETIMEDOUT'})});
		};

		const failure = await failureOf({url: 'https://uaa.example.test', ...credentials, fetch: timingOut, retry: {attempts: 3, sleep: async () => {}}});
		assert.deepEqual(failure, {kind: 'timeout', timeoutMs: 30_000, attempts: 3, isBudgetSpent: false});
		const description = describeFailure(failure);
		assert.equal(description.title, 'The connection timed out');
		assert.match(description.explanation, /\(3 attempts\).*30 s allowed for the whole request/);
	});

	it('rethrows a caller abort during a backoff delay as the abort, not a timeout', async () => {
		const controller = new AbortController();
		const pending = requestToken({
			url: `${server.url}/busy`,
			...credentials,
			signal: controller.signal,
			retry: {
				attempts: 3,
				onRetry() {
					controller.abort();
				},
			},
		});
		await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
	});
});

describe('an https url to a port that speaks plain http', () => {
	let plain: TestServer;
	before(async () => {
		plain = await startTestServer((_request, response) => {
			answer(response, 200, '{}');
		});
	});
	after(async () => {
		await plain.close();
	});

	const httpsUrl = () => plain.url.replace(/^http:/, 'https:');

	function assertPlainHttp(failure: Failure): void {
		assert.equal(failure.kind, 'tls');
		assert.ok(failure.kind === 'tls' && failure.reason === 'plain-http', JSON.stringify(failure));
		const description = describeFailure(failure, [secret]);
		assert.equal(description.title, 'This port answers plain http, not TLS');
		assert.match(description.nextStep, /http:\/\/ instead/);
		assert.match(description.nextStep, /127\.0\.0\.1/);
		assert.equal(description.nextAction, 'edit-url');
	}

	it('is named plainly through node:https (EPROTO)', async () => {
		const failure = await failureOf({url: httpsUrl(), ...credentials, retry: {attempts: 1}});
		assert.ok(failure.kind === 'tls' && failure.code === 'EPROTO', JSON.stringify(failure));
		assertPlainHttp(failure);
	});

	it('is named plainly through undici, the proxy and CA path (ERR_SSL_WRONG_VERSION_NUMBER)', async () => {
		const transport = await createTransport({env: {}});
		try {
			const failure = await failureOf({url: httpsUrl(), ...credentials, fetch: transport.fetch, dispatcher: transport.dispatcher, retry: {attempts: 1}});
			assertPlainHttp(failure);
		} finally {
			await transport.close();
		}
	});
});
