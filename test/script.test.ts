import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {type CliResult as RunResult, cliPath, runProcess} from './helpers/run-cli.js';

const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
const runTimeoutMs = 20_000;
const wrongSecret = 'Wr0ng+Secret$Value=77';
const argumentSecret = 'S3cr3tValue';
const jwtPattern = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const isoPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

type RunOptions = {
	/** Added to the environment; undefined removes a variable. */
	env?: Record<string, string | undefined>;
	/** Written to stdin, which is then closed. */
	input?: string;
};

type StoredFile = {
	profile: Record<string, unknown> & {clientsecret?: string};
	token?: Record<string, unknown> & {access_token: string; expiresAt: string};
};

let demo: DemoServer;
let configDir = '';
/** Every stdout and stderr of every run, checked for secrets at the end as well as per run. */
const allOutputs: string[] = [];

function secrets(): string[] {
	return [demo.clientSecret, wrongSecret, argumentSecret];
}

function assertNoSecret(text: string, where: string): void {
	for (const secret of secrets()) {
		assert.ok(!text.includes(secret), `${where} must not contain the secret "${secret}":\n${text}`);
	}
}

/** Spawns the built CLI asynchronously, so the demo server in this process can answer it. */
async function runCli(args: string[], {env = {}, input = ''}: RunOptions = {}): Promise<RunResult> {
	const childEnv: NodeJS.ProcessEnv = {...process.env, UAA_TOKEN_CONFIG_DIR: configDir, FORCE_COLOR: '0'};
	delete childEnv[secretVariable];
	for (const [name, value] of Object.entries(env)) {
		if (value === undefined) {
			delete childEnv[name];
		} else {
			childEnv[name] = value;
		}
	}

	const result = await runProcess(process.execPath, [cliPath, ...args], {env: childEnv, input, timeoutMs: runTimeoutMs});
	allOutputs.push(result.stdout, result.stderr);
	assertNoSecret(result.stdout, `stdout of uaa-token ${args.join(' ')}`);
	assertNoSecret(result.stderr, `stderr of uaa-token ${args.join(' ')}`);
	return result;
}

function withSecret(secret = demo.clientSecret): RunOptions {
	return {env: {[secretVariable]: secret}};
}

function directArgs(...extra: string[]): string[] {
	return ['--url', demo.uaaUrl, '--client-id', demo.clientId, ...extra];
}

function profilePath(name: string): string {
	return join(configDir, 'profiles', `${name}.json`);
}

function readStored(name: string): StoredFile {
	return JSON.parse(readFileSync(profilePath(name), 'utf8')) as StoredFile;
}

function editStored(name: string, edit: (stored: StoredFile) => void): void {
	const stored = readStored(name);
	edit(stored);
	writeFileSync(profilePath(name), JSON.stringify(stored, null, '\t'));
}

function decodeJwtPayload(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Saves a profile through the CLI, as a user would, and returns the token it printed. */
async function saveProfile(name: string): Promise<string> {
	const {code, stdout, stderr} = await runCli(directArgs('--print', '--save', name), withSecret());
	assert.equal(code, 0, stderr);
	return stdout.trim();
}

/** A port that was just in use and is now closed, so a connection to it is refused. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	return port;
}

function oneLine(text: string): boolean {
	return text.trim() !== '' && text.trim().split('\n').length === 1;
}

describe('uaa-token for scripts (--print, --json, profiles)', () => {
	before(async () => {
		demo = await startDemoServer();
	});

	after(async () => {
		await demo?.close();
	});

	beforeEach(() => {
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-script-'));
	});

	afterEach(() => {
		rmSync(configDir, {recursive: true, force: true});
	});

	it('prints exactly one line, a JWT, with the secret from UAA_TOKEN_CLIENT_SECRET', async () => {
		const {code, stdout, stderr} = await runCli(directArgs('--print'), withSecret());
		assert.equal(stderr, '');
		assert.equal(code, 0);
		assert.ok(stdout.endsWith('\n'));
		const lines = stdout.slice(0, -1).split('\n');
		assert.equal(lines.length, 1, stdout);
		assert.match(lines[0]!, jwtPattern);
		assert.equal(decodeJwtPayload(lines[0]!)['client_id'], demo.clientId);
	});

	it('reads the secret from stdin with --client-secret-stdin, without its trailing newline', async () => {
		const {code, stdout, stderr} = await runCli(directArgs('--print', '--client-secret-stdin'), {input: `${demo.clientSecret}\n`});
		assert.equal(stderr, '');
		assert.equal(code, 0);
		assert.equal(stdout.split('\n').length, 2, stdout);
		assert.match(stdout.trim(), jwtPattern);
	});

	it('prints --json with exactly the documented keys', async () => {
		const started = Date.now();
		const {code, stdout, stderr} = await runCli(directArgs('--json'), withSecret());
		assert.equal(stderr, '');
		assert.equal(code, 0);
		const output = JSON.parse(stdout) as Record<string, unknown>;
		assert.deepEqual(Object.keys(output).sort(), ['access_token', 'cached', 'expires_at', 'expires_in', 'grant_type', 'jti', 'profile', 'refresh_expires_at', 'scope', 'token_type', 'user_name']);
		assert.equal(output['grant_type'], 'client_credentials');
		assert.equal(output['user_name'], null);
		assert.match(output['access_token'] as string, jwtPattern);
		assert.equal(output['token_type'], 'bearer');
		assert.equal(output['cached'], false);
		assert.equal(output['profile'], null);
		const expiresIn = output['expires_in'] as number;
		assert.ok(Number.isInteger(expiresIn) && expiresIn >= 43_190 && expiresIn <= 43_199, `expires_in ${expiresIn}`);
		const expiresAt = output['expires_at'] as string;
		assert.match(expiresAt, isoPattern);
		const expiresAtMs = Date.parse(expiresAt);
		assert.ok(Math.abs(expiresAtMs - (started + 43_199_000)) < 60_000, `expires_at ${expiresAt}`);
		assert.match(output['scope'] as string, /\buaa\.resource\b/);
		assert.equal(output['jti'], decodeJwtPayload(output['access_token'] as string)['jti']);
	});

	it('saves a profile with --save, owner-only, secret included, and says where', async () => {
		const {code, stdout, stderr} = await runCli(directArgs('--print', '--save', 'work'), withSecret());
		assert.equal(code, 0, stderr);
		assert.match(stdout.trim(), jwtPattern);
		assert.ok(stderr.includes(profilePath('work')), `stderr should name ${profilePath('work')}: ${stderr}`);
		assert.ok(existsSync(profilePath('work')));
		assert.equal(statSync(profilePath('work')).mode & 0o777, 0o600);
		const stored = readStored('work');
		assert.equal(stored.profile.clientsecret, demo.clientSecret);
		assert.equal(stored.profile['clientid'], demo.clientId);
		assert.equal(stored.token?.access_token, stdout.trim());
	});

	it('refuses --save over an existing profile with exit 2', async () => {
		await saveProfile('work');
		const original = readFileSync(profilePath('work'), 'utf8');
		const requests = demo.tokenRequestCount();
		const {code, stdout, stderr} = await runCli(directArgs('--print', '--save', 'work'), withSecret());
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.match(stderr, /already exists/);
		assert.equal(demo.tokenRequestCount(), requests);
		assert.equal(readFileSync(profilePath('work'), 'utf8'), original);
	});

	it('says where an unreadable profile went when --save takes its name', async () => {
		await saveProfile('other');
		writeFileSync(profilePath('work'), 'not json at all');
		const {code, stderr} = await runCli(directArgs('--print', '--save', 'work'), withSecret());
		assert.equal(code, 0, stderr);
		assert.match(stderr, /The saved profile "work" could not be read \(it is not valid JSON\)\. It was moved to \S+work\.json\.corrupt-/);
		assert.equal(readStored('work').profile['clientid'], demo.clientId);
	});

	it('answers from the cache without a request, and --refresh asks again', async () => {
		const saved = await saveProfile('work');
		let requests = demo.tokenRequestCount();

		const cachedPrint = await runCli(['--profile', 'work', '--print']);
		assert.equal(cachedPrint.stderr, '');
		assert.equal(cachedPrint.code, 0);
		assert.equal(cachedPrint.stdout, `${saved}\n`);
		assert.equal(demo.tokenRequestCount(), requests);

		const cachedJson = await runCli(['--profile', 'work', '--json']);
		assert.equal(cachedJson.code, 0, cachedJson.stderr);
		const cached = JSON.parse(cachedJson.stdout) as Record<string, unknown>;
		assert.equal(cached['cached'], true);
		assert.equal(cached['profile'], 'work');
		assert.equal(cached['access_token'], saved);
		assert.equal(demo.tokenRequestCount(), requests);

		const refreshed = await runCli(['--profile', 'work', '--json', '--refresh']);
		assert.equal(refreshed.code, 0, refreshed.stderr);
		assert.equal(demo.tokenRequestCount(), requests + 1);
		const fresh = JSON.parse(refreshed.stdout) as Record<string, unknown>;
		assert.equal(fresh['cached'], false);
		assert.equal(fresh['profile'], 'work');
		assert.notEqual(fresh['access_token'], saved);
		requests = demo.tokenRequestCount();

		// The refreshed token is the one cached from now on.
		const afterRefresh = await runCli(['--profile', 'work', '--print']);
		assert.equal(afterRefresh.code, 0, afterRefresh.stderr);
		assert.equal(afterRefresh.stdout, `${fresh['access_token'] as string}\n`);
		assert.equal(demo.tokenRequestCount(), requests);
	});

	it('refreshes a cached token with 5 minutes or less left', async () => {
		const saved = await saveProfile('work');
		editStored('work', stored => {
			stored.token!.expiresAt = new Date(Date.now() + 4 * 60_000).toISOString();
		});
		const requests = demo.tokenRequestCount();
		const {code, stdout, stderr} = await runCli(['--profile', 'work', '--print']);
		assert.equal(stderr, '');
		assert.equal(code, 0);
		assert.equal(demo.tokenRequestCount(), requests + 1);
		assert.match(stdout.trim(), jwtPattern);
		assert.notEqual(stdout.trim(), saved);
		assert.ok(Date.parse(readStored('work').token!.expiresAt) - Date.now() > 11 * 3_600_000, 'the new token is cached');
	});

	it('asks for UAA_TOKEN_CLIENT_SECRET when a profile has no saved secret and no usable token', async () => {
		await saveProfile('nosecret');
		editStored('nosecret', stored => {
			delete stored.profile.clientsecret;
			stored.token!.expiresAt = new Date(Date.now() - 60_000).toISOString();
		});
		const requests = demo.tokenRequestCount();

		const missing = await runCli(['--profile', 'nosecret', '--print']);
		assert.equal(missing.code, 2);
		assert.equal(missing.stdout, '');
		assert.match(missing.stderr, /UAA_TOKEN_CLIENT_SECRET/);
		assert.equal(demo.tokenRequestCount(), requests);

		const given = await runCli(['--profile', 'nosecret', '--print'], withSecret());
		assert.equal(given.stderr, '');
		assert.equal(given.code, 0);
		assert.match(given.stdout.trim(), jwtPattern);
		assert.equal(demo.tokenRequestCount(), requests + 1);
		// A secret the user did not choose to save stays unsaved.
		assert.equal(readStored('nosecret').profile.clientsecret, undefined);
	});

	it('exits 1 on a wrong secret, without repeating it', async () => {
		const {code, stdout, stderr} = await runCli(directArgs('--print'), withSecret(wrongSecret));
		assert.equal(code, 1);
		assert.equal(stdout, '');
		assert.match(stderr, /clientid or clientsecret is wrong/);
		assert.ok(!stderr.includes(wrongSecret));
	});

	it('exits 2 on an unknown profile, listing the saved ones', async () => {
		await saveProfile('alpha');
		await saveProfile('beta');
		const {code, stdout, stderr} = await runCli(['--profile', 'gamma', '--print']);
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.match(stderr, /no profile named "gamma"/);
		assert.match(stderr, /alpha/);
		assert.match(stderr, /beta/);
	});

	it('exits 2 on usage errors, in one line on stderr', async () => {
		const cases: Array<{args: string[]; pattern: RegExp}> = [
			{args: ['--print'], pattern: /--print needs --profile NAME, --service-key FILE, or --url URL and --client-id ID/},
			{args: ['--json'], pattern: /--json needs --profile NAME/},
			{args: ['--print', '--url', demo.uaaUrl], pattern: /needs --profile NAME/},
			{args: directArgs('--print', '--json'), pattern: /Choose one of --print and --json/},
			{args: directArgs('--print', '--timeout', 'soon'), pattern: /--timeout takes a number of seconds/},
			{args: directArgs('--print', '--timeout', '0'), pattern: /--timeout takes a number of seconds/},
			{args: directArgs('--print', '--timeout', '-5'), pattern: /--timeout takes a number of seconds/},
		];
		for (const {args, pattern} of cases) {
			// eslint-disable-next-line no-await-in-loop -- one run at a time keeps the messages apart
			const {code, stdout, stderr} = await runCli(args, withSecret());
			assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
			assert.equal(stdout, '', args.join(' '));
			assert.ok(oneLine(stderr), `${args.join(' ')}: ${stderr}`);
			assert.match(stderr, pattern, args.join(' '));
		}
	});

	it('refuses --client-secret with exit 2, without echoing the value', async () => {
		for (const args of [
			directArgs('--print', '--client-secret', argumentSecret),
			directArgs('--print', `--client-secret=${argumentSecret}`),
			['--client-secret', argumentSecret],
		]) {
			// eslint-disable-next-line no-await-in-loop -- one run at a time keeps the messages apart
			const {code, stdout, stderr} = await runCli(args);
			assert.equal(code, 2, stderr);
			assert.equal(stdout, '');
			assert.match(stderr, /--client-secret is not accepted/);
			assert.match(stderr, /UAA_TOKEN_CLIENT_SECRET|--client-secret-stdin/);
			assert.ok(!stderr.includes(argumentSecret), stderr);
		}
	});

	it('exits 2 when --client-secret-stdin reads nothing', async () => {
		const {code, stdout, stderr} = await runCli(directArgs('--print', '--client-secret-stdin'), {input: ''});
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.match(stderr, /--client-secret-stdin read nothing/);
	});

	it('exits 3 when the connection is refused', async () => {
		const port = await closedPort();
		const {code, stdout, stderr} = await runCli(['--url', `http://127.0.0.1:${port}`, '--client-id', demo.clientId, '--print'], withSecret());
		assert.equal(code, 3, stderr);
		assert.equal(stdout, '');
		assert.match(stderr, /Connection refused/);
	});

	it('exits 3 when the server answers 5xx', async () => {
		let requests = 0;
		const server = createServer((_request, response) => {
			requests++;
			response.writeHead(503, {'Content-Type': 'text/html'});
			response.end('<html><body>Service Unavailable</body></html>');
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		try {
			const {port} = server.address() as AddressInfo;
			const {code, stdout, stderr} = await runCli(['--url', `http://127.0.0.1:${port}`, '--client-id', demo.clientId, '--print'], withSecret());
			assert.equal(code, 3, stderr);
			assert.equal(stdout, '');
			assert.match(stderr, /503/);
			assert.ok(requests >= 1);
		} finally {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		}
	});

	it('lists saved profiles without secrets or tokens', async () => {
		const alphaToken = await saveProfile('alpha');
		const betaToken = await saveProfile('beta');
		editStored('beta', stored => {
			delete stored.profile.clientsecret;
			stored.token!.expiresAt = new Date(Date.now() - 60_000).toISOString();
		});

		const list = await runCli(['profiles']);
		assert.equal(list.code, 0, list.stderr);
		assert.equal(list.stderr, '');
		const lines = list.stdout.trim().split('\n');
		assert.equal(lines.length, 2, list.stdout);
		const alphaLine = lines.find(line => line.startsWith('alpha'));
		const betaLine = lines.find(line => line.startsWith('beta'));
		assert.ok(alphaLine && betaLine, list.stdout);
		assert.match(alphaLine, /valid \d+ h \d{2} min/);
		assert.match(alphaLine, /secret in file$/);
		assert.match(betaLine, /expired/);
		assert.match(betaLine, /secret not saved/);
		for (const token of [alphaToken, betaToken]) {
			assert.ok(!list.stdout.includes(token));
		}

		const json = await runCli(['profiles', '--json']);
		assert.equal(json.code, 0, json.stderr);
		assert.equal(json.stderr, '');
		const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
		assert.ok(Array.isArray(rows));
		assert.deepEqual(rows.map(row => row['name']).sort(), ['alpha', 'beta']);
		const byName = new Map(rows.map(row => [row['name'], row]));
		assert.equal(byName.get('alpha')!['hasSavedSecret'], true);
		assert.equal(byName.get('beta')!['hasSavedSecret'], false);
		assert.equal(byName.get('alpha')!['clientid'], demo.clientId);
		assert.equal((byName.get('alpha')!['token'] as {state: string}).state, 'valid');
		assert.equal((byName.get('beta')!['token'] as {state: string}).state, 'expired');
		for (const forbidden of ['clientsecret', 'access_token', alphaToken, betaToken]) {
			assert.ok(!json.stdout.includes(forbidden), `profiles --json must not contain ${forbidden.slice(0, 20)}`);
		}
	});

	it('says so when there are no profiles', async () => {
		const list = await runCli(['profiles']);
		assert.equal(list.code, 0);
		assert.equal(list.stdout, '');
		assert.match(list.stderr, /No saved profiles/);

		const json = await runCli(['profiles', '--json']);
		assert.equal(json.code, 0);
		assert.deepEqual(JSON.parse(json.stdout), []);
	});

	it('removes a profile, and exits 2 for one that does not exist', async () => {
		await saveProfile('alpha');
		await saveProfile('beta');
		const removed = await runCli(['profiles', 'remove', 'alpha']);
		assert.equal(removed.code, 0, removed.stderr);
		assert.match(removed.stderr, /Removed the profile "alpha"/);
		assert.ok(!existsSync(profilePath('alpha')));
		assert.ok(existsSync(profilePath('beta')));

		const again = await runCli(['profiles', 'remove', 'alpha']);
		assert.equal(again.code, 2);
		assert.match(again.stderr, /no profile named "alpha"/);
		assert.match(again.stderr, /beta/);

		const list = await runCli(['profiles', '--json']);
		assert.deepEqual((JSON.parse(list.stdout) as Array<{name: string}>).map(row => row.name), ['beta']);
	});

	it('refuses to start the wizard without a terminal, in one line and with exit 2', async () => {
		const bare = await runCli([]);
		assert.equal(bare.code, 2);
		assert.equal(bare.stdout, '');
		assert.ok(oneLine(bare.stderr), bare.stderr);
		assert.match(bare.stderr, /--print/);
		assert.match(bare.stderr, /--json/);
		assert.doesNotMatch(bare.stderr, /Raw mode/i);

		await saveProfile('work');
		const profileOnly = await runCli(['--profile', 'work']);
		assert.equal(profileOnly.code, 2);
		assert.equal(profileOnly.stdout, '');
		assert.ok(oneLine(profileOnly.stderr), profileOnly.stderr);
		assert.match(profileOnly.stderr, /--print/);
		assert.doesNotMatch(profileOnly.stderr, /Raw mode/i);
	});

	it('never showed a secret in any output of this file', () => {
		assert.ok(allOutputs.length > 0);
		for (const output of allOutputs) {
			assertNoSecret(output, 'an output');
		}
	});
});
