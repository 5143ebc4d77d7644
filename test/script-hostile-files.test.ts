// Files uaa-token did not create, through the built CLI: directories it must not chmod, links it must not follow,
// FIFOs and devices it must not block on or read forever, leftovers of interrupted saves that may hold a secret,
// profiles that do not validate, and twenty processes saving one name at once. Real files in a temp dir, a real
// demo server on 127.0.0.1, another uid via setpriv.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {openProfileStore} from '../source/profiles/open-profile-store.js';
import {type CliResult, cliPath, type RunOptions, runProcess} from './helpers/run-cli.js';

const jwtPattern = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const nobody = 65_534;

let demo: DemoServer;
let temporary: string;
let configDirectory: string;

function environment(): NodeJS.ProcessEnv {
	return {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDirectory, FORCE_COLOR: '0', UAA_TOKEN_CLIENT_SECRET: demo.clientSecret};
}

async function run(args: string[], options: RunOptions = {}): Promise<CliResult> {
	const result = await runProcess(process.execPath, [cliPath, ...args], {env: environment(), ...options});
	assert.ok(!result.stdout.includes(demo.clientSecret) && !result.stderr.includes(demo.clientSecret), 'the secret is never printed');
	assert.doesNotMatch(result.stderr, /\n\s+at |Error: E[A-Z]+:/, `no stack trace and no raw errno text:\n${result.stderr}`);
	return result;
}

function demoArgs(...extra: string[]): string[] {
	return ['--url', demo.uaaUrl, '--client-id', demo.clientId, ...extra];
}

function profilesDirectory(): string {
	return join(configDirectory, 'profiles');
}

function saveProfile(name: string, fields: Partial<{url: string; clientId: string}> = {}): string {
	const store = openProfileStore({directory: configDirectory});
	const time = new Date().toISOString();
	store.save({name, url: fields.url ?? demo.uaaUrl, clientId: fields.clientId ?? demo.clientId, createdAt: time, lastUsedAt: time});
	return store.pathOf(name);
}

/** The pid of a process that has exited: no process of this test holds it any more. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', '']);
	await new Promise(resolve => child.on('exit', resolve));
	return child.pid!;
}

const modeOf = (path: string) => statSync(path).mode & 0o7777;

describe('files uaa-token did not create', {timeout: 120_000}, () => {
	before(async () => {
		demo = await startDemoServer();
	});

	after(async () => {
		await demo.close();
	});

	beforeEach(() => {
		temporary = mkdtempSync(join(tmpdir(), 'uaa-token-hostile-files-'));
		chmodSync(temporary, 0o755);
		configDirectory = join(temporary, 'config');
	});

	afterEach(() => {
		rmSync(temporary, {recursive: true, force: true});
	});

	describe('the config directory', () => {
		it('keeps a shared 1777 directory 1777 (sticky bit and all) when UAA_TOKEN_CONFIG_DIR names it', async () => {
			mkdirSync(configDirectory);
			chmodSync(configDirectory, 0o1777);
			const result = await run(demoArgs('--print', '--save', 'p'));
			assert.equal(result.code, 0, result.stderr);
			assert.equal(modeOf(configDirectory), 0o1777, 'the directory keeps its mode');
			assert.equal(modeOf(join(configDirectory, 'profiles')), 0o700, 'the directory uaa-token created is owner-only');
			assert.equal(modeOf(join(configDirectory, 'profiles', 'p.json')), 0o600);
		});

		it('never changes the mode of the directory a symbolic link at UAA_TOKEN_CONFIG_DIR points to', async () => {
			const target = join(temporary, 'target');
			mkdirSync(target);
			chmodSync(target, 0o755);
			symlinkSync(target, configDirectory);
			const result = await run(demoArgs('--print', '--save', 'p'));
			assert.equal(result.code, 0, result.stderr);
			assert.equal(modeOf(target), 0o755, 'the link\'s target keeps its mode');
			assert.ok(lstatSync(configDirectory).isSymbolicLink(), 'the link is left as it is');
		});

		it('refuses a config directory of another user: the token is printed, the directory named, exit 4', async () => {
			mkdirSync(configDirectory);
			chmodSync(configDirectory, 0o777);
			chownSync(configDirectory, nobody, nobody);
			const result = await run(demoArgs('--print', '--save', 'p'));
			assert.equal(result.code, 4, result.stderr);
			assert.match(result.stdout.trim(), jwtPattern, 'the fetched token is printed');
			assert.ok(result.stderr.includes(configDirectory), result.stderr);
			assert.deepEqual(readdirSync(configDirectory), [], 'nothing was written into it');
			assert.equal(modeOf(configDirectory), 0o777, 'and its mode is as it was');
		});
	});

	describe('a symbolic link at a profile\'s path', () => {
		it('is never written through: --refresh leaves the file it points to, its bytes, mode and owner, as they were', async () => {
			mkdirSync(profilesDirectory(), {recursive: true, mode: 0o700});
			const outside = join(temporary, 'outside.json');
			const profile = JSON.stringify({profile: {url: demo.uaaUrl, clientid: demo.clientId, createdAt: new Date().toISOString(), lastUsedAt: new Date().toISOString()}});
			writeFileSync(outside, profile);
			chmodSync(outside, 0o644);
			chownSync(outside, nobody, nobody);
			symlinkSync(outside, join(profilesDirectory(), 'p.json'));
			const result = await run(['--profile', 'p', '--refresh', '--print']);
			assert.notEqual(result.code, 0, 'a profile behind a link is not used');
			assert.match(result.stderr, /symbolic link/, result.stderr);
			assert.equal(readFileSync(outside, 'utf8'), profile, 'the bytes are as they were');
			assert.equal(modeOf(outside), 0o644);
			assert.equal(statSync(outside).uid, nobody);
			assert.ok(lstatSync(join(profilesDirectory(), 'p.json')).isSymbolicLink(), 'the link is left for the user to look at');
		});
	});

	describe('leftovers that may hold a secret', () => {
		it('sweeps the temporary file of an interrupted save on the next run, and says so', async () => {
			saveProfile('p');
			const leftover = join(profilesDirectory(), `p.json.tmp-${await deadPid()}-0badc0de`);
			writeFileSync(leftover, '{"profile": {"clientsecret": "half-written', {mode: 0o600});
			const result = await run(['profiles']);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(!existsSync(leftover), 'the leftover is gone');
			assert.ok(result.stderr.includes(leftover), `the path is named:\n${result.stderr}`);
			assert.match(result.stdout, /\bp\b/, 'and the profile is listed');
		});

		it('leaves the temporary file of a save still running in another process', async () => {
			saveProfile('p');
			const leftover = join(profilesDirectory(), `p.json.tmp-${process.pid}-0badc0de`);
			writeFileSync(leftover, '{}', {mode: 0o600});
			const result = await run(['profiles']);
			assert.equal(result.code, 0, result.stderr);
			assert.ok(existsSync(leftover), 'a live writer\'s file stays');
		});

		it('profiles remove takes the profile\'s moved-aside copies and temporary files with it, naming each', async () => {
			const path = saveProfile('p');
			saveProfile('p2');
			const corrupt = `${path}.corrupt-2026-12-03T10-00-00-000Z`;
			const temporaryFile = `${path}.tmp-${process.pid}-abc123`;
			writeFileSync(corrupt, '{"profile": {"clientsecret": "old"', {mode: 0o600});
			writeFileSync(temporaryFile, '{}', {mode: 0o600});
			const result = await run(['profiles', 'remove', 'p']);
			assert.equal(result.code, 0, result.stderr);
			for (const removed of [path, corrupt, temporaryFile]) {
				assert.ok(!existsSync(removed), `${removed} is removed`);
			}

			const said = result.stdout + result.stderr;
			assert.ok(said.includes(corrupt) && said.includes(temporaryFile), `each leftover is named:\n${said}`);
			assert.deepEqual(readdirSync(profilesDirectory()).filter(file => !file.startsWith('.')), ['p2.json'], 'another profile\'s file stays');
		});
	});

	describe('a profile whose fields do not validate', () => {
		for (const [what, url] of [
			['a url that is no url', 'not a url'],
			['a url with an escape sequence', 'https://uaa.example.com/\u001B]0;owned\u0007'],
			['a url of another scheme', 'ftp://uaa.example.com'],
		] as const) {
			it(`is moved aside and reported, and the others are listed: ${what}`, async () => {
				saveProfile('good');
				const path = join(profilesDirectory(), 'bad.json');
				const text = JSON.stringify({profile: {url, clientid: 'sb-bad', createdAt: new Date().toISOString(), lastUsedAt: new Date().toISOString()}});
				writeFileSync(path, text, {mode: 0o600});
				const result = await run(['profiles']);
				assert.equal(result.code, 0, result.stderr);
				assert.match(result.stdout, /\bgood\b/, 'the good profile is listed');
				assert.doesNotMatch(result.stdout, /\bbad\b/);
				assert.match(result.stderr, /"bad" could not be read/, result.stderr);
				assert.ok(!`${result.stdout}${result.stderr}`.includes('\u001B'), 'no escape byte reaches the terminal');
				const aside = readdirSync(profilesDirectory()).filter(file => file.startsWith('bad.json.corrupt-'));
				assert.equal(aside.length, 1, 'moved aside');
				assert.equal(readFileSync(join(profilesDirectory(), aside[0]!), 'utf8'), text, 'byte for byte');
			});
		}
	});

	describe('FIFOs and devices', () => {
		it('lists the profiles when a FIFO stands at a profile\'s path, and leaves the FIFO alone', async () => {
			saveProfile('good');
			const fifo = join(profilesDirectory(), 'pipe.json');
			await runProcess('mkfifo', [fifo]);
			const result = await run(['profiles'], {timeoutMs: 10_000});
			assert.equal(result.code, 0, result.stderr);
			assert.match(result.stdout, /\bgood\b/);
			assert.match(result.stderr, /"pipe" was not read/, result.stderr);
			assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO stays');
		});

		it('refuses --service-key /dev/zero at once, as a device, with exit 2', async () => {
			const result = await run(['--service-key', '/dev/zero', '--print'], {timeoutMs: 10_000});
			assert.equal(result.code, 2);
			assert.match(result.stderr, /--service-key: \/dev\/zero is a device, not a file/);
		});

		it('stops reading a service key from stdin past 1 MiB, with exit 2', async () => {
			const result = await run(['--service-key', '-', '--print'], {input: `{"a": "${'x'.repeat(1024 * 1024)}"}`});
			assert.equal(result.code, 2);
			assert.match(result.stderr, /--service-key: stdin holds more than 1 MiB/);
		});

		it('stops reading a secret from stdin past 64 KiB, with exit 2 and nothing sent', async () => {
			const before = demo.tokenRequestCount();
			const result = await run(demoArgs('--client-secret-stdin', '--print'), {input: 'x'.repeat(64 * 1024 + 2)});
			assert.equal(result.code, 2);
			assert.match(result.stderr, /--client-secret-stdin: stdin holds more than 64 KiB/);
			assert.equal(demo.tokenRequestCount(), before, 'the server was not asked');
		});

		it('reads a key from a FIFO once a writer comes, and gives up on one without a writer after 10 s', async () => {
			const fifo = join(temporary, 'key.fifo');
			await runProcess('mkfifo', [fifo]);
			const key = JSON.stringify({url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret});
			const running = run(['--service-key', fifo, '--print']);
			setTimeout(async () => {
				const handle = await open(fifo, 'w');
				await handle.write(key);
				await handle.close();
			}, 300);
			const read = await running;
			assert.equal(read.code, 0, read.stderr);
			assert.match(read.stdout.trim(), jwtPattern);

			const started = Date.now();
			const waited = await run(['--service-key', fifo, '--print'], {timeoutMs: 30_000});
			assert.equal(waited.code, 2);
			assert.match(waited.stderr, /nothing wrote to the named pipe .*key\.fifo within 10 s/);
			assert.ok(Date.now() - started >= 9_000, 'it waited for a writer first');
		});
	});

	describe('twenty processes saving one name at once', () => {
		it('end with one profile, and only the process whose profile it is says it saved it', async () => {
			// Each process's token differs (its jti), so the token on disk names the process whose profile it is.
			const results = await Promise.all(Array.from({length: 20}, async () => run(demoArgs('--print', '--save', 'same'), {timeoutMs: 60_000})));
			const saved = results.filter(result => /Saved the profile "same"/.test(result.stderr));
			assert.equal(saved.length, 1, 'exactly one process says it saved the profile');
			assert.equal(saved[0]!.code, 0);
			assert.match(saved[0]!.stdout.trim(), jwtPattern);
			for (const result of results.filter(result => result !== saved[0])) {
				// Before asking the server when the name was already taken; after it, printing the token, when another took it meanwhile.
				assert.match(result.stderr, /A profile named "same" already exists|Not saved: a profile named "same" already exists/, result.stderr);
				assert.doesNotMatch(result.stderr, /Saved the profile/);
				assert.equal(result.code, 2);
				if (/Not saved/.test(result.stderr)) {
					assert.match(result.stdout.trim(), jwtPattern, 'a token that was fetched is printed all the same');
				}
			}

			const onDisk = JSON.parse(readFileSync(join(profilesDirectory(), 'same.json'), 'utf8')) as {token: {access_token: string}};
			assert.equal(onDisk.token.access_token, saved[0]!.stdout.trim(), 'the token on disk is the one the saying process printed');
			assert.deepEqual(readdirSync(profilesDirectory()).filter(file => file !== '.lock'), ['same.json'], 'and nothing else is left');
		});
	});
});
