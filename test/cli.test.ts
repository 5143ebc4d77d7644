import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import packageJson from '../package.json' with {type: 'json'};
import {flagNames} from '../source/cli/cli-options.js';

// The built file is what users run; npm test builds it before the tests.
const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const configDir = mkdtempSync(join(tmpdir(), 'uaa-token-cli-'));

function runCli(args: string[], input = '') {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		input,
		encoding: 'utf8',
		timeout: 20_000,
		env: {...process.env, UAA_TOKEN_CONFIG_DIR: configDir, FORCE_COLOR: '0'},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('the uaa-token command', () => {
	after(() => {
		rmSync(configDir, {recursive: true, force: true});
	});

	it('refuses to start the wizard without a terminal, in one line and with exit 2', () => {
		const {code, stdout, stderr} = runCli(['--demo']);
		assert.equal(code, 2);
		assert.equal(stdout, '');
		assert.equal(stderr.trim().split('\n').length, 1);
		assert.match(stderr, /no interactive terminal.*--print, --json or --format/);
		assert.doesNotMatch(stderr, /Raw mode|at .+:\d+:\d+/);
	});

	it('rejects a bad --timeout with exit 2 and an example', () => {
		const {code, stderr} = runCli(['--timeout', 'soon']);
		assert.equal(code, 2);
		assert.match(stderr, /--timeout takes a number of seconds.*--timeout 10/);
	});

	it('rejects an unknown --auth-method and unknown flags with exit 2', () => {
		assert.equal(runCli(['--auth-method', 'magic']).code, 2);
		const unknown = runCli(['--bogus']);
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /Unknown flag/);
	});

	it('documents every flag in --help, each with an example, and its keys and environment, within 80 columns', () => {
		const {code, stdout} = runCli(['--help']);
		assert.equal(code, 0);
		const examples = stdout.slice(stdout.indexOf('  Examples'));
		for (const flag of flagNames.filter(name => !['client-secret', 'password', 'passcode'].includes(name))) {
			assert.match(stdout, new RegExp(`^ {4}(?:-h, )?--${flag}\\b`, 'm'), `--${flag} has its own line`);
			if (flag !== 'help') {
				assert.match(examples, new RegExp(`--${flag}\\b`), `an example uses --${flag}`);
			}
		}

		assert.match(stdout, /There is no\s+--client-secret/);
		assert.match(stdout, /There is no --password/);
		for (const text of ['UAA_TOKEN_CONFIG_DIR', 'NO_COLOR', 'FORCE_COLOR', 'INK_SCREEN_READER', 'Ctrl+C', 'C copy the curl command', 'i what the token contains', '? opens and closes the guide', 'OSC 52']) {
			assert.ok(stdout.includes(text), `--help should mention ${text}`);
		}

		assert.deepEqual(stdout.split('\n').filter(line => line.length > 80), [], 'every line fits 80 columns');
		assert.equal(runCli(['-h']).stdout, stdout);
	});

	it('prints its version, and nothing else', () => {
		const {code, stdout} = runCli(['--version']);
		assert.equal(code, 0);
		assert.equal(stdout, `${packageJson.version}\n`);
	});
});
