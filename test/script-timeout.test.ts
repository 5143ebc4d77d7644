// --timeout on the script path: one budget for the whole request, told honestly on stderr. A loopback server that
// never answers counts the attempts it saw; nothing here measures how long the run took.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {readRequest, startTestServer, type TestServer} from './helpers/http-server.js';
import {cliPath, runProcess} from './helpers/run-cli.js';

const secret = 'Silent+Server$Secret=';

describe('uaa-token --timeout for scripts', () => {
	let requests = 0;
	let server: TestServer;
	let directory = '';
	before(async () => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-timeout-'));
		server = await startTestServer(async request => {
			await readRequest(request);
			requests++;
			// Never answers.
		});
	});
	after(async () => {
		await server.close();
		rmSync(directory, {recursive: true, force: true});
	});

	it('spends the whole budget on one attempt to a silent server, and names the total with what to do', async () => {
		const env = {...process.env, UAA_TOKEN_CONFIG_DIR: join(directory, 'config'), FORCE_COLOR: '0', UAA_TOKEN_CLIENT_SECRET: secret};
		const result = await runProcess(process.execPath, [cliPath, '--url', server.url, '--client-id', 'sb-app!t1', '--print', '--timeout', '0.5'], {env});
		assert.equal(result.code, 3, result.stderr);
		assert.equal(result.stdout, '');
		assert.equal(requests, 1);
		assert.match(result.stderr, /No answer came within 0\.5 s \(1 attempt\), the time allowed for the whole request, retries included \(--timeout\)\./);
		assert.match(result.stderr, /--timeout 1\b/);
		assert.ok(!result.stderr.includes(secret));
	});
});
