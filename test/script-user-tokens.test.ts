// User tokens from the built CLI's scripting options, against the practice server on 127.0.0.1: the password and
// passcode sign-ins, the browser sign-in with --no-browser, what a saved user profile keeps (never the password), a
// refresh with no password given, and a refused refresh.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {cliPath, runProcess} from './helpers/run-cli.js';
import {passcodeFrom, signInAtAuthorizeUrl} from './helpers/user-sign-in.js';
import {freePort} from './helpers/free-port.js';
import {answer, startTestServer} from './helpers/http-server.js';

const jwtPattern = /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('user tokens in scripts', () => {
	let demo: DemoServer;
	let expiring: DemoServer;
	let configDir: string;
	const outputs: string[] = [];

	/**
	 * Every output and file of the test, checked at the end for the secrets that must never be in them; but the
	 * stdout of --format refresh-token, which asks for the refresh token by name.
	 */
	const run = async (args: string[], {env = {}, input}: {env?: NodeJS.ProcessEnv; input?: string} = {}) => {
		const result = await runProcess(process.execPath, [cliPath, ...args], {
			input,
			env: {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDir, UAA_TOKEN_CLIENT_SECRET: demo.clientSecret, ...env},
		});
		const isRefreshTokenAsked = args.includes('refresh-token');
		outputs.push(...(isRefreshTokenAsked ? [] : [result.stdout]), result.stderr);
		return result;
	};

	const userEnv = (server: DemoServer) => ({UAA_TOKEN_USERNAME: server.user.username, UAA_TOKEN_PASSWORD: server.user.password});
	const valuesOf = (server: DemoServer) => ['--url', server.uaaUrl, '--client-id', server.clientId];
	const profileText = (name: string) => readFileSync(join(configDir, 'profiles', `${name}.json`), 'utf8');

	before(async () => {
		demo = await startDemoServer();
		// Tokens of a minute: never reusable (the cache margin is 5 minutes), so every --print refreshes.
		expiring = await startDemoServer({tokenValiditySeconds: 60});
	});
	after(async () => {
		await Promise.all([demo.close(), expiring.close()]);
	});
	beforeEach(() => {
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-user-'));
	});
	afterEach(() => {
		const profiles = join(configDir, 'profiles');
		const files = (existsSync(profiles) ? readdirSync(profiles, {withFileTypes: true}).filter(entry => entry.isFile()) : []).map(file =>
			readFileSync(join(configDir, 'profiles', file.name), 'utf8'),
		);
		rmSync(configDir, {recursive: true, force: true});
		// A refresh token is kept (here in the 0600 file, as no keychain runs) and never printed, not even with --json.
		const refreshTokens = files.flatMap(text => [...text.matchAll(/"refresh_token": "([^"]+)"/g)].map(match => match[1]!));
		for (const text of outputs) {
			for (const refreshToken of refreshTokens) {
				assert.ok(!text.includes(refreshToken), 'a refresh token is never printed');
			}
		}

		for (const text of [...outputs.splice(0), ...files]) {
			for (const secret of [demo.user.password, demo.clientSecret]) {
				assert.ok(!text.includes(secret) || text.includes('"clientsecret"'), 'a password is never printed or saved');
			}

			assert.ok(!text.includes(demo.user.password), 'the user\'s password is in no output and no file');
		}
	});

	it('--grant password: a user token, and a profile that keeps the user, the origin and the refresh token, never the password', async () => {
		const result = await run([...valuesOf(demo), '--grant', 'password', '--origin', 'sap.custom', '--json', '--save', 'jane'], {env: userEnv(demo)});
		assert.equal(result.code, 0, result.stderr);
		const output = JSON.parse(result.stdout) as Record<string, unknown>;
		assert.equal(output['grant_type'], 'password');
		assert.equal(output['user_name'], demo.user.username);
		// XSUAA's refresh tokens are opaque and its answer names no lifetime.
		assert.equal(output['refresh_expires_at'], null);
		assert.equal(claimsOf(output['access_token'] as string)['origin'], 'sap.custom');
		const saved = JSON.parse(profileText('jane')) as {profile: {signIn: unknown}; token: {refresh_token?: string; grantType: string}};
		assert.deepEqual(saved.profile.signIn, {method: 'password', username: demo.user.username, origin: 'sap.custom'});
		assert.match(saved.token.refresh_token ?? '', /-r$/);
		assert.equal(saved.token.grantType, 'password');
		const list = await run(['profiles']);
		assert.match(list.stdout, /^jane {2}.* {2}secret in file, user token for jane\.doe@example\.com via password$/m);
		const listJson = JSON.parse((await run(['profiles', '--json'])).stdout) as Array<Record<string, unknown>>;
		assert.deepEqual(listJson[0]!['signIn'], {method: 'password', username: demo.user.username, origin: 'sap.custom'});
		assert.equal(listJson[0]!['hasRefreshToken'], true);
	});

	it('--profile --print on an expired user token refreshes it with no password given: one refresh, no password grant', async () => {
		assert.equal((await run([...valuesOf(expiring), '--grant', 'password', '--print', '--save', 'jane'], {env: userEnv(expiring)})).code, 0);
		const before = {refresh: expiring.grantCount('refresh_token'), password: expiring.grantCount('password')};
		const refreshed = await run(['--profile', 'jane', '--print']);
		assert.equal(refreshed.code, 0, refreshed.stderr);
		assert.match(refreshed.stdout.trim(), jwtPattern);
		const claims = claimsOf(refreshed.stdout.trim());
		assert.equal(claims['user_name'], expiring.user.username);
		assert.equal(claims['grant_type'], 'refresh_token');
		assert.equal(expiring.grantCount('refresh_token') - before.refresh, 1);
		assert.equal(expiring.grantCount('password') - before.password, 0);
		// The new refresh token replaced the used one, so the next run refreshes again.
		assert.equal((await run(['--profile', 'jane', '--print'])).code, 0);
		assert.equal(expiring.grantCount('refresh_token') - before.refresh, 2);
	});

	it('a refused refresh exits 1 and says how to sign in again; with the password given, it signs in again', async () => {
		const ending = await startDemoServer({tokenValiditySeconds: 60, refreshValiditySeconds: 0});
		try {
			assert.equal((await run([...valuesOf(ending), '--grant', 'password', '--print', '--save', 'jane'], {env: {...userEnv(ending), UAA_TOKEN_CLIENT_SECRET: ending.clientSecret}})).code, 0);
			const refused = await run(['--profile', 'jane', '--print'], {env: {UAA_TOKEN_CLIENT_SECRET: ending.clientSecret}});
			assert.equal(refused.code, 1);
			assert.equal(refused.stdout, '');
			assert.match(refused.stderr, /The saved sign-in has ended/);
			assert.match(refused.stderr, /To sign in again: uaa-token --profile jane, in a terminal, or give the password with UAA_TOKEN_PASSWORD/);
			const before = ending.grantCount('password');
			const again = await run(['--profile', 'jane', '--print'], {env: {UAA_TOKEN_PASSWORD: ending.user.password, UAA_TOKEN_CLIENT_SECRET: ending.clientSecret}});
			assert.equal(again.code, 0, again.stderr);
			assert.equal(ending.grantCount('password') - before, 1, 'the remembered user signs in with the password given');
		} finally {
			await ending.close();
		}
	});

	it('a wrong password exits 1 with the user\'s words, and the password in none of them', async () => {
		const wrong = 'Wr0ng+Pass&word';
		const result = await run([...valuesOf(demo), '--grant', 'password', '--username', demo.user.username, '--password-stdin', '--print'], {input: `${wrong}\n`});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /The user name or password is wrong/);
		assert.match(result.stderr, /--grant passcode/);
		assert.ok(!result.stderr.includes(wrong));
	});

	it('--grant passcode: a one-time passcode from stdin signs in, and works once', async () => {
		const passcode = await passcodeFrom(demo.uaaUrl, demo.user);
		const result = await run([...valuesOf(demo), '--grant', 'passcode', '--passcode-stdin', '--json'], {input: `${passcode}\n`});
		assert.equal(result.code, 0, result.stderr);
		const output = JSON.parse(result.stdout) as Record<string, unknown>;
		assert.equal(output['user_name'], demo.user.username);
		assert.equal(output['grant_type'], 'password');
		const again = await run([...valuesOf(demo), '--grant', 'passcode', '--print'], {env: {UAA_TOKEN_PASSCODE: passcode}});
		assert.equal(again.code, 1);
		assert.match(again.stderr, /The passcode was not accepted/);
		assert.ok(!again.stderr.includes(passcode));
		const none = await run([...valuesOf(demo), '--grant', 'passcode', '--print']);
		assert.equal(none.code, 2);
		assert.ok(none.stderr.includes(`Get a one-time passcode at ${demo.uaaUrl}/passcode`));
	});

	it('--grant code --no-browser: prints the sign-in url, takes the redirect, and prints the token', async () => {
		const port = await freePort();
		const child = spawn(process.execPath, [cliPath, ...valuesOf(demo), '--grant', 'code', '--no-browser', '--redirect-port', String(port), '--print'], {
			env: {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDir, UAA_TOKEN_CLIENT_SECRET: demo.clientSecret},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		const authorizeUrl = await new Promise<string>((resolve, reject) => {
			child.once('close', () => {
				reject(new Error(`ended before showing the url: ${stderr}`));
			});
			child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
				stderr += chunk;
				const url = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m.exec(stderr)?.[1];
				if (url) {
					resolve(url);
				}
			});
		});
		assert.equal(new URL(authorizeUrl).searchParams.get('redirect_uri'), `http://localhost:${port}/callback`);
		const page = await signInAtAuthorizeUrl(authorizeUrl, demo.user);
		assert.match(await page.text(), /You can close this tab/);
		const code = await new Promise(resolve => child.once('close', resolve));
		assert.equal(code, 0, stderr);
		assert.equal(claimsOf(stdout.trim())['grant_type'], 'authorization_code');
		outputs.push(stdout, stderr);
	});

	it('--format refresh-token prints the refresh token only when asked by name: one that refreshes, the saved one from the profile', async () => {
		const signedIn = await run([...valuesOf(demo), '--grant', 'password', '--format', 'refresh-token', '--save', 'jane'], {env: userEnv(demo)});
		assert.equal(signedIn.code, 0, signedIn.stderr);
		const refreshToken = signedIn.stdout.trim();
		assert.equal(signedIn.stdout, `${refreshToken}\n`, 'one line, the refresh token alone');
		assert.equal((JSON.parse(profileText('jane')) as {token: {refresh_token: string}}).token.refresh_token, refreshToken, 'the refresh token the profile keeps');
		assert.ok(!signedIn.stderr.includes(refreshToken));

		const requestsBefore = demo.tokenRequestCount();
		const cached = await run(['--profile', 'jane', '--format', 'refresh-token']);
		assert.equal(cached.code, 0, cached.stderr);
		assert.equal(cached.stdout.trim(), refreshToken, 'a cached user token prints the saved refresh token, with no request');
		assert.equal(demo.tokenRequestCount(), requestsBefore);

		// What another tool does with it: the refresh grant, with the client's credentials.
		const refreshed = await fetch(`${demo.uaaUrl}/oauth/token`, {
			method: 'POST',
			body: new URLSearchParams({grant_type: 'refresh_token', refresh_token: refreshToken, client_id: demo.clientId, client_secret: demo.clientSecret}),
		});
		assert.equal(refreshed.status, 200);
	});

	it('--format refresh-token is refused before any request for the app\'s own token, and exits 1 when the server sends none', async () => {
		const requestsBefore = demo.tokenRequestCount();
		const withoutGrant = await run([...valuesOf(demo), '--format', 'refresh-token']);
		assert.equal(withoutGrant.code, 2);
		assert.match(withoutGrant.stderr, /--format refresh-token prints the refresh token that comes with a user token; the app's own token \(client credentials\) has none/);
		assert.equal((await run([...valuesOf(demo), '--print', '--save', 'app'])).code, 0);
		const appProfile = await run(['--profile', 'app', '--format', 'refresh-token']);
		assert.equal(appProfile.code, 2);
		assert.match(appProfile.stderr, /the profile "app" gets the app's own token \(client credentials\), which comes without a refresh token/);
		assert.equal(demo.tokenRequestCount(), requestsBefore + 1, 'only the --print asked the server');

		// A client not allowed the refresh_token grant: UAA answers the user token alone.
		const noRefresh = await startTestServer((_request, response) => {
			answer(response, 200, JSON.stringify({access_token: 'eyJhbGciOiJub25lIn0.eyJ1c2VyX25hbWUiOiJqYW5lIn0.', token_type: 'bearer', expires_in: 43_199, scope: 'openid'}));
		});
		try {
			const result = await run(['--url', noRefresh.url, '--client-id', 'sb-app!t1', '--grant', 'password', '--format', 'refresh-token'], {env: userEnv(demo)});
			assert.equal(result.code, 1);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, /The server sent no refresh token with this user token\.\n {2}What to do: allow the refresh_token grant/);
		} finally {
			await noRefresh.close();
		}
	});

	it('refuses a password or passcode as an argument, and sign-in flags without their grant', async () => {
		for (const args of [['--password', 'x'], ['--passcode=x'], ['--grant', 'password', '--password', demo.user.password]]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await run([...valuesOf(demo), ...args, '--print']);
			assert.equal(result.code, 2);
			assert.match(result.stderr, /is not accepted: a secret on the command line lands in shell history/);
		}

		const misplaced = await run([...valuesOf(demo), '--no-browser', '--print']);
		assert.equal(misplaced.code, 2);
		assert.match(misplaced.stderr, /--no-browser is for --grant code/);
		const unknown = await run([...valuesOf(demo), '--grant', 'implicit', '--print']);
		assert.match(unknown.stderr, /--grant takes client_credentials, password, passcode, code/);
	});
});
