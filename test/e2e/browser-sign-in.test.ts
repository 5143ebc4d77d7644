// The browser sign-in end to end with a real headless browser: Debian's chromium, driven by playwright-core (which
// downloads no browser). uaa-token prints the sign-in page (--no-browser), the browser opens it, the user signs in on
// the practice server's form, the browser follows the redirect to uaa-token's loopback listener and shows its page,
// and uaa-token exchanges the code (PKCE) for the user's token. No browser here is a failure, not a skip.

import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type Browser, chromium} from 'playwright-core';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {cliPath} from '../helpers/run-cli.js';
import {freePort} from '../helpers/free-port.js';

const chromiumPath = '/usr/bin/chromium';

type Run = {authorizeUrl: Promise<string>; ended: Promise<{code: number | null; stdout: string; stderr: string}>};

/** Starts uaa-token for a browser sign-in and hands back the page it prints, then what it ends with. */
function startSignIn(args: string[], env: NodeJS.ProcessEnv): Run {
	const child = spawn(process.execPath, [cliPath, ...args], {env: {PATH: process.env['PATH'], ...env}});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	const ended = new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => {
		child.once('close', code => {
			resolve({code, stdout, stderr});
		});
	});
	const authorizeUrl = new Promise<string>((resolve, reject) => {
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
			const url = /^(http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?\S+)$/m.exec(stderr)?.[1];
			if (url) {
				resolve(url);
			}
		});
		void ended.then(() => {
			reject(new Error(`uaa-token ended before showing the sign-in page: ${stderr}`));
		});
	});
	return {authorizeUrl, ended};
}

describe('the browser sign-in in a real browser', () => {
	let demo: DemoServer;
	let browser: Browser;
	let configDir: string;
	before(async () => {
		assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: .ci/run installs Debian's chromium package`);
		demo = await startDemoServer();
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-browser-'));
		// The flags that keep chromium off the network: it would look up Google's hosts, which this machine must not reach.
		browser = await chromium.launch({
			executablePath: chromiumPath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
	});
	after(async () => {
		await browser?.close();
		await demo?.close();
		rmSync(configDir, {recursive: true, force: true});
	});

	const env = () => ({UAA_TOKEN_CONFIG_DIR: configDir, UAA_TOKEN_CLIENT_SECRET: demo.clientSecret});

	it('signs in on the practice server\'s form, lands on "you can close this tab", and uaa-token gets the user\'s token', async () => {
		const port = await freePort();
		const run = startSignIn(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--grant', 'code', '--no-browser', '--redirect-port', String(port), '--json', '--save', 'jane-sso'], env());
		const page = await browser.newPage();
		try {
			await page.goto(await run.authorizeUrl);
			await page.getByLabel('Email or user name').fill(demo.user.username);
			await page.getByLabel('Password').fill(demo.user.password);
			await page.getByRole('button', {name: 'Sign in'}).click();
			await page.getByText('You can close this tab').waitFor();
			assert.equal(new URL(page.url()).origin, `http://localhost:${port}`, 'the browser came back to the loopback listener');
		} finally {
			await page.close();
		}

		const {code, stdout, stderr} = await run.ended;
		assert.equal(code, 0, stderr);
		const output = JSON.parse(stdout) as Record<string, unknown>;
		assert.equal(output['grant_type'], 'authorization_code');
		assert.equal(output['user_name'], demo.user.username);
		assert.match(stderr, /Saved the profile "jane-sso"/);
		assert.ok(!stderr.includes(demo.user.password) && !stdout.includes(demo.user.password));
	});

	it('Cancel on the sign-in page ends uaa-token with the refusal in words, and exit 1', async () => {
		const port = await freePort();
		const run = startSignIn(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--grant', 'code', '--no-browser', '--redirect-port', String(port), '--print'], env());
		const page = await browser.newPage();
		try {
			await page.goto(await run.authorizeUrl);
			await page.getByRole('button', {name: 'Cancel'}).click();
			await page.getByText('Sign-in not completed').waitFor();
		} finally {
			await page.close();
		}

		const {code, stdout, stderr} = await run.ended;
		assert.equal(code, 1);
		assert.equal(stdout, '');
		assert.match(stderr, /The sign-in was refused in the browser/);
	});
});
