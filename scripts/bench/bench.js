// npm run bench: how fast uaa-token starts and how much memory it takes on each path, beside references measured
// in the same run on the same machine. A benchmark, not a test: it reports ratios and never fails the build.
// `npm run bench -- --runs 20` changes the number of measured runs; `-- --readme` also writes the table into readme.md;
// `-- --only node,b` measures only those cases; the picker's are picker-1, picker-1000 and filter-1000.

import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {build} from 'esbuild';
import pty from 'node-pty';
import {startDemoServer} from '../../source/demo/demo-server.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {bundleOptions} from '../bundle-options.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliPath = join(root, 'dist/cli.js');
const rssReporter = fileURLToPath(new URL('report-peak-rss.cjs', import.meta.url));
const {values: options} = parseArgs({options: {runs: {type: 'string', default: '15'}, warmups: {type: 'string', default: '2'}, readme: {type: 'boolean', default: false}, only: {type: 'string'}}});
const runs = Math.max(10, Number.parseInt(options.runs, 10) || 15);
const warmups = Math.max(0, Number.parseInt(options.warmups, 10) || 0);
const rssRuns = 3;

const workDirectory = mkdtempSync(join(os.tmpdir(), 'uaa-token-bench-'));
const emptyConfig = join(workDirectory, 'empty-config');
const savedConfig = join(workDirectory, 'saved-config');
const oneProfileConfig = join(workDirectory, 'one-profile-config');
const manyProfilesConfig = join(workDirectory, 'many-profiles-config');
const expiredConfig = join(workDirectory, 'expired-config');
const concurrentProcesses = 30;
const manyProfiles = 1000;
const helloPath = join(workDirectory, 'ink-hello.js');

const milliseconds = nanoseconds => Number(nanoseconds) / 1e6;
const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function childEnvironment(extra = {}) {
	// Only what the measured path needs: no proxies (they would pick the proxy-aware HTTP client) and no colours.
	return {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: workDirectory, LANG: 'C.UTF-8', TERM: 'xterm-256color', ...extra};
}

/** Spawn to exit; with measureRss, the process reports its own peak RSS (KiB) on fd 3 as it exits. */
async function runToExit({command, args, env, expect}, {measureRss = false} = {}) {
	const fullArgs = measureRss && command === process.execPath ? ['-r', rssReporter, ...args] : args;
	const started = process.hrtime.bigint();
	const child = spawn(command, fullArgs, {env, stdio: ['ignore', 'pipe', 'pipe', measureRss ? 'pipe' : 'ignore']});
	let stdout = '';
	let stderr = '';
	let rss = '';
	child.stdout.setEncoding('utf8').on('data', chunk => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', chunk => {
		stderr += chunk;
	});
	child.stdio[3]?.setEncoding('utf8').on('data', chunk => {
		rss += chunk;
	});
	const code = await new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	const elapsed = milliseconds(process.hrtime.bigint() - started);
	if (code !== 0 || (expect && !expect.test(stdout))) {
		throw new Error(`${command} ${args.join(' ')} exited ${code}; stderr: ${stderr.slice(0, 400)}`);
	}

	return {ms: elapsed, rssKiB: rss === '' ? undefined : Number(rss), stdout};
}

function peakRssKiB(pid) {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

const withoutEscapes = text => text.replaceAll(/\u001B\[[\d;?]*[ -/]*[@-~]/g, '');
/** A marker is text to find, or a pattern for what must be painted together (a title and the first row). */
const isPainted = (marker, output) => (typeof marker === 'string' ? withoutEscapes(output).includes(marker) : marker.test(withoutEscapes(output)));

/** A process in a pseudo-terminal, with everything it has written and when it last wrote. */
function spawnInTerminal({args, env}) {
	const terminal = pty.spawn(process.execPath, args, {name: 'xterm-256color', cols: 100, rows: 30, cwd: workDirectory, env});
	const session = {terminal, output: '', lastOutputAt: process.hrtime.bigint(), listeners: new Set()};
	session.exited = new Promise(resolve => {
		terminal.onExit(resolve);
	});
	terminal.onData(data => {
		session.output += data;
		session.lastOutputAt = process.hrtime.bigint();
		for (const listener of session.listeners) {
			listener();
		}
	});
	return session;
}

/** Resolves with the time at which the output written since `from` showed the marker. */
async function paintedAt(session, marker, from = 0, timeoutMs = 15_000) {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (isPainted(marker, session.output.slice(from))) {
				clearTimeout(timer);
				session.listeners.delete(check);
				// When the data arrived, not when this check ended: searching a long output must not count as the app's time.
				resolve(session.lastOutputAt);
			}
		};

		const fail = reason => {
			clearTimeout(timer);
			session.listeners.delete(check);
			reject(new Error(`${String(marker)} was not painted: ${reason}; the terminal shows: ${withoutEscapes(session.output.slice(-600))}`));
		};

		const timer = setTimeout(() => {
			fail(`not within ${timeoutMs / 1000} s`);
		}, timeoutMs);
		session.listeners.add(check);
		check();
		// A process that exits first never paints it; say so now rather than after the timeout.
		session.exited.then(() => {
			if (session.listeners.has(check)) {
				fail('the process exited');
			}
		});
	});
}

function isSleeping(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'S';
	} catch {
		return true;
	}
}

/**
 * Waits until the app has written nothing for a while and its main thread sleeps: its input handlers are subscribed
 * (and the terminal in raw mode) only after the first frame, and a key sent sooner would wait in the line buffer.
 */
async function settled(session, quietMs = 150) {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (milliseconds(process.hrtime.bigint() - session.lastOutputAt) >= quietMs && isSleeping(session.terminal.pid)) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop -- polling
		await new Promise(resolve => {
			setTimeout(resolve, 5);
		});
	}

	throw new Error('the app did not settle in 10 s');
}

async function disposeTerminal(session) {
	// Only the process this run started, by its own PID.
	session.terminal.kill();
	await session.exited;
}

/** Spawn in a pseudo-terminal until the marker is painted; the peak RSS is read at that moment. */
async function runUntilPainted({args, env, marker}) {
	const started = process.hrtime.bigint();
	const session = spawnInTerminal({args, env});
	try {
		const painted = await paintedAt(session, marker);
		return {ms: milliseconds(painted - started), rssKiB: peakRssKiB(session.terminal.pid)};
	} finally {
		await disposeTerminal(session);
	}
}

/** Once the app is painted and idle, the time from writing one key to the first output that shows its effect. */
async function runKeystroke({args, env, marker, key, keyMarker}) {
	const session = spawnInTerminal({args, env});
	try {
		await paintedAt(session, marker);
		await settled(session);
		const from = session.output.length;
		const started = process.hrtime.bigint();
		session.terminal.write(key);
		const painted = await paintedAt(session, keyMarker, from, 5000);
		return {ms: milliseconds(painted - started), rssKiB: peakRssKiB(session.terminal.pid)};
	} finally {
		await disposeTerminal(session);
	}
}

/** Profiles sub1 … subN, sub1 used last, each with a cached token and a secret, saved through the store itself. */
function saveProfiles(directory, count) {
	const store = openProfileStore({directory});
	const now = Date.now();
	for (let index = 1; index <= count; index++) {
		const time = new Date(now - index * 60_000).toISOString();
		store.save({
			name: `sub${index}`,
			url: `https://sub${index}.authentication.eu10.hana.ondemand.com`,
			clientId: `sb-bench-sub${index}!t${index}`,
			clientSecret: `secret-${index}`,
			authMethod: 'post',
			createdAt: time,
			lastUsedAt: time,
			token: {accessToken: `eyJhbGciOiJub25lIn0.${'e'.repeat(600)}.`, tokenType: 'bearer', scopes: ['uaa.resource'], expiresAt: now + 12 * 3600 * 1000, receivedAt: now, authMethod: 'post'},
		});
	}
}

/** Lets the bench profile's cached token run out, as it does after 12 hours. */
function expireCachedToken(configDirectory) {
	const path = join(configDirectory, 'profiles', 'bench.json');
	const stored = JSON.parse(readFileSync(path, 'utf8'));
	stored.token.expiresAt = new Date(Date.now() - 60_000).toISOString();
	writeFileSync(path, JSON.stringify(stored, null, '\t'));
}

/** Wall time of count concurrent `--profile bench --print` against an expired cache, from the first spawn to the last exit. */
async function runConcurrently(benchCase, count) {
	expireCachedToken(expiredConfig);
	const started = process.hrtime.bigint();
	const samples = await Promise.all(Array.from({length: count}, async () => runToExit(benchCase)));
	const tokens = new Set(samples.map(sample => sample.stdout));
	if (tokens.size !== 1) {
		throw new Error(`${count} concurrent runs printed ${tokens.size} different tokens`);
	}

	return {ms: milliseconds(process.hrtime.bigint() - started)};
}

async function measure(cases) {
	const results = new Map(cases.map(({name}) => [name, {times: [], rss: []}]));
	// Round-robin, so a busy moment on the machine slows every case alike rather than one of them.
	for (let round = 0; round < warmups + runs + rssRuns; round++) {
		for (const benchCase of cases) {
			const isRssRound = round >= warmups + runs;
			// eslint-disable-next-line no-await-in-loop -- one process at a time, or they would slow each other
			const sample = benchCase.concurrency
				? await runConcurrently(benchCase, benchCase.concurrency)
				: benchCase.keyMarker
				? await runKeystroke(benchCase)
				: benchCase.marker
					? await runUntilPainted(benchCase)
					: await runToExit(benchCase, {measureRss: isRssRound});
			const result = results.get(benchCase.name);
			if (round >= warmups && !isRssRound) {
				result.times.push(sample.ms);
			}

			if (sample.rssKiB !== undefined && (isRssRound || benchCase.marker)) {
				result.rss.push(sample.rssKiB);
			}
		}

		process.stderr.write(`\rround ${round + 1}/${warmups + runs + rssRuns}`);
	}

	process.stderr.write('\n');
	return Object.fromEntries(
		[...results].map(([name, {times, rss}]) => [name, {ms: median(times), rssMiB: rss.length === 0 ? undefined : Math.max(...rss) / 1024}]),
	);
}

function machineLine() {
	const cpus = os.cpus();
	return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}`;
}

async function main() {
	await build({...bundleOptions, entryPoints: [join(root, 'scripts/bench/ink-hello.jsx')], outfile: helloPath, logLevel: 'error'});
	const demo = await startDemoServer();
	try {
		const secretEnvironment = {UAA_TOKEN_CLIENT_SECRET: demo.clientSecret};
		const fetchArgs = [cliPath, '--url', demo.uaaUrl, '--client-id', demo.clientId, '--print'];
		// The profile the cached case reads, saved once by uaa-token itself.
		await runToExit({command: process.execPath, args: [...fetchArgs, '--save', 'bench'], env: childEnvironment({...secretEnvironment, UAA_TOKEN_CONFIG_DIR: savedConfig})});
		const jwt = /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/;
		await runToExit({command: process.execPath, args: [...fetchArgs, '--save', 'bench'], env: childEnvironment({...secretEnvironment, UAA_TOKEN_CONFIG_DIR: expiredConfig})});
		const isChosen = name => options.only === undefined || options.only.split(',').includes(name);
		if (isChosen('picker-1')) {
			saveProfiles(oneProfileConfig, 1);
		}

		if (isChosen('picker-1000') || isChosen('filter-1000')) {
			saveProfiles(manyProfilesConfig, manyProfiles);
		}

		// The title and the first (most recent) profile's row in one frame; \b keeps sub10 from passing for sub1.
		const pickerPainted = /Saved profiles[\s\S]*\bsub1\b/;
		const cases = [
			{name: 'node', command: process.execPath, args: ['-e', '0'], env: childEnvironment()},
			{name: 'hello', args: [helloPath], env: childEnvironment(), marker: 'Hello from Ink'},
			{name: 'a', args: [cliPath], env: childEnvironment({UAA_TOKEN_CONFIG_DIR: emptyConfig}), marker: 'Step 1/3'},
			{name: 'b', command: process.execPath, args: [cliPath, '--profile', 'bench', '--print'], env: childEnvironment({UAA_TOKEN_CONFIG_DIR: savedConfig}), expect: jwt},
			{
				name: 'curl',
				command: 'curl',
				args: ['-sSf', '-X', 'POST', '--data-urlencode', `client_id=${demo.clientId}`, '--data-urlencode', `client_secret=${demo.clientSecret}`, '-d', 'grant_type=client_credentials', `${demo.uaaUrl}/oauth/token`],
				env: childEnvironment(),
				expect: /"access_token"/,
			},
			{name: 'c', command: process.execPath, args: fetchArgs, env: childEnvironment({...secretEnvironment, UAA_TOKEN_CONFIG_DIR: emptyConfig}), expect: jwt},
			{
				name: 'c-profile',
				command: process.execPath,
				args: [cliPath, '--profile', 'bench', '--refresh', '--print'],
				env: childEnvironment({UAA_TOKEN_CONFIG_DIR: savedConfig}),
				expect: jwt,
			},
			...[1, concurrentProcesses].map(concurrency => ({
				name: `expired-${concurrency}`,
				concurrency,
				command: process.execPath,
				args: [cliPath, '--profile', 'bench', '--print'],
				env: childEnvironment({UAA_TOKEN_CONFIG_DIR: expiredConfig}),
				expect: jwt,
			})),
			{name: 'picker-1', args: [cliPath], env: childEnvironment({UAA_TOKEN_CONFIG_DIR: oneProfileConfig}), marker: pickerPainted},
			{name: 'picker-1000', args: [cliPath], env: childEnvironment({UAA_TOKEN_CONFIG_DIR: manyProfilesConfig}), marker: pickerPainted},
			{
				name: 'filter-1000',
				args: [cliPath],
				env: childEnvironment({UAA_TOKEN_CONFIG_DIR: manyProfilesConfig}),
				marker: pickerPainted,
				// Every profile is named sub…, so all 1000 still match: the heaviest repaint a first letter can cause.
				key: 's',
				keyMarker: /filter[:>\s]+s/,
			},
		];
		if (options.only !== undefined) {
			// For working on one path: `-- --only hello,a` measures those cases and prints their medians alone.
			const chosen = cases.filter(({name}) => options.only.split(',').includes(name));
			const partial = await measure(chosen);
			for (const [name, {ms, rssMiB}] of Object.entries(partial)) {
				process.stdout.write(`${name}\t${ms.toFixed(1)} ms\t${rssMiB === undefined ? 'n/a' : `${rssMiB.toFixed(1)} MiB`}\n`);
			}

			if (partial['picker-1'] && partial['picker-1000']) {
				process.stdout.write(`picker-1000 / picker-1\t${(partial['picker-1000'].ms / partial['picker-1'].ms).toFixed(2)} × (target ≤ 1.3)\n`);
			}

			return;
		}

		const requestsBefore = demo.tokenRequestCount();
		const result = await measure(cases);
		const requestsMade = demo.tokenRequestCount() - requestsBefore;
		printReport(result, requestsMade);
	} finally {
		await demo.close();
		rmSync(workDirectory, {recursive: true, force: true});
	}
}

function printReport(result, requestsMade) {
	const ms = value => `${value.toFixed(0)} ms`;
	const mib = value => (value === undefined ? 'n/a' : `${value.toFixed(0)} MiB`);
	const verdict = isMet => (isMet ? 'met' : '**not met**');
	const {node, hello, a, b, curl, c} = result;
	const cProfile = result['c-profile'];
	const picker1 = result['picker-1'];
	const picker1000 = result['picker-1000'];
	const filter1000 = result['filter-1000'];
	const expired1 = result['expired-1'];
	const expiredMany = result[`expired-${concurrentProcesses}`];
	const fetchLimit = node.ms + curl.ms + 30;
	const rows = [
		[
			'(a) spawn to the first wizard prompt, in a pty',
			ms(a.ms),
			mib(a.rssMiB),
			`Ink hello ${ms(hello.ms)}, ${mib(hello.rssMiB)}`,
			`${(a.ms / hello.ms).toFixed(2)} × hello (≤ 1.25): ${verdict(a.ms <= 1.25 * hello.ms)}; RSS ≤ 80 MiB: ${verdict(a.rssMiB <= 80)}`,
		],
		[
			'(b) `--print`, cached token of a profile',
			ms(b.ms),
			mib(b.rssMiB),
			`node -e 0 ${ms(node.ms)}, ${mib(node.rssMiB)}`,
			`${(b.ms / node.ms).toFixed(2)} × node (≤ 1.5): ${verdict(b.ms <= 1.5 * node.ms)}; RSS ≤ 60 MiB: ${verdict(b.rssMiB <= 60)}`,
		],
		[
			'(c) `--print --url … --client-id …`, a fresh token',
			ms(c.ms),
			mib(c.rssMiB),
			`curl ${ms(curl.ms)}; node + curl + 30 = ${ms(fetchLimit)}`,
			`${ms(c.ms - node.ms - curl.ms)} over node + curl (≤ 30): ${verdict(c.ms <= fetchLimit)}; RSS ≤ 60 MiB: ${verdict(c.rssMiB <= 60)}`,
		],
		[
			'(c) `--print --profile … --refresh`, fresh token saved to the profile',
			ms(cProfile.ms),
			mib(cProfile.rssMiB),
			`node + curl + 30 = ${ms(fetchLimit)}`,
			`${ms(cProfile.ms - node.ms - curl.ms)} over node + curl (≤ 30): ${verdict(cProfile.ms <= fetchLimit)}; RSS ≤ 60 MiB: ${verdict(cProfile.rssMiB <= 60)}`,
		],
		[
			`(f) ${concurrentProcesses} concurrent \`--profile … --print\`, expired cache, until the last exits`,
			ms(expiredMany.ms),
			'',
			`one such process ${ms(expired1.ms)}`,
			`${(expiredMany.ms / expired1.ms).toFixed(2)} × one; one token request per round`,
		],
		['(d) spawn to the picker with 1 profile, in a pty', ms(picker1.ms), mib(picker1.rssMiB), '', ''],
		[
			`(d) spawn to the picker with ${manyProfiles} profiles, in a pty`,
			ms(picker1000.ms),
			mib(picker1000.rssMiB),
			`1 profile ${ms(picker1.ms)}`,
			`${(picker1000.ms / picker1.ms).toFixed(2)} × 1 profile (≤ 1.3): ${verdict(picker1000.ms <= 1.3 * picker1.ms)}`,
		],
		[
			`(e) a filter keystroke to its repaint, ${manyProfiles} profiles`,
			ms(filter1000.ms),
			mib(filter1000.rssMiB),
			'',
			`≤ 50 ms: ${verdict(filter1000.ms <= 50)}`,
		],
	];
	const table = [
		'| case | median | peak RSS | reference, same run | against the target |',
		'|---|---:|---:|---|---|',
		...rows.map(row => `| ${row.join(' | ')} |`),
	].join('\n');
	const footer = `Median of ${runs} runs after ${warmups} warm-ups, cases interleaved; peak RSS is the highest of ${rssRuns} runs (for pty cases, at the first paint, or at the keystroke's repaint). ${machineLine()}; ${new Date().toISOString().slice(0, 10)}. The local server answered ${requestsMade} token requests.`;
	process.stdout.write(`${table}\n\n${footer}\n`);
	if (options.readme) {
		const readmePath = join(root, 'readme.md');
		const readme = readFileSync(readmePath, 'utf8');
		const start = '<!-- bench:start -->';
		const end = '<!-- bench:end -->';
		if (!readme.includes(start) || !readme.includes(end)) {
			throw new Error(`readme.md has no ${start} … ${end} section to write into.`);
		}

		writeFileSync(readmePath, `${readme.slice(0, readme.indexOf(start) + start.length)}\n${table}\n\n${footer}\n${readme.slice(readme.indexOf(end))}`);
		process.stderr.write('Wrote the table into readme.md.\n');
	}
}

await main();
