import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {openProfileStore} from '../source/profiles/open-profile-store.js';
import {storeVersion} from '../source/profiles/profile-store.js';
import {startDemoServer} from '../source/demo/demo-server.js';
import {runBuiltCli} from './helpers/run-cli.js';

// Runs the TypeScript entry unbundled, so every module it loads passes through the hook that forbids the UI stack.
const root = fileURLToPath(new URL('..', import.meta.url));
const hook = fileURLToPath(new URL('helpers/forbid-ui.mjs', import.meta.url));

function runSource(args: string[], env: Record<string, string>) {
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', hook, join(root, 'cli.tsx'), ...args], {
		cwd: root,
		encoding: 'utf8',
		input: '',
		timeout: 30_000,
		env: {...process.env, ...env},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('the scripting path', () => {
	let directory: string;
	before(() => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-boundary-'));
		const now = Date.now();
		openProfileStore({directory}).save({
			name: 'cached',
			url: 'https://sub.authentication.eu10.hana.ondemand.com',
			clientId: 'sb-x!t1',
			createdAt: new Date(now).toISOString(),
			lastUsedAt: new Date(now).toISOString(),
			token: {accessToken: 'cached.token.value', tokenType: 'bearer', scopes: [], expiresAt: now + 3_600_000},
		});
	});
	after(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	it('has a hook that does trip on an import of Ink', () => {
		const probe = spawnSync(process.execPath, ['--import', 'tsx', '--import', hook, '-e', "import('ink').catch(error => { console.error(String(error)); process.exit(7); })"], {cwd: root, encoding: 'utf8'});
		assert.equal(probe.status, 7);
		assert.match(probe.stderr, /The scripting path loaded ink/);
	});

	it('prints a cached token without loading Ink or React', () => {
		const {code, stdout, stderr} = runSource(['--profile', 'cached', '--print'], {UAA_TOKEN_CONFIG_DIR: directory});
		assert.equal(stderr, '');
		assert.equal(code, 0);
		assert.equal(stdout, 'cached.token.value\n');
	});

	it('requests a token and lists profiles without loading Ink or React', () => {
		const request = runSource(['--url', 'http://127.0.0.1:1', '--client-id', 'id', '--json'], {UAA_TOKEN_CONFIG_DIR: directory, UAA_TOKEN_CLIENT_SECRET: 'not-used-value'});
		assert.doesNotMatch(request.stderr, /scripting path loaded/);
		assert.equal(request.code, 3, request.stderr);
		const list = runSource(['profiles', '--json'], {UAA_TOKEN_CONFIG_DIR: directory});
		assert.equal(list.code, 0, list.stderr);
		assert.equal((JSON.parse(list.stdout) as unknown[]).length, 1);
	});
});

describe('the built scripting path', () => {
	const reporter = fileURLToPath(new URL('helpers/report-required.cjs', import.meta.url));

	/** The files of dist/ a run of the built CLI required, relative to dist/. */
	async function requiredBy(args: string[], env: Record<string, string>): Promise<string[]> {
		const directory = mkdtempSync(join(tmpdir(), 'uaa-token-required-'));
		try {
			const reportPath = join(directory, 'required.json');
			const {code, stderr} = await runBuiltCli(args, {env: {...env, UAA_TOKEN_TEST_REQUIRED: reportPath, NODE_OPTIONS: `--require ${reporter}`}});
			assert.equal(code, 0, stderr);
			const distDirectory = join(root, 'dist');
			return (JSON.parse(readFileSync(reportPath, 'utf8')) as string[]).filter(file => file.startsWith(distDirectory)).map(file => file.slice(distDirectory.length + 1)).sort();
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	}

	it('answers from the cache, and saves a new token, with dist/cli.js alone; a profile\'s new token adds only its refresh lock; conf loads only to list profiles or migrate an older file', async () => {
		const demo = await startDemoServer();
		const directory = mkdtempSync(join(tmpdir(), 'uaa-token-required-config-'));
		try {
			const env = {UAA_TOKEN_CONFIG_DIR: directory, UAA_TOKEN_CLIENT_SECRET: demo.clientSecret};
			assert.deepEqual(await requiredBy(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--print'], env), ['cli.js']);
			assert.deepEqual(await requiredBy(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--print', '--save', 'p'], env), ['cli.js']);
			assert.deepEqual(await requiredBy(['--profile', 'p', '--print'], env), ['cli.js']);
			// One request per profile across processes: the lock (proper-lockfile) loads only when a profile needs a token.
			assert.deepEqual(await requiredBy(['--profile', 'p', '--refresh', '--print'], env), ['cli.js', 'lazy/refresh-lock.js']);
			assert.deepEqual(await requiredBy(['profiles', '--json'], env), ['cli.js', 'lazy/open-profile-store.js']);
			// A file of an older shape goes through conf's migrations, and is stamped with the current version.
			const olderPath = join(directory, 'profiles', 'older.json');
			writeFileSync(olderPath, JSON.stringify({profile: {url: demo.uaaUrl, clientid: demo.clientId, createdAt: '2024-01-01T00:00:00.000Z', lastUsedAt: '2024-01-01T00:00:00.000Z'}, __internal__: {migrations: {version: '0.9.0'}}}), {mode: 0o600});
			assert.deepEqual(await requiredBy(['--profile', 'older', '--print'], env), ['cli.js', 'lazy/open-profile-store.js', 'lazy/refresh-lock.js']);
			assert.equal((JSON.parse(readFileSync(olderPath, 'utf8')) as {__internal__: {migrations: {version: string}}}).__internal__.migrations.version, storeVersion);
		} finally {
			await demo.close();
			rmSync(directory, {recursive: true, force: true});
		}
	});
});
