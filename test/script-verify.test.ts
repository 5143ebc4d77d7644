// --verify and --json --decode through the built CLI, against the practice server on 127.0.0.1: the report, where it
// goes, and the exit codes scripts branch on (0 valid, 1 invalid, 3 keys unreachable).

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {tokenKeysUrl} from '../source/oauth/verify-token.js';
import {startTestServer} from './helpers/http-server.js';
import {cliPath, runProcess} from './helpers/run-cli.js';

describe('--verify', () => {
	let demo: DemoServer;
	let configDir: string;
	let keyFile: string;

	const run = async (args: string[], {secret = true}: {secret?: boolean} = {}) => {
		const result = await runProcess(process.execPath, [cliPath, ...args], {
			env: {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDir, ...(secret ? {UAA_TOKEN_CLIENT_SECRET: demo.clientSecret} : {})},
		});
		assert.ok(!result.stdout.includes(demo.clientSecret) && !result.stderr.includes(demo.clientSecret), 'the secret is never printed');
		return result;
	};

	const profilePath = (name: string) => join(configDir, 'profiles', `${name}.json`);
	const editProfile = (name: string, edit: (stored: {profile: Record<string, unknown>}) => void) => {
		const stored = JSON.parse(readFileSync(profilePath(name), 'utf8')) as {profile: Record<string, unknown>};
		edit(stored);
		writeFileSync(profilePath(name), JSON.stringify(stored));
	};

	before(async () => {
		demo = await startDemoServer();
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-verify-'));
		keyFile = join(configDir, 'key.json');
		writeFileSync(keyFile, JSON.stringify({url: demo.serviceUrl, uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret, xsappname: demo.xsappname}}));
	});
	after(async () => {
		await demo.close();
		rmSync(configDir, {recursive: true, force: true});
	});

	it('alone: prints the checks instead of the token, and exits 0 for a valid token', async () => {
		const result = await run(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--verify']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^Verified: a service bound with this service key will accept this token\.\n {2}✓ Signed by key default-jwt-key-\S+ of this subaccount/);
		assert.match(result.stdout, /✓ Valid until .*, 11 h 59 min \d+ s from now\./);
		assert.doesNotMatch(result.stdout, /eyJ/, 'no token unless asked for');
	});

	it('with --print: the token on stdout, the checks on stderr; a service key\'s xsappname is kept in the profile and used', async () => {
		const saved = await run(['--service-key', keyFile, '--print', '--verify', '--save', 'keyed'], {secret: false});
		assert.equal(saved.code, 0, saved.stderr);
		assert.match(saved.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
		assert.match(saved.stderr, /✓ Meant for demo-recommendation!t1234\./);
		const cached = await run(['--profile', 'keyed', '--verify'], {secret: false});
		assert.equal(cached.code, 0, cached.stderr);
		assert.match(cached.stdout, /✓ Meant for demo-recommendation!t1234\./);
	});

	it('a cached token that is not meant for the profile\'s client: exit 1, and what it means', async () => {
		await run(['--service-key', keyFile, '--print', '--save', 'other-client'], {secret: false});
		editProfile('other-client', stored => {
			stored.profile['clientid'] = 'sb-another-app!t99';
			delete stored.profile['xsappname'];
		});
		const result = await run(['--profile', 'other-client', '--verify'], {secret: false});
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stdout, /^Not valid: a service bound with this service key will reject this token\./);
		assert.match(result.stdout, /✗ Meant for .*, not for sb-another-app!t99\.\n {4}A service bound with this service key will reject it with 401/);
	});

	it('keys that cannot be fetched: exit 3; --json --decode still answers 0, with the verification in the JSON', async () => {
		await run(['--service-key', keyFile, '--print', '--save', 'unreachable'], {secret: false});
		const closed = await startTestServer(() => {});
		const {url} = closed;
		await closed.close();
		editProfile('unreachable', stored => {
			stored.profile['url'] = url;
		});
		const result = await run(['--profile', 'unreachable', '--verify'], {secret: false});
		assert.equal(result.code, 3, result.stderr);
		assert.match(result.stdout, /^Not verified: the signing keys could not be fetched\./);

		const json = await run(['--profile', 'unreachable', '--json', '--decode'], {secret: false});
		assert.equal(json.code, 0, json.stderr);
		const output = JSON.parse(json.stdout) as {verification: {verdict: string; checks: Array<{check: string; result: string}>}};
		assert.equal(output.verification.verdict, 'keys-unreachable');
		assert.deepEqual(
			output.verification.checks.map(check => [check.check, check.result]),
			[
				['signature', 'unchecked'],
				['lifetime', 'passed'],
				['audience', 'passed'],
			],
		);
	});

	it('--json --decode of a good token carries the verdict and each check in words', async () => {
		const result = await run(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--json', '--decode']);
		assert.equal(result.code, 0, result.stderr);
		const output = JSON.parse(result.stdout) as {verification: {verdict: string; summary: string; checks: Array<{summary: string}>}};
		assert.equal(output.verification.verdict, 'valid');
		assert.match(output.verification.checks[0]!.summary, /^Signed by key default-jwt-key-/);
	});

	it('keys come from https://<uaadomain>/token_keys?zid=<zid> when the service key names a uaadomain, else from the uaa url\'s host', () => {
		assert.equal(tokenKeysUrl({url: 'https://sub.authentication.eu10.hana.ondemand.com', uaaDomain: 'authentication.eu10.hana.ondemand.com'}, 'zone-1'), 'https://authentication.eu10.hana.ondemand.com/token_keys?zid=zone-1');
		assert.equal(tokenKeysUrl({url: 'https://sub.authentication.eu10.hana.ondemand.com'}, 'zone 2'), 'https://sub.authentication.eu10.hana.ondemand.com/token_keys?zid=zone%202');
	});

	it('--verify is refused with profiles, and with --demo', async () => {
		const profiles = await run(['profiles', '--verify']);
		assert.equal(profiles.code, 2);
		assert.match(profiles.stderr, /--verify does not apply/);
		const demoRun = await run(['--demo', '--verify']);
		assert.equal(demoRun.code, 2);
		assert.match(demoRun.stderr, /--demo is for the interactive screens; it does not combine with --print, --json, --format or --verify\./);
	});
});
