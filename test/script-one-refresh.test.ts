// Many uaa-token processes, one expired cache: exactly one asks the server, the rest use its token. Real processes
// of the built CLI, a real server on 127.0.0.1 and real profile files.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {request as httpRequest} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {startTestServer, type TestServer} from './helpers/http-server.js';
import {type CliResult, cliPath, runProcess} from './helpers/run-cli.js';

const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
const processCount = 30;
const profileName = 'shared';

let demo: DemoServer;
let configDir = '';

function environment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, UAA_TOKEN_CONFIG_DIR: configDir, FORCE_COLOR: '0'};
	delete env[secretVariable];
	return env;
}

function profilePath(): string {
	return join(configDir, 'profiles', `${profileName}.json`);
}

/** Saves the profile through the CLI against url, then lets its cached token run out. */
async function saveExpiredProfile(url: string): Promise<void> {
	const saved = await runProcess(process.execPath, [cliPath, '--url', url, '--client-id', demo.clientId, '--print', '--save', profileName], {
		env: {...environment(), [secretVariable]: demo.clientSecret},
	});
	assert.equal(saved.code, 0, saved.stderr);
	const stored = JSON.parse(readFileSync(profilePath(), 'utf8')) as {token: {expiresAt: string}};
	stored.token.expiresAt = new Date(Date.now() - 60_000).toISOString();
	writeFileSync(profilePath(), JSON.stringify(stored, null, '\t'));
}

/** uaa-token --profile <the profile> with these flags, in a process of its own. */
async function runProfile(...flags: string[]): Promise<CliResult> {
	return runProcess(process.execPath, [cliPath, '--profile', profileName, ...flags], {env: environment(), timeoutMs: 60_000});
}

async function printAll(count: number): Promise<CliResult[]> {
	return Promise.all(Array.from({length: count}, async () => runProfile('--print')));
}

/** Every process ended well and printed the same token; returns it. */
function assertOneToken(results: CliResult[]): string {
	for (const result of results) {
		assert.equal(result.code, 0, result.stderr);
	}

	const tokens = new Set(results.map(result => result.stdout.trim()));
	assert.equal(tokens.size, 1, `every process prints the one token fetched; got ${tokens.size} different`);
	return [...tokens][0]!;
}

type HeldRequest = {release: () => void};

/**
 * Forwards to the demo server; after holdNext(), the next token request is held unanswered until released, as a
 * slow or hanging server would hold it.
 */
async function startHoldingServer(): Promise<TestServer & {tokenRequests: () => number; holdNext: () => Promise<HeldRequest>}> {
	let tokenRequests = 0;
	let onHeld: ((held: HeldRequest) => void) | undefined;
	const server = await startTestServer((request, response) => {
		const forward = () => {
			const forwarded = httpRequest(new URL(request.url ?? '/', demo.uaaUrl), {method: request.method, headers: request.headers}, answer => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			});
			request.pipe(forwarded);
		};

		if (request.url?.startsWith('/oauth/token')) {
			tokenRequests++;
			if (onHeld) {
				onHeld({release: forward});
				onHeld = undefined;
				return;
			}
		}

		forward();
	});
	return {
		...server,
		tokenRequests: () => tokenRequests,
		async holdNext() {
			return new Promise<HeldRequest>(resolve => {
				onHeld = resolve;
			});
		},
	};
}

async function pause(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

describe('one token request for many processes', () => {
	before(async () => {
		demo = await startDemoServer();
	});

	after(async () => {
		await demo.close();
	});

	beforeEach(() => {
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-one-refresh-'));
	});

	afterEach(() => {
		rmSync(configDir, {recursive: true, force: true});
	});

	it(`${processCount} processes with an expired cache: the server sees one token request, and all print its token`, async () => {
		await saveExpiredProfile(demo.uaaUrl);
		const before = demo.tokenRequestCount();
		const token = assertOneToken(await printAll(processCount));
		assert.equal(demo.tokenRequestCount() - before, 1, 'token requests the server saw');
		const stored = JSON.parse(readFileSync(profilePath(), 'utf8')) as {token: {access_token: string}};
		assert.equal(stored.token.access_token, token, 'the token printed is the one kept in the profile');
	});

	it('--refresh from processes that ask while one is fetching: one request, and they share the token it brings', async () => {
		const holding = await startHoldingServer();
		try {
			await saveExpiredProfile(holding.url);
			const before = holding.tokenRequests();
			const held = holding.holdNext();
			const refresh = async () => runProfile('--refresh', '--print');
			const first = refresh();
			const request = await held;
			// They ask while the first one's request is under way, so its token is newer than their asking.
			const others = Array.from({length: 9}, refresh);
			await pause(1500);
			request.release();
			assertOneToken(await Promise.all([first, ...others]));
			assert.equal(holding.tokenRequests() - before, 1);
		} finally {
			await holding.close();
		}
	});

	it('--refresh asked after a token was received asks for a newer one', async () => {
		await saveExpiredProfile(demo.uaaUrl);
		const before = demo.tokenRequestCount();
		const first = await runProfile('--refresh', '--print');
		const second = await runProfile('--refresh', '--print');
		assert.equal(first.code, 0, first.stderr);
		assert.equal(second.code, 0, second.stderr);
		assert.equal(demo.tokenRequestCount() - before, 2);
		assert.notEqual(first.stdout.trim(), second.stdout.trim());
	});

	it('a lock holder killed with SIGKILL mid-request: the others take over, one of them asks again, and all print one token', async () => {
		const holding = await startHoldingServer();
		try {
			await saveExpiredProfile(holding.url);
			const before = holding.tokenRequests();
			const held = holding.holdNext();
			const holder = spawn(process.execPath, [cliPath, '--profile', profileName, '--print'], {env: environment(), stdio: 'ignore'});
			const holderEnded = new Promise(resolve => holder.once('exit', resolve));
			await held;
			const others = printAll(processCount - 1);
			// Long enough for the others to start and find the lock held; the holder's request hangs meanwhile.
			await pause(1500);
			holder.kill('SIGKILL');
			await holderEnded;
			// Every other process prints the one token fetched after the kill.
			assertOneToken(await others);
			assert.equal(holding.tokenRequests() - before, 2, 'the killed holder\'s request, and exactly one more');
		} finally {
			await holding.close();
		}
	});
});
