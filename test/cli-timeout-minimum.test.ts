// --timeout takes 0.1 to 3600 seconds, and a short budget is named as it was given: 0.0001 was accepted and then
// reported as "0 s". The built CLI, against a real 127.0.0.1 server that never answers.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startTestServer, type TestServer} from './helpers/http-server.js';
import {runBuiltCli} from './helpers/run-cli.js';

describe('--timeout bounds and words', {timeout: 30_000}, () => {
	let silent: TestServer;
	const held = new Set<import('node:http').ServerResponse>();

	before(async () => {
		// Takes the request and never answers it, until the test closes the server.
		silent = await startTestServer((_request, response) => {
			held.add(response);
		});
	});

	after(async () => {
		for (const response of held) {
			response.destroy();
		}

		await silent.close();
	});

	const args = (timeout: string) => ['--url', silent.url, '--client-id', 'sb-x', '--client-secret-stdin', '--print', '--timeout', timeout];

	for (const timeout of ['0.0001', '0.09', '0', '-1', '3601', 'soon']) {
		it(`refuses --timeout ${timeout} with exit 2 and the range, before asking the server`, async () => {
			const before = held.size;
			const result = await runBuiltCli(args(timeout), {input: 'secret'});
			assert.equal(result.code, 2, result.stderr);
			assert.match(result.stderr, /--timeout takes a number of seconds from 0\.1 to 3600/);
			assert.equal(held.size, before, 'no request was sent');
		});
	}

	it('accepts --timeout 0.25 and says it gave up after 0.25 s, not "0 s"', async () => {
		const result = await runBuiltCli(args('0.25'), {input: 'secret'});
		assert.equal(result.code, 3, result.stderr);
		assert.match(result.stderr, /within 0\.25 s/);
		assert.doesNotMatch(result.stderr, /\b0 s\b/);
	});
});
