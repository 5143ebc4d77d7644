// --format and --decode in scripting mode, run through the built CLI and through real shells, against servers on 127.0.0.1.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {openProfileStore} from '../source/profiles/open-profile-store.js';
import {answer, readRequest, startTestServer, type TestServer} from './helpers/http-server.js';
import {type CliResult as RunResult, cliPath, runProcess} from './helpers/run-cli.js';

const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
const trickySecret = 'Tr1cky+Secret$Value=42';
const runTimeoutMs = 20_000;
const jwtPattern = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const jsonKeys = ['access_token', 'cached', 'expires_at', 'expires_in', 'grant_type', 'jti', 'profile', 'refresh_expires_at', 'scope', 'token_type', 'user_name'];

/**
 * A bearer token is a b64token (RFC 6750), so uaa-token refuses one with a quote, a space or a $ in it; this one holds
 * what a b64token may and a shell still acts on unquoted: ~ at a word's start (the home directory), / and = and +.
 */
const trickyToken = '~root/..+x.y~-_z/~+==';

/** A url a service key may hold (only RFC 3986 characters, which uaa-token requires), just as hostile to a shell. */
const trickyApiPath = "/api/it's;$(touch$IFS'PWNED-URL')&x=$(touch$IFS'PWNED-URL2')*!~;a,b#frag";

let demo: DemoServer;
let tricky: TestServer;
let trickyRequests = 0;
let configDirectory = '';
let workDirectory = '';
const allOutputs: string[] = [];

function secrets(): string[] {
	return [demo.clientSecret, trickySecret];
}

function assertNoSecret(text: string, where: string): void {
	for (const secret of secrets()) {
		assert.ok(!text.includes(secret), `${where} must not contain the client secret:\n${text}`);
	}
}

async function spawnAsync(command: string, args: string[], {env, cwd, input = ''}: {env: NodeJS.ProcessEnv; cwd?: string; input?: string}): Promise<RunResult> {
	const result = await runProcess(command, args, {env, cwd, input, timeoutMs: runTimeoutMs});
	allOutputs.push(result.stdout, result.stderr);
	assertNoSecret(result.stdout, `stdout of ${args.join(' ')}`);
	assertNoSecret(result.stderr, `stderr of ${args.join(' ')}`);
	return result;
}

function cliEnvironment(secret?: string): NodeJS.ProcessEnv {
	return {
		PATH: process.env['PATH'],
		UAA_TOKEN_CONFIG_DIR: configDirectory,
		FORCE_COLOR: '0',
		...(secret === undefined ? {} : {[secretVariable]: secret}),
	};
}

async function runCli(args: string[], {secret}: {secret?: string} = {}): Promise<RunResult> {
	return spawnAsync(process.execPath, [cliPath, ...args], {env: cliEnvironment(secret), cwd: workDirectory});
}

/**
 * Runs a shell script with NODE, CLI and whatever variables it needs in the environment, in an empty directory, so
 * that any file a broken quote let a command create shows up.
 */
async function runShell(shell: 'bash' | 'sh', script: string, variables: Record<string, string>, secret?: string): Promise<RunResult> {
	// Node's pipes are sockets, which bash takes for a remote shell and so reads ~/.bashrc; the user's setup is not under test.
	const options = shell === 'bash' ? ['--norc', '--noprofile'] : [];
	return spawnAsync(shell, [...options, '-c', script], {env: {...cliEnvironment(secret), NODE: process.execPath, CLI: cliPath, ...variables}, cwd: workDirectory});
}

function demoArgs(...extra: string[]): string[] {
	return ['--url', demo.uaaUrl, '--client-id', demo.clientId, ...extra];
}

function trickyArgs(...extra: string[]): string[] {
	return ['--url', tricky.url, '--client-id', 'sb-tricky!t1', ...extra];
}

function writeServiceKey(name: string, key: unknown): string {
	const path = join(configDirectory, `${name}.json`);
	writeFileSync(path, JSON.stringify(key, null, 2));
	return path;
}

/** A key of a service such as Personalized Recommendation: the uaa section nested, the service's API at the top. */
function demoServiceKey(): string {
	return writeServiceKey('demo-key', {url: demo.serviceUrl, uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret}});
}

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Saves a profile as the store does, with a cached token an hour from expiry, so no run needs a server. */
function saveCachedProfile(name: string, accessToken: string, serviceUrl?: string): void {
	const now = Date.now();
	openProfileStore({directory: configDirectory}).save({
		name,
		url: tricky.url,
		clientId: 'sb-tricky!t1',
		clientSecret: trickySecret,
		...(serviceUrl === undefined ? {} : {serviceUrl}),
		createdAt: new Date(now).toISOString(),
		lastUsedAt: new Date(now).toISOString(),
		token: {accessToken, tokenType: 'bearer', scopes: ['uaa.resource'], expiresAt: now + 3_600_000, receivedAt: now},
	});
}

function assertNothingCreated(): void {
	assert.deepEqual(readdirSync(workDirectory), [], 'a shell command hidden in the token or url ran');
}

function hasCurl(): boolean {
	return spawnSync('curl', ['--version'], {stdio: 'ignore'}).status === 0;
}

describe('uaa-token --format and --decode', () => {
	before(async () => {
		demo = await startDemoServer();
		tricky = await startTestServer((request, response) => {
			void readRequest(request).then(() => {
				if (request.url?.startsWith('/oauth/token')) {
					trickyRequests++;
					answer(response, 200, JSON.stringify({access_token: trickyToken, token_type: 'bearer', expires_in: 3600, scope: 'uaa.resource'}));
				} else {
					answer(response, 404, '{}');
				}
			});
		});
	});

	after(async () => {
		await demo?.close();
		await tricky?.close();
	});

	beforeEach(() => {
		configDirectory = mkdtempSync(join(tmpdir(), 'uaa-token-format-'));
		workDirectory = mkdtempSync(join(tmpdir(), 'uaa-token-format-cwd-'));
	});

	afterEach(() => {
		rmSync(configDirectory, {recursive: true, force: true});
		rmSync(workDirectory, {recursive: true, force: true});
	});

	describe('each format, against the demo server', () => {
		it('--format token prints the token and a newline, as --print does', async () => {
			const {code, stdout, stderr} = await runCli(demoArgs('--format', 'token'), {secret: demo.clientSecret});
			assert.equal(stderr, '');
			assert.equal(code, 0);
			assert.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
			assert.equal(claimsOf(stdout.trim())['client_id'], demo.clientId);
		});

		it('--format json prints the keys of --json', async () => {
			const {code, stdout, stderr} = await runCli(demoArgs('--format', 'json'), {secret: demo.clientSecret});
			assert.equal(stderr, '');
			assert.equal(code, 0);
			const output = JSON.parse(stdout) as Record<string, unknown>;
			assert.deepEqual(Object.keys(output).sort(), jsonKeys);
			assert.match(output['access_token'] as string, jwtPattern);
			assert.equal(output['cached'], false);
		});

		it('--format header prints one Authorization header line', async () => {
			const {code, stdout, stderr} = await runCli(demoArgs('--format', 'header'), {secret: demo.clientSecret});
			assert.equal(stderr, '');
			assert.equal(code, 0);
			const match = /^Authorization: Bearer ([\w-]+\.[\w-]+\.[\w-]+)\n$/.exec(stdout);
			assert.ok(match, stdout);
			assert.equal(claimsOf(match[1]!)['client_id'], demo.clientId);
		});

		it('--format env prints one export line with the token in single quotes', async () => {
			const {code, stdout, stderr} = await runCli(demoArgs('--format', 'env'), {secret: demo.clientSecret});
			assert.equal(stderr, '');
			assert.equal(code, 0);
			assert.match(stdout, /^export UAA_TOKEN='[\w-]+\.[\w-]+\.[\w-]+'\n$/);
		});

		it('--format curl with a service key prints a curl command for its top-level url', async () => {
			const before = demo.tokenRequestCount();
			const {code, stdout, stderr} = await runCli(['--service-key', demoServiceKey(), '--format', 'curl']);
			assert.equal(stderr, '');
			assert.equal(code, 0);
			const match = /^curl -g -H 'Authorization: Bearer ([\w-]+\.[\w-]+\.[\w-]+)' '([^']+)'\n$/.exec(stdout);
			assert.ok(match, stdout);
			assert.equal(match[2], demo.serviceUrl);
			assert.equal(demo.tokenRequestCount(), before + 1);
		});

		it('--format curl prints a command that the practice API accepts, run by bash with the real curl', async t => {
			if (!hasCurl()) {
				t.skip('curl is not installed');
				return;
			}

			const {code, stdout, stderr} = await runShell('bash', 'set -e; command=$("$NODE" "$CLI" --service-key "$KEY" --format curl); eval "$command --silent --show-error"', {KEY: demoServiceKey()});
			assert.equal(code, 0, stderr);
			assert.match(stdout, /Hello from the practice API: your bearer token works/);
		});

		it('a profile saved with --save from a service key keeps its API url for --format curl, from the cache', async () => {
			const saved = await runCli(['--service-key', demoServiceKey(), '--print', '--save', 'rec']);
			assert.equal(saved.code, 0, saved.stderr);
			const token = saved.stdout.trim();
			const before = demo.tokenRequestCount();
			const curl = await runCli(['--profile', 'rec', '--format', 'curl']);
			assert.equal(curl.stderr, '');
			assert.equal(curl.code, 0);
			assert.equal(curl.stdout, `curl -g -H 'Authorization: Bearer ${token}' '${demo.serviceUrl}'\n`);
			const header = await runCli(['--profile', 'rec', '--format', 'header']);
			assert.equal(header.stdout, `Authorization: Bearer ${token}\n`);
			const env = await runCli(['--profile', 'rec', '--format', 'env']);
			assert.equal(env.stdout, `export UAA_TOKEN='${token}'\n`);
			const json = await runCli(['--profile', 'rec', '--format', 'json']);
			assert.equal((JSON.parse(json.stdout) as Record<string, unknown>)['cached'], true);
			assert.equal(demo.tokenRequestCount(), before, 'every answer came from the cache');
		});

		it('a profile written by the store answers every format from its cached token', async () => {
			saveCachedProfile('stored', 'opaque-token-value', 'https://api.example.test/v1');
			const expected = {
				token: 'opaque-token-value\n',
				header: 'Authorization: Bearer opaque-token-value\n',
				env: "export UAA_TOKEN='opaque-token-value'\n",
				curl: "curl -g -H 'Authorization: Bearer opaque-token-value' 'https://api.example.test/v1'\n",
			};
			for (const [format, output] of Object.entries(expected)) {
				const {code, stdout, stderr} = await runCli(['--profile', 'stored', '--format', format]);
				assert.equal(stderr, '', format);
				assert.equal(code, 0, format);
				assert.equal(stdout, output, format);
			}

			const json = await runCli(['--profile', 'stored', '--format', 'json']);
			const output = JSON.parse(json.stdout) as Record<string, unknown>;
			assert.deepEqual(Object.keys(output).sort(), jsonKeys);
			assert.equal(output['access_token'], 'opaque-token-value');
			assert.equal(output['profile'], 'stored');
			assert.equal(trickyRequests, 0);
		});

		it('accepts a shorthand together with the --format it stands for', async () => {
			const print = await runCli(demoArgs('--print', '--format', 'token'), {secret: demo.clientSecret});
			assert.equal(print.code, 0, print.stderr);
			assert.match(print.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
			const json = await runCli(demoArgs('--json', '--format', 'json'), {secret: demo.clientSecret});
			assert.equal(json.code, 0, json.stderr);
			assert.deepEqual(Object.keys(JSON.parse(json.stdout) as object).sort(), jsonKeys);
		});
	});

	describe('eval safety, with a token and a url full of what a shell acts on', () => {
		for (const shell of ['bash', 'sh'] as const) {
			it(`${shell}: eval of --format env sets UAA_TOKEN to the token byte for byte and runs nothing`, async () => {
				const {code, stdout, stderr} = await runShell(
					shell,
					'eval "$("$NODE" "$CLI" --url "$TOKEN_URL" --client-id "sb-tricky!t1" --format env)"; printf %s "$UAA_TOKEN"',
					{TOKEN_URL: tricky.url},
					trickySecret,
				);
				assert.equal(stderr, '');
				assert.equal(code, 0);
				assert.equal(Buffer.from(stdout).toString('hex'), Buffer.from(trickyToken).toString('hex'));
				assertNothingCreated();
			});

			it(`${shell}: eval of --format curl hands curl the header and the url intact and runs nothing`, async () => {
				const apiUrl = `${tricky.url}${trickyApiPath}`;
				const key = writeServiceKey('tricky-key', {url: apiUrl, uaa: {url: tricky.url, clientid: 'sb-tricky!t1', clientsecret: trickySecret}});
				// A function is found before any curl on PATH; it prints one argument a line (neither value holds a newline).
				const {code, stdout, stderr} = await runShell(shell, `curl() { for argument in "$@"; do printf '%s\\n' "$argument"; done; }; eval "$("$NODE" "$CLI" --service-key "$KEY" --format curl)"`, {KEY: key});
				assert.equal(stderr, '');
				assert.equal(code, 0);
				assert.deepEqual(stdout.split('\n'), ['-g', '-H', `Authorization: Bearer ${trickyToken}`, apiUrl, '']);
				assertNothingCreated();
			});
		}

		it('bash: "$(... --format header)" is one curl -g -H argument, and a cached token goes through the same quoting', async () => {
			saveCachedProfile('cached-tricky', trickyToken, `${tricky.url}${trickyApiPath}`);
			const requestsBefore = trickyRequests;
			const header = await runShell('bash', 'printf %s "$("$NODE" "$CLI" --profile cached-tricky --format header)"', {});
			assert.equal(header.code, 0, header.stderr);
			assert.equal(header.stdout, `Authorization: Bearer ${trickyToken}`);
			const env = await runShell('bash', 'eval "$("$NODE" "$CLI" --profile cached-tricky --format env)"; printf %s "$UAA_TOKEN"', {});
			assert.equal(env.code, 0, env.stderr);
			assert.equal(env.stdout, trickyToken);
			assert.equal(trickyRequests, requestsBefore);
			assertNothingCreated();
		});
	});

	describe('--decode', () => {
		for (const flags of [['--json', '--decode'], ['--format', 'json', '--decode']]) {
			it(`${flags.join(' ')} adds the JWT's header and claims, and their verification`, async () => {
				const {code, stdout, stderr} = await runCli(demoArgs(...flags), {secret: demo.clientSecret});
				assert.equal(stderr, '');
				assert.equal(code, 0);
				const output = JSON.parse(stdout) as Record<string, unknown>;
				assert.deepEqual(Object.keys(output).sort(), [...jsonKeys, 'claims', 'header', 'verification'].sort());
				assert.equal((output['verification'] as {verdict: string}).verdict, 'valid');
				const header = output['header'] as Record<string, unknown>;
				const claims = output['claims'] as Record<string, unknown>;
				assert.equal(header['alg'], 'RS256');
				assert.equal(header['typ'], 'JWT');
				assert.equal(claims['iss'], `${demo.uaaUrl}/oauth/token`);
				assert.equal(typeof claims['zid'], 'string');
				assert.equal(typeof claims['exp'], 'number');
				assert.equal(claims['client_id'], demo.clientId);
				assert.deepEqual(claims, claimsOf(output['access_token'] as string));
			});
		}

		it('gives null header and claims for an opaque token, says why in one stderr line, and exits 0', async () => {
			const {code, stdout, stderr} = await runCli(trickyArgs('--json', '--decode'), {secret: trickySecret});
			assert.equal(code, 0);
			const output = JSON.parse(stdout) as Record<string, unknown>;
			assert.equal(output['access_token'], trickyToken);
			assert.equal(output['header'], null);
			assert.equal(output['claims'], null);
			const verification = output['verification'] as {verdict: string; summary: string; checks: unknown[]};
			assert.equal(verification.verdict, 'not-a-jwt');
			assert.match(verification.summary, /^This token is not a JWT/);
			assert.deepEqual(verification.checks, []);
			assert.match(stderr, /^uaa-token: This token is not a JWT[^\n]*\n$/);
		});

		it('does the same for an opaque token from the cache', async () => {
			saveCachedProfile('opaque', 'opaque-token-value');
			const {code, stdout, stderr} = await runCli(['--profile', 'opaque', '--format', 'json', '--decode']);
			assert.equal(code, 0);
			const output = JSON.parse(stdout) as Record<string, unknown>;
			assert.equal(output['cached'], true);
			assert.equal(output['header'], null);
			assert.equal(output['claims'], null);
			assert.match(stderr, /^uaa-token: This token is not a JWT[^\n]*\n$/);
		});
	});

	describe('misuse', () => {
		it('exits 2 with one line and no request for conflicting or unknown formats and a misplaced --decode', async () => {
			const before = demo.tokenRequestCount();
			for (const {args, pattern} of [
				{args: demoArgs('--print', '--format', 'json'), pattern: /--print means --format token; it does not combine with --format json/},
				{args: demoArgs('--json', '--format', 'curl'), pattern: /--json means --format json; it does not combine with --format curl/},
				{args: demoArgs('--format', 'yaml'), pattern: /--format takes one of token, json, header, env, curl, refresh-token\./},
				{args: demoArgs('--print', '--decode'), pattern: /--decode .*use it with --json or --format json/},
				{args: demoArgs('--format', 'header', '--decode'), pattern: /--decode .*use it with --json or --format json/},
				{args: ['--decode'], pattern: /--decode .*use it with --json or --format json/},
				{args: ['--format', 'env'], pattern: /--format env needs --profile NAME/},
				{args: ['profiles', '--format', 'json'], pattern: /--format does not apply/},
			]) {
				const {code, stdout, stderr} = await runCli(args, {secret: demo.clientSecret});
				assert.equal(code, 2, args.join(' '));
				assert.equal(stdout, '', args.join(' '));
				assert.match(stderr, /^uaa-token: [^\n]+\n$/, args.join(' '));
				assert.match(stderr, pattern, args.join(' '));
			}

			assert.equal(demo.tokenRequestCount(), before);
		});

		it('exits 2 for --format curl with --url and --client-id, before asking for a token', async () => {
			const before = demo.tokenRequestCount();
			const {code, stdout, stderr} = await runCli(demoArgs('--format', 'curl'), {secret: demo.clientSecret});
			assert.equal(code, 2);
			assert.equal(stdout, '');
			assert.match(stderr, /^uaa-token: --format curl .*--format header: curl -g -H "\$\(uaa-token \.\.\. --format header\)" URL\n$/);
			assert.equal(demo.tokenRequestCount(), before);
		});

		it('exits 2 for --format curl with a service key without a top-level url, before asking for a token', async () => {
			const key = writeServiceKey('xsuaa-key', {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret});
			const before = demo.tokenRequestCount();
			const {code, stdout, stderr} = await runCli(['--service-key', key, '--format', 'curl']);
			assert.equal(code, 2);
			assert.equal(stdout, '');
			assert.match(stderr, /^uaa-token: --format curl: This service key has no top-level url.*curl -g -H "\$\(uaa-token --service-key FILE --format header\)" URL\n$/);
			assert.equal(demo.tokenRequestCount(), before);
		});

		it('exits 2 for --format curl with a profile without an API url, even with --refresh, before asking for a token', async () => {
			const saved = await runCli(demoArgs('--print', '--save', 'plain'), {secret: demo.clientSecret});
			assert.equal(saved.code, 0, saved.stderr);
			const before = demo.tokenRequestCount();
			for (const extra of [[], ['--refresh']]) {
				const {code, stdout, stderr} = await runCli(['--profile', 'plain', '--format', 'curl', ...extra]);
				assert.equal(code, 2);
				assert.equal(stdout, '');
				assert.match(stderr, /^uaa-token: --format curl: The profile "plain" has no service API url.*curl -g -H "\$\(uaa-token --profile plain --format header\)" URL\n$/);
			}

			assert.equal(demo.tokenRequestCount(), before);
		});

		it('exits 2 for --format curl when the API url would carry the token unencrypted or is not a url', async () => {
			for (const [name, url, pattern] of [
				['remote-http', 'http://api.example.test/v1', /plain http:, which would send the token unencrypted/],
				['not-a-url', 'ftp://api.example.test/v1', /is not an http\(s\) url/],
			] as const) {
				saveCachedProfile(name, 'opaque-token-value', url);
				const {code, stdout, stderr} = await runCli(['--profile', name, '--format', 'curl']);
				assert.equal(code, 2, name);
				assert.equal(stdout, '', name);
				assert.match(stderr, pattern, name);
				assert.ok(!stderr.includes('opaque-token-value'), 'the token is printed only as asked');
			}
		});
	});

	it('never showed a client secret in any output of this file', () => {
		assert.ok(allOutputs.length > 0);
		for (const output of allOutputs) {
			assertNoSecret(output, 'an output');
		}
	});
});
