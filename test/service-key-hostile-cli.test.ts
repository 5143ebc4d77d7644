// `--service-key FILE` with escape sequences in its fields, run as the built CLI: nothing injected reaches stdout
// or stderr, sent fields are refused with exit 2, and a key nested 10,000 levels deep is refused in words.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {runBuiltCli} from './helpers/run-cli.js';

const baseEnv = {PATH: process.env['PATH'] ?? ''};
const osc0 = '\u001B]0;pwned-title\u0007';
const osc52 = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
const sgr = '\u001B[31;5m';

describe('--service-key FILE with hostile fields', () => {
	let directory: string;
	let demo: DemoServer;

	before(async () => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-hostile-'));
		demo = await startDemoServer();
	});

	after(async () => {
		await demo.close();
		rmSync(directory, {recursive: true, force: true});
	});

	function writeKey(name: string, text: string): string {
		const path = join(directory, name);
		writeFileSync(path, text);
		return path;
	}

	function assertNoEscape(output: {stdout: string; stderr: string}): void {
		assert.ok(!output.stdout.includes('\u001B'), `stdout: ${JSON.stringify(output.stdout)}`);
		assert.ok(!output.stderr.includes('\u001B'), `stderr: ${JSON.stringify(output.stderr)}`);
		assert.ok(!output.stderr.includes('pwned') && !output.stderr.includes('ZWNob'));
		assert.ok(!output.stderr.includes(demo.clientSecret));
	}

	it('refuses an OSC 0 in the top-level url with exit 2, naming "url"', async () => {
		const path = writeKey('osc0.json', JSON.stringify({url: `${demo.serviceUrl}${osc0}`, uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret}}));
		const result = await runBuiltCli(['--service-key', path, '--print'], {env: baseEnv});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /"url"/);
		assertNoEscape(result);
	});

	it('refuses an OSC 52 in clientid with exit 2, naming "clientid"', async () => {
		const path = writeKey('osc52.json', JSON.stringify({uaa: {url: demo.uaaUrl, clientid: `${demo.clientId}${osc52}`, clientsecret: demo.clientSecret}}));
		const result = await runBuiltCli(['--service-key', path, '--print'], {env: baseEnv});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /"clientid"/);
		assertNoEscape(result);
	});

	it('cleans an SGR in identityzone and still gets the token', async () => {
		const path = writeKey('sgr.json', JSON.stringify({uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret, identityzone: `zone${sgr}`}}));
		const result = await runBuiltCli(['--service-key', path, '--json'], {env: baseEnv});
		assert.equal(result.code, 0, result.stderr);
		assertNoEscape(result);
	});

	it('refuses a key nested 10,000 levels deep with exit 2 and a message, not a stack overflow', async () => {
		const path = writeKey('deep.json', `{"uaa":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
		const result = await runBuiltCli(['--service-key', path, '--print'], {env: baseEnv});
		assert.equal(result.code, 2, result.stderr);
		assert.match(result.stderr, /deeper than 64 levels/);
		assert.doesNotMatch(result.stderr, /Maximum call stack|at .+\(/);
	});
});
