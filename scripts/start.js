// `npm start`: runs the built CLI, building it first when dist/ is missing or older than the code it is built from,
// so a fresh clone needs only `npm install && npm start` and an edit is never run stale. The build is not an install
// script (`prepare`): a package with one makes npm warn everyone who installs it, and users install dist/ as built.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtPath = join(root, 'dist', 'cli.js');

function newestChange(path) {
	const stats = statSync(path);
	if (!stats.isDirectory()) {
		return stats.mtimeMs;
	}

	return Math.max(stats.mtimeMs, ...readdirSync(path).map(entry => newestChange(join(path, entry))));
}

function builtAt() {
	try {
		return statSync(builtPath).mtimeMs;
	} catch {
		return 0;
	}
}

const sources = ['cli.tsx', 'source', 'scripts/build.js', 'scripts/bundle-options.js', 'scripts/patches', 'package-lock.json'];
if (builtAt() < Math.max(...sources.map(source => newestChange(join(root, source))))) {
	process.stderr.write('Building uaa-token (npm run build)…\n');
	const build = spawnSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32'});
	if (build.status !== 0) {
		process.stdout.write(build.stdout ?? '');
		process.exit(build.status ?? 1);
	}
}

await import(builtPath);
