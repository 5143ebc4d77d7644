// The package as users get it: `npm pack` of this checkout, installed into an empty prefix from the tarballs alone
// (--offline, an empty cache, no access to the project's node_modules), then run as they run it. The tarballs of
// the runtime dependencies are packed from node_modules, as the registry holds the same files; the test machine
// reaches no registry.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {startPtyTerminal} from '../helpers/pty-terminal.js';
import {runProcess} from '../helpers/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string; dependencies: Record<string, string>};

/** The environment of a user's shell: none of the npm_* variables `npm test` sets, no NODE_PATH into the checkout. */
function userEnvironment(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', ...extra};
}

/** A directory and everything under it, in bytes, as `du --apparent-size` counts files (links not followed). */
function sizeOf(path: string): number {
	const stats = lstatSync(path);
	return stats.isDirectory() ? readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0) : stats.size;
}

/** Every installed package under a node_modules directory, nested ones included. */
function packagesUnder(nodeModules: string): string[] {
	if (!existsSync(nodeModules)) {
		return [];
	}

	return readdirSync(nodeModules)
		.filter(entry => !entry.startsWith('.'))
		.flatMap(entry => (entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map(name => `${entry}/${name}`) : [entry]))
		.flatMap(name => [name, ...packagesUnder(join(nodeModules, name, 'node_modules'))]);
}

describe('the packed package, installed into an empty prefix', () => {
	let work: string;
	let prefix: string;
	let installed: string;
	let binary: string;
	let installOutput: string;
	let demo: DemoServer;

	before(async () => {
		work = mkdtempSync(join(tmpdir(), 'uaa-token-pack-'));
		prefix = join(work, 'prefix');
		const empty = join(work, 'empty');
		mkdirSync(empty);
		const home = join(work, 'home');
		mkdirSync(home);
		// dist/ was built by `npm test`; prepack would build it again under the other tests' feet.
		const tarballs = [execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {cwd: root, encoding: 'utf8', env: userEnvironment(home)}).trim()];
		for (const dependency of Object.keys(manifest.dependencies)) {
			const directory = join(root, 'node_modules', dependency);
			const {optionalDependencies = {}} = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {optionalDependencies?: Record<string, string>};
			// Its build for this platform: the one npm installed here.
			const forThisPlatform = Object.keys(optionalDependencies).filter(name => existsSync(join(root, 'node_modules', name)));
			for (const name of [dependency, ...forThisPlatform]) {
				tarballs.push(execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work, join(root, 'node_modules', name)], {cwd: empty, encoding: 'utf8', env: userEnvironment(home)}).trim());
			}
		}

		const install = await runProcess(
			'npm',
			['install', '--global', '--offline', '--no-audit', '--no-fund', '--cache', join(work, 'cache'), '--prefix', prefix, ...tarballs.map(file => join(work, file))],
			{cwd: empty, env: userEnvironment(home), timeoutMs: 120_000},
		);
		assert.equal(install.code, 0, install.stderr);
		installOutput = install.stdout + install.stderr;
		installed = join(prefix, 'lib', 'node_modules', 'uaa-token');
		binary = join(prefix, 'bin', 'uaa-token');
		demo = await startDemoServer();
	});

	after(async () => {
		await demo?.close();
		rmSync(work, {recursive: true, force: true});
	});

	it('installs without a warning, with only the dependencies dist/ loads at run time', t => {
		assert.doesNotMatch(installOutput, /warn/i, installOutput);
		const packages = packagesUnder(join(prefix, 'lib', 'node_modules'));
		const bytes = sizeOf(join(prefix, 'lib', 'node_modules'));
		// The figures readme.md gives, measured here.
		t.diagnostic(`installed: ${packages.length} packages (${packages.join(', ')}), ${(bytes / 2 ** 20).toFixed(1)} MiB`);
		assert.deepEqual(packages.filter(name => name !== 'uaa-token' && !name.startsWith('@napi-rs/keyring')), [], 'only uaa-token and its keychain binding');
		assert.ok(packages.length <= 3, packages.join(', '));
		assert.ok(bytes < 8 * 2 ** 20, `${bytes} bytes installed`);
	});

	it('ships its license, the notices of the code it bundles, and the clipboard fallbacks clipboardy runs', () => {
		assert.match(readFileSync(join(installed, 'LICENSE'), 'utf8'), /^MIT License/);
		const notices = readFileSync(join(installed, 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8');
		for (const name of ['ink', 'react', 'conf', 'undici', 'clipboardy', 'jose', 'proper-lockfile']) {
			assert.match(notices, new RegExp(`^## ${name} \\d`, 'm'), `the notice of ${name}`);
		}

		const xsel = statSync(join(installed, 'dist', 'app', 'fallbacks', 'linux', 'xsel'));
		assert.ok((xsel.mode & 0o111) !== 0, 'xsel stays executable');
		assert.ok(existsSync(join(installed, 'dist', 'app', 'fallbacks', 'windows', 'clipboard_x86_64.exe')));
		assert.ok(!existsSync(join(installed, 'source')), 'the sources are not shipped');
	});

	it('answers --version and --help', async () => {
		const home = mkdtempSync(join(work, 'home-'));
		const version = await runProcess(binary, ['--version'], {cwd: home, env: userEnvironment(home)});
		assert.equal(version.code, 0, version.stderr);
		assert.equal(version.stdout.trim(), manifest.version);
		const help = await runProcess(binary, ['--help'], {cwd: home, env: userEnvironment(home)});
		assert.equal(help.code, 0, help.stderr);
		assert.match(help.stdout, /--print/);
		assert.equal(help.stderr, '');
	});

	it('prints a token from a local server with --print', async () => {
		const home = mkdtempSync(join(work, 'home-'));
		const result = await runProcess(binary, ['--url', demo.uaaUrl, '--client-id', demo.clientId, '--print'], {
			cwd: home,
			env: userEnvironment(home, {UAA_TOKEN_CLIENT_SECRET: demo.clientSecret, UAA_TOKEN_CONFIG_DIR: join(home, 'config')}),
		});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
	});

	it('draws the wizard\'s first frame in a terminal', async t => {
		const terminal = await startPtyTerminal(t, {cli: binary});
		await terminal.waitFor('Step 1/3');
		assert.match(terminal.screen(), /url/);
	});
});
