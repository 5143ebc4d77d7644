// A token that was fetched survives a config directory that cannot be written: the built CLI prints it on stdout,
// says on stderr which path could not be used and what to do, and exits 4, never 1 ("the server refused") with a
// raw EPERM/EISDIR/ELOOP text. Real files in a temp dir, a real demo server on 127.0.0.1, and another uid via setpriv.

import assert from 'node:assert/strict';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {openProfileStore} from '../source/profiles/open-profile-store.js';
import {type CliResult, cliPath, cliPathForAnyUser, runProcess} from './helpers/run-cli.js';

const jwtPattern = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const nobody = 65_534;

let demo: DemoServer;
let temporary: string;

function environment(configDirectory: string): NodeJS.ProcessEnv {
	return {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDirectory, FORCE_COLOR: '0', UAA_TOKEN_CLIENT_SECRET: demo.clientSecret};
}

async function run(configDirectory: string, args: string[], asNobody = false): Promise<CliResult> {
	const command = asNobody ? 'setpriv' : process.execPath;
	const prefix = asNobody ? [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', process.execPath] : [];
	const result = await runProcess(command, [...prefix, asNobody ? cliPathForAnyUser() : cliPath, ...args], {env: environment(configDirectory)});
	assert.ok(!result.stdout.includes(demo.clientSecret) && !result.stderr.includes(demo.clientSecret), 'the secret is never printed');
	assert.doesNotMatch(result.stderr, /\n\s+at |Error: E[A-Z]+:/, `no stack trace and no raw errno text:\n${result.stderr}`);
	return result;
}

function demoArgs(...extra: string[]): string[] {
	return ['--url', demo.uaaUrl, '--client-id', demo.clientId, ...extra];
}

/** Asserts the outcome every case must have: one token request, the token printed as asked, exit 4, the path named. */
function assertTokenKept(result: CliResult, requestsBefore: number, path: string, stdoutPattern: RegExp = jwtPattern): void {
	assert.equal(result.code, 4, `exit 4 for a local file problem:\n${result.stderr}`);
	assert.equal(demo.tokenRequestCount(), requestsBefore + 1, 'the server was asked once');
	assert.match(result.stdout.trim(), stdoutPattern, 'the fetched token is still printed');
	assert.ok(result.stderr.includes(path), `stderr names ${path}:\n${result.stderr}`);
	assert.match(result.stderr, /What to do: /, 'stderr says what to do');
	assert.match(result.stderr, /printed all the same/, 'stderr says the token was printed anyway');
}

describe('a fetched token when its profile cannot be written (exit 4)', {timeout: 60_000}, () => {
	before(async () => {
		demo = await startDemoServer();
	});

	after(async () => {
		await demo.close();
	});

	beforeEach(() => {
		temporary = mkdtempSync(join(tmpdir(), 'uaa-token-local-files-'));
		chmodSync(temporary, 0o755);
	});

	afterEach(() => {
		rmSync(temporary, {recursive: true, force: true});
	});

	it('prints the token for --save when a regular file stands where the config directory should be', async () => {
		const configDirectory = join(temporary, 'config');
		writeFileSync(configDirectory, 'not a directory\n');
		const before = demo.tokenRequestCount();
		const result = await run(configDirectory, demoArgs('--print', '--save', 'p'));
		assertTokenKept(result, before, configDirectory);
		assert.match(result.stderr, /Not saved: the profile "p" could not be written/);
		assert.match(result.stderr, /is not a directory/);
	});

	it('prints the token for --save when a directory stands at profiles/<name>.json (EISDIR)', async () => {
		const configDirectory = join(temporary, 'config');
		mkdirSync(join(configDirectory, 'profiles', 'p.json'), {recursive: true});
		const before = demo.tokenRequestCount();
		const result = await run(configDirectory, demoArgs('--json', '--save', 'p'));
		assertTokenKept(result, before, join(configDirectory, 'profiles', 'p.json'), /"access_token": "[\w-]+\.[\w-]+\.[\w-]+"/);
		assert.match(result.stderr, /is a directory, where uaa-token keeps a regular file/);
		assert.equal(JSON.parse(result.stdout).profile, null, 'the JSON does not claim a profile that was not saved');
	});

	it('prints the token for --save when profiles/<name>.json is a loop of symbolic links (ELOOP)', async () => {
		const configDirectory = join(temporary, 'config');
		mkdirSync(join(configDirectory, 'profiles'), {recursive: true});
		symlinkSync('p.json', join(configDirectory, 'profiles', 'p.json'));
		const before = demo.tokenRequestCount();
		const result = await run(configDirectory, demoArgs('--format', 'header', '--save', 'p'));
		assertTokenKept(result, before, join(configDirectory, 'profiles', 'p.json'), /^Authorization: Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
		assert.match(result.stderr, /symbolic link/);
	});

	it('prints a profile\'s new token when it cannot be cached: another uid, whose profiles directory it may not write (EACCES)', async () => {
		const configDirectory = join(temporary, 'config');
		const store = openProfileStore({directory: configDirectory});
		const time = new Date().toISOString();
		store.save({name: 'p', url: demo.uaaUrl, clientId: demo.clientId, createdAt: time, lastUsedAt: time});
		// The user's own config, which the user has made read-only: readable, not writable.
		for (const path of [configDirectory, join(configDirectory, 'profiles'), store.pathOf('p')]) {
			chownSync(path, nobody, nobody);
		}

		chmodSync(join(configDirectory, 'profiles'), 0o500);
		const before = demo.tokenRequestCount();
		const result = await run(configDirectory, ['--profile', 'p', '--refresh', '--print'], true);
		// The first thing it may not write is the store's lock, in the profiles directory.
		assertTokenKept(result, before, join(configDirectory, 'profiles'));
		assert.match(result.stderr, /could not be cached in the profile "p"/);
		assert.match(result.stderr, /permission denied \(EACCES\)/);
		assert.deepEqual(readdirSync(join(configDirectory, 'profiles')), ['p.json'], 'nothing half-written is left');
	});

	it('exits 0 and says "Saved" when the same --save can be written, as before', async () => {
		const configDirectory = join(temporary, 'config');
		const result = await run(configDirectory, demoArgs('--print', '--save', 'p'));
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /Saved the profile "p"/);
		assert.match(result.stdout.trim(), jwtPattern);
	});

	it('lists exit code 4 in --help', async () => {
		const result = await runProcess(process.execPath, [cliPath, '--help'], {env: {PATH: process.env['PATH']}});
		assert.match(result.stdout, /4 a local file problem/);
	});
});
