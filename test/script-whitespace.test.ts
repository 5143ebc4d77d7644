// One whitespace rule on the script path: url, clientid and clientsecret lose whitespace at their ends wherever they
// come from (flags, UAA_TOKEN_CLIENT_SECRET, stdin, a service key file), stderr says so without the value, and
// whitespace inside a value is kept and flagged. A loopback server records exactly what reached it.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {answer, readRequest, startTestServer, type TestServer} from './helpers/http-server.js';
import {type CliResult, cliPath, runProcess} from './helpers/run-cli.js';

const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
const clientId = 'sb-app!t123';
const secret = 'Wh1te+space$Secret=';
const innerSecret = 'Wh1te space$Secret=';
const token = 'aaaa.bbbb.cccc';

type Received = {clientId: string | null; clientSecret: string | null};

describe('uaa-token for scripts trims whitespace around credentials and says so', () => {
	const received: Received[] = [];
	let server: TestServer;
	let directory = '';
	before(async () => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-whitespace-'));
		server = await startTestServer(async (request, response) => {
			const form = new URLSearchParams((await readRequest(request)).body);
			received.push({clientId: form.get('client_id'), clientSecret: form.get('client_secret')});
			answer(response, 200, JSON.stringify({access_token: token, token_type: 'bearer', expires_in: 3600}));
		});
	});
	after(async () => {
		await server.close();
		rmSync(directory, {recursive: true, force: true});
	});

	async function run(args: string[], {env = {}, input = ''}: {env?: Record<string, string>; input?: string} = {}): Promise<CliResult & {received: Received[]}> {
		received.length = 0;
		const childEnv: NodeJS.ProcessEnv = {...process.env, UAA_TOKEN_CONFIG_DIR: join(directory, 'config'), FORCE_COLOR: '0', ...env};
		if (!(secretVariable in env)) {
			delete childEnv[secretVariable];
		}

		const result = await runProcess(process.execPath, [cliPath, ...args], {env: childEnv, input});
		for (const text of [result.stdout, result.stderr]) {
			assert.ok(!text.includes(secret) && !text.includes(innerSecret), `a secret reached the output:\n${text}`);
		}

		return {...result, received: [...received]};
	}

	it('trims UAA_TOKEN_CLIENT_SECRET with a trailing space and newline, and names the variable once', async () => {
		const result = await run(['--url', server.url, '--client-id', clientId, '--print'], {env: {[secretVariable]: `${secret} \n`}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, `${token}\n`);
		assert.deepEqual(result.received, [{clientId, clientSecret: secret}]);
		assert.equal(result.stderr, 'uaa-token: removed whitespace around the clientsecret from UAA_TOKEN_CLIENT_SECRET.\n');
	});

	it('says nothing about a clean secret', async () => {
		const result = await run(['--url', server.url, '--client-id', clientId, '--print'], {env: {[secretVariable]: secret}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stderr, '');
	});

	it('takes the one newline that ends a line on stdin silently, and names anything more', async () => {
		const quiet = await run(['--url', server.url, '--client-id', clientId, '--print', '--client-secret-stdin'], {input: `${secret}\n`});
		assert.equal(quiet.code, 0, quiet.stderr);
		assert.deepEqual(quiet.received, [{clientId, clientSecret: secret}]);
		assert.equal(quiet.stderr, '');

		const padded = await run(['--url', server.url, '--client-id', clientId, '--print', '--client-secret-stdin'], {input: `  ${secret}\t\r\n\n`});
		assert.equal(padded.code, 0, padded.stderr);
		assert.deepEqual(padded.received, [{clientId, clientSecret: secret}]);
		assert.equal(padded.stderr, 'uaa-token: removed whitespace around the clientsecret from --client-secret-stdin.\n');
	});

	it('trims --url and --client-id, naming each flag', async () => {
		const result = await run(['--url', ` ${server.url}\n`, '--client-id', `\t${clientId} `, '--print'], {env: {[secretVariable]: secret}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(result.received, [{clientId, clientSecret: secret}]);
		assert.equal(result.stderr, 'uaa-token: removed whitespace around the url from --url.\nuaa-token: removed whitespace around the clientid from --client-id.\n');
	});

	it('trims the values of a service key file', async () => {
		const keyPath = join(directory, 'key.json');
		writeFileSync(keyPath, JSON.stringify({uaa: {url: `${server.url} `, clientid: ` ${clientId}`, clientsecret: `${secret}\n`}}));
		const result = await run(['--service-key', keyPath, '--print']);
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(result.received, [{clientId, clientSecret: secret}]);
		assert.equal(
			result.stderr,
			[
				'uaa-token: removed whitespace around the url from the service key.',
				'uaa-token: removed whitespace around the clientid from the service key.',
				'uaa-token: removed whitespace around the clientsecret from the service key.',
				'',
			].join('\n'),
		);
	});

	it('keeps whitespace inside a secret, sends it as it is, and flags it without showing it', async () => {
		const result = await run(['--url', server.url, '--client-id', clientId, '--print'], {env: {[secretVariable]: innerSecret}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(result.received, [{clientId, clientSecret: innerSecret}]);
		assert.match(result.stderr, /^uaa-token: the clientsecret from UAA_TOKEN_CLIENT_SECRET has whitespace inside it; it is sent as is/);
		assert.equal(result.stderr.split('\n').length, 2, 'one line');
	});

	it('refuses a secret of only whitespace before sending anything', async () => {
		const result = await run(['--url', server.url, '--client-id', clientId, '--print'], {env: {[secretVariable]: ' \n '}});
		assert.equal(result.code, 2);
		assert.deepEqual(result.received, []);
		assert.match(result.stderr, /UAA_TOKEN_CLIENT_SECRET holds only whitespace/);
	});
});
