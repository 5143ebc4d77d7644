// Retry-After from a real server on 127.0.0.1: only delay-seconds and HTTP dates count, what is waited adds a random
// share so many processes do not come back in the same second, and no wait ever runs past the --timeout budget.
// The random source, the sleep and the clock are injected: the delays are checked as numbers, never timed.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import {requestToken, retryDelayMs, type RetryOptions} from '../../source/oauth/token-client.js';
import {answer, startTestServer, type TestServer} from '../helpers/http-server.js';

let server: TestServer;
let requests = 0;

before(async () => {
	server = await startTestServer((request, response) => {
		request.resume();
		requests++;
		// /retry-after/<value>/oauth/token answers 503 with that Retry-After, percent-decoded.
		const value = decodeURIComponent(/^\/retry-after\/([^/]*)\//.exec(request.url ?? '')?.[1] ?? '');
		answer(response, 503, JSON.stringify({error: 'unavailable'}), {'Retry-After': value});
	});
});

after(async () => server.close());

type Run = {failure: Failure; delays: number[]; requests: number};

async function run(retryAfter: string, {timeoutMs = 30_000, random = () => 0}: {timeoutMs?: number; random?: () => number} = {}): Promise<Run> {
	const delays: number[] = [];
	const before = requests;
	const retry: RetryOptions = {
		attempts: 2,
		random,
		async sleep(ms) {
			delays.push(ms);
		},
	};
	try {
		// The clock stands still, so what remains of the budget is the whole budget whenever a delay is chosen.
		await requestToken({url: `${server.url}/retry-after/${encodeURIComponent(retryAfter)}`, clientId: 'sb-retry!t1', clientSecret: 'retry-secret', timeoutMs, retry, clock: () => 0});
	} catch (error) {
		assert.ok(error instanceof TokenRequestError, String(error));
		return {failure: error.failure, delays, requests: requests - before};
	}

	assert.fail('a 503 gave a token');
}

describe('Retry-After values a server may send', () => {
	for (const invalid of ['-5', '1.5', '+3', '5 s', 'soon', '-1e9', '0x10', 'Sun, 06 Nov 1994 08:49:37']) {
		it(`ignores "${invalid}": the usual backoff, and no "asked to wait" in the message`, async () => {
			const {failure, delays, requests: seen} = await run(invalid);
			assert.equal(seen, 2);
			assert.equal(failure.kind === 'http-status' && failure.retryAfterSeconds, undefined);
			// The backoff's first delay: 500 ms, half of it fixed and half random (0 here).
			assert.deepEqual(delays, [250]);
			assert.doesNotMatch(describeFailure(failure).explanation, /asked to wait/);
		});
	}

	it('takes delay-seconds, and tells the user what the server asked', async () => {
		const {failure, delays} = await run('2');
		assert.deepEqual(delays, [2000]);
		assert.equal(failure.kind === 'http-status' && failure.retryAfterSeconds, 2);
		assert.match(describeFailure(failure).explanation, /It asked to wait 2 s\./);
	});

	it('takes an HTTP date in the past as "now": no wait beyond the jitter', async () => {
		const {delays} = await run('Sun, 06 Nov 1994 08:49:37 GMT', {random: () => 0.5});
		assert.deepEqual(delays, [500]);
	});
});

describe('jitter on top of Retry-After', () => {
	const asked = (seconds: number): Failure => ({kind: 'http-status', status: 503, retryAfterSeconds: seconds});

	it('adds up to half the asked time again, and at least up to one second', () => {
		for (const [seconds, lowest, highest] of [
			[0, 0, 1000],
			[1, 1000, 2000],
			[2, 2000, 3000],
			[4, 4000, 6000],
			[30, 30_000, 45_000],
		] as const) {
			assert.equal(retryDelayMs(2, asked(seconds), {random: () => 0}), lowest, `${seconds} s, random 0`);
			assert.equal(retryDelayMs(2, asked(seconds), {random: () => 0.999_999_9}), highest, `${seconds} s, random just below 1`);
			for (const random of [0.1, 0.25, 0.5, 0.75, 0.9]) {
				const delay = retryDelayMs(2, asked(seconds), {random: () => random});
				assert.ok(delay >= lowest && delay <= highest, `${seconds} s, random ${random}: ${delay} ms`);
			}
		}
	});

	it('spreads 30 processes told "Retry-After: 1" over a second instead of one instant', () => {
		// Thirty evenly spread random draws stand for thirty processes.
		const delays = Array.from({length: 30}, (_, index) => retryDelayMs(2, asked(1), {random: () => index / 30}));
		assert.equal(new Set(delays).size, 30);
		assert.ok(Math.min(...delays) >= 1000 && Math.max(...delays) < 2000);
	});

	it('never waits past the budget: the jitter shrinks to fit what is left of --timeout', async () => {
		const {delays, requests: seen} = await run('2', {timeoutMs: 2500, random: () => 0.999_999_9});
		assert.equal(seen, 2);
		assert.equal(delays.length, 1);
		assert.ok(delays[0]! >= 2000 && delays[0]! < 2500, `${delays[0]} ms within the 2.5 s budget`);
	});

	it('does not retry when the asked time alone is past the budget, and reports the answer', async () => {
		const {failure, delays, requests: seen} = await run('5', {timeoutMs: 3000});
		assert.equal(seen, 1);
		assert.deepEqual(delays, []);
		assert.equal(failure.kind === 'http-status' && failure.status, 503);
	});
});
