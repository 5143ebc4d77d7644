// Signing in as a user in a real terminal, against practice servers on 127.0.0.1: the password and passcode flows
// (keys one by one and all in one write ending on the same screen), a user profile's --print refreshing with no
// password given, and a refused refresh answered by asking the user again.

import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {assertNeverShown, keys, type PtyTerminal, startPtyTerminal, unwrap} from '../helpers/pty-terminal.js';
import {cliPath, runProcess} from '../helpers/run-cli.js';
import {typedBothWays} from '../helpers/typed-both-ways.js';
import {freePort} from '../helpers/free-port.js';
import {passcodeFrom, signInAtAuthorizeUrl} from '../helpers/user-sign-in.js';

describe('signing in as a user, in a terminal', () => {
	let demo: DemoServer;
	let expiring: DemoServer;
	let ending: DemoServer;
	const configDirs: string[] = [];
	const newConfigDir = () => {
		const directory = mkdtempSync(join(tmpdir(), 'uaa-token-user-e2e-'));
		configDirs.push(directory);
		return directory;
	};

	before(async () => {
		[demo, expiring, ending] = await Promise.all([
			startDemoServer(),
			// Tokens of a minute are never reused (the cache margin is 5 minutes): every run refreshes.
			startDemoServer({tokenValiditySeconds: 60}),
			startDemoServer({tokenValiditySeconds: 60, refreshValiditySeconds: 0}),
		]);
	});
	after(async () => {
		await Promise.all([demo.close(), expiring.close(), ending.close()]);
		for (const directory of configDirs) {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	const valuesOf = (server: DemoServer) => ['--url', server.uaaUrl, '--client-id', server.clientId];

	/** Saves a user profile "jane" with the script path, as a user would once. */
	async function saveUserProfile(server: DemoServer, configDir: string): Promise<void> {
		const saved = await runProcess(process.execPath, [cliPath, ...valuesOf(server), '--grant', 'password', '--print', '--save', 'jane'], {
			env: {UAA_TOKEN_CONFIG_DIR: configDir, UAA_TOKEN_CLIENT_SECRET: server.clientSecret, UAA_TOKEN_USERNAME: server.user.username, UAA_TOKEN_PASSWORD: server.user.password},
		});
		assert.equal(saved.code, 0, saved.stderr);
	}

	/** From the url step, where --url and --client-id open, through the client's values: Enter, Enter, the secret. */
	async function throughClientSteps(terminal: PtyTerminal): Promise<void> {
		await terminal.waitFor('Step 1/3 url');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 2/3 clientid');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.enterValue(demo.clientSecret, {isMasked: true});
	}

	it('password: the user\'s steps typed key by key and in one write give the same screen, a user token; the password is never shown', async t => {
		const {username, password} = demo.user;
		const screen = await typedBothWays(t, {
			options: () => ({args: [...valuesOf(demo), '--grant', 'password'], env: {UAA_TOKEN_CLIENT_SECRET: 'unused'}}),
			async prepare(terminal) {
				await throughClientSteps(terminal);
				await terminal.waitFor('Sign in as a user username');
			},
			keys: [...username, keys.enter, ...password, keys.enter],
			until: 'Token received',
		});
		assert.match(screen, /^grant +password \(a user, by password or one-time passcode\)$/m);
		assert.match(screen, /^user_name +jane\.doe@example\.com$/m);
		assert.match(screen, /^refresh_token +received, \d+ characters, hidden/m);
		assert.ok(!screen.includes(password));
	});

	it('a wrong password: the user\'s words, Enter asks for the password again, and the right one signs in', async t => {
		const terminal = await startPtyTerminal(t, {args: [...valuesOf(demo), '--grant', 'password', '--username', demo.user.username], env: {}});
		await throughClientSteps(terminal);
		await terminal.waitFor('Sign in as a user password');
		await terminal.enterValue('Wrong+pass1', {isMasked: true});
		const refused = unwrap(await terminal.waitFor('The user name or password is wrong'));
		assert.match(refused, /--grant passcode/);
		assert.match(refused, /Enter sign in again/);
		await terminal.press(keys.enter);
		await terminal.waitFor('Sign in as a user password');
		await terminal.enterValue(demo.user.password, {isMasked: true});
		await terminal.waitFor('Token received');
		assertNeverShown(terminal, demo.user.password, 'the user\'s password');
		assertNeverShown(terminal, 'Wrong+pass1', 'a wrong password');
	});

	it('passcode: the passcode page is shown, the code from it signs in, in one write as key by key', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({args: [...valuesOf(demo), '--grant', 'passcode']}),
			async prepare(terminal) {
				await throughClientSteps(terminal);
				const step = unwrap(await terminal.waitFor('Sign in as a user passcode'));
				assert.ok(step.includes(`${demo.uaaUrl}/passcode`), 'the passcode page is named');
				// Each terminal gets its own code, as each person would from the page.
				const passcode = await passcodeFrom(demo.uaaUrl, demo.user);
				terminal.write(passcode);
				await terminal.waitFor(/^> \*{10}/m);
			},
			keys: [keys.enter],
			until: 'Token received',
		});
		assert.match(screen, /^user_name +jane\.doe@example\.com$/m);
	});

	/** What the stand-in for xdg-open wrote: the page it was asked to open. */
	async function openedPage(path: string): Promise<string> {
		for (let waited = 0; waited < 10_000; waited += 50) {
			const page = existsSync(path) ? readFileSync(path, 'utf8') : '';
			if (page !== '') {
				return page;
			}

			// eslint-disable-next-line no-await-in-loop -- polling for the opener's file
			await delay(50);
		}

		return assert.fail(`the browser opener was never run (nothing at ${path})`);
	}

	/** From the url step to the browser sign-in. */
	async function toBrowserSignIn(terminal: PtyTerminal): Promise<string> {
		await throughClientSteps(terminal);
		return terminal.waitFor('Waiting for the sign-in in the browser');
	}

	it('browser: the system browser is opened at the sign-in page through xdg-open, and signing in there gives the user token', async t => {
		// A stand-in for the desktop's xdg-open, found first on PATH: it keeps the page instead of starting a browser.
		const bin = newConfigDir();
		const opened = join(bin, 'opened-page');
		writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, {mode: 0o755});
		const terminal = await startPtyTerminal(t, {
			args: [...valuesOf(demo), '--grant', 'code', '--redirect-port', String(await freePort())],
			env: {PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`},
		});
		let screen = await toBrowserSignIn(terminal);
		const page = await openedPage(opened);
		assert.ok(page.startsWith(`${demo.uaaUrl}/oauth/authorize?response_type=code&`), page);
		screen = await terminal.waitFor('A browser tab is open at this page');
		assert.ok(screen.replaceAll('\n', '').includes(page), 'the page opened is the page shown, for a browser that did not come up');
		await signInAtAuthorizeUrl(page, demo.user);
		screen = await terminal.waitFor('user_name');
		assert.match(screen, /^grant +authorization_code/m);
	});

	it('browser: with no xdg-open the screen says so in words, and the page it shows still signs the user in', async t => {
		const terminal = await startPtyTerminal(t, {
			args: [...valuesOf(demo), '--grant', 'code', '--redirect-port', String(await freePort())],
			// Node is started by its path; an empty PATH leaves the opener nothing to run, as on a server.
			env: {PATH: newConfigDir()},
		});
		await toBrowserSignIn(terminal);
		let screen = unwrap(await terminal.waitFor('No browser opened'));
		assert.match(screen, /No browser opened \(there is no xdg-open here to open a browser with\); open this page yourself:/);
		// The page wraps across rows; joined, it runs up to its last parameter.
		const page = /http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+?code_challenge_method=S256/.exec(terminal.screen().replaceAll('\n', ''))?.[0];
		assert.ok(page, terminal.screen());
		await signInAtAuthorizeUrl(page, demo.user);
		screen = await terminal.waitFor('user_name');
		assert.match(screen, /^user_name +jane\.doe@example\.com$/m);
	});

	it('browser over SSH: c sends the sign-in page shown to the terminal with OSC 52, and that page signs the user in', async t => {
		// The pty's environment has no DISPLAY or WAYLAND_DISPLAY, as over SSH: the copy goes to the terminal.
		const terminal = await startPtyTerminal(t, {
			args: [...valuesOf(demo), '--grant', 'code', '--no-browser', '--redirect-port', String(await freePort())],
			env: {SSH_CONNECTION: '127.0.0.1 50000 127.0.0.1 22'},
		});
		let screen = await toBrowserSignIn(terminal);
		assert.doesNotMatch(terminal.rawOutput(), /\u001B\]52;/, 'nothing is copied before c');
		await terminal.press('c');
		screen = await terminal.waitFor('OSC 52');
		assert.match(unwrap(screen), /Sent the sign-in page to your terminal's clipboard with OSC 52/);
		const sent = /\u001B\]52;c;([A-Za-z\d+/=]+)\u0007/.exec(terminal.rawOutput())?.[1];
		assert.ok(sent, 'an OSC 52 sequence reached the terminal');
		const page = Buffer.from(sent, 'base64').toString();
		assert.ok(page.startsWith(`${demo.uaaUrl}/oauth/authorize?response_type=code&`), page);
		assert.ok(screen.replaceAll('\n', '').includes(page), 'the page copied is the page shown, whole');
		await signInAtAuthorizeUrl(page, demo.user);
		screen = await terminal.waitFor('user_name');
		assert.match(screen, /^grant +authorization_code/m);
		assertNeverShown(terminal, demo.clientSecret);
	});

	it('--profile --print in a terminal refreshes the saved user token with no password: one refresh, no password grant', async t => {
		const configDir = newConfigDir();
		await saveUserProfile(expiring, configDir);
		const before = {refresh: expiring.grantCount('refresh_token'), password: expiring.grantCount('password')};
		const terminal = await startPtyTerminal(t, {configDir, args: ['--profile', 'jane', '--print']});
		const exit = await terminal.exited;
		assert.equal(exit.exitCode, 0, terminal.screen());
		// The token alone, wrapped over the terminal's rows; not quoted in a failure, being a token.
		assert.ok(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(terminal.screen().replaceAll(/\s/g, '')), 'prints the token alone');
		assert.equal(expiring.grantCount('refresh_token') - before.refresh, 1);
		assert.equal(expiring.grantCount('password') - before.password, 0);
	});

	it('a refused refresh: --print exits 1 saying how to sign in again; the app asks for the password and keeps the new sign-in', async t => {
		const configDir = newConfigDir();
		await saveUserProfile(ending, configDir);
		const printing = await startPtyTerminal(t, {configDir, args: ['--profile', 'jane', '--print'], env: {UAA_TOKEN_CLIENT_SECRET: ending.clientSecret}});
		assert.equal((await printing.exited).exitCode, 1);
		assert.match(unwrap(printing.screen()), /The saved sign-in has ended[\s\S]*To sign in again: uaa-token --profile jane, in a terminal/);

		const terminal = await startPtyTerminal(t, {configDir, args: ['--profile', 'jane']});
		const refused = unwrap(await terminal.waitFor('The saved sign-in has ended'));
		assert.match(refused, /Enter sign in again/);
		await terminal.press(keys.enter);
		const step = await terminal.waitFor('Sign in as a user password');
		assert.match(step, /^username +jane\.doe@example\.com$/m);
		const before = ending.grantCount('password');
		await terminal.enterValue(ending.user.password, {isMasked: true});
		await terminal.waitFor('Token received for the profile "jane"');
		assert.equal(ending.grantCount('password') - before, 1);
		await terminal.press('q');
		await terminal.exited;
		assertNeverShown(terminal, ending.user.password, 'the user\'s password');
		const saved = readFileSync(join(configDir, 'profiles', 'jane.json'), 'utf8');
		assert.ok(!saved.includes(ending.user.password), 'the password is not saved');
		assert.match(saved, /"refresh_token": "\w+-r"/, 'the new refresh token is kept');
	});
});
