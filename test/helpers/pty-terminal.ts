// Runs the built uaa-token in a real pseudo-terminal and reads its screen through a headless xterm, as a user sees it.

import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import xterm from '@xterm/headless';
import pty from 'node-pty';
import {cliPath} from './run-cli.js';

const {Terminal} = xterm;

import {keys} from './keys.js';

export {keys} from './keys.js';

export type PtyExit = {exitCode: number; signal: number | undefined};

export type PtyTerminalOptions = {
	/** Arguments for dist/cli.js. */
	args?: string[];
	cols?: number;
	rows?: number;
	/** Shared between launches that should see the same profiles; otherwise a fresh temp dir of this terminal. */
	configDir?: string;
	/** Extra environment variables; nothing else is inherited from the test process. */
	env?: Record<string, string>;
	/**
	 * Run the CLI under `bash -c`, which then prints `EXIT=<code>` and `stty -a`, so a test can see the state the
	 * terminal was left in after uaa-token exited. bash then waits for a line, so that output is read whole: node-pty
	 * drops what it has not read 200 ms after the process exits.
	 */
	reportTerminalState?: boolean;
};

export type TerminalState = {exitCode: number; sttyFlags: string[]};

export type PtyTerminal = {
	readonly pid: number;
	readonly configDir: string;
	/** Resolves once the process in the pty has exited and its last output is on the screen. */
	readonly exited: Promise<PtyExit>;
	/** The visible rows, trailing spaces trimmed and trailing empty rows dropped. */
	screen(): string;
	/** The visible rows as the terminal holds them, with whether each continues the row before (soft wrap). */
	rows(): Array<{text: string; isWrapped: boolean}>;
	/** Waits until the screen shows the text (also with wrapped lines joined) or matches the pattern; returns it. */
	waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
	/** Sends bytes as they are, in one write: one key, or a paste. */
	write(data: string): void;
	/** Types text one key at a time, each after the app has drawn the previous one. */
	type(text: string): Promise<void>;
	/**
	 * Types a value into the input that is open, checks that its row shows all of it (as stars when masked), so a lost
	 * key fails here and not as a puzzling screen later, and presses Enter.
	 */
	enterValue(text: string, options?: {isMasked?: boolean}): Promise<void>;
	/** Sends one key and waits until the app has drawn its answer (or a short while, for keys that change nothing). */
	press(...sequence: string[]): Promise<void>;
	resize(cols: number, rows: number): Promise<void>;
	/** Everything the process wrote to the terminal, escape sequences included. */
	rawOutput(): string;
	/** Waits for xterm to parse everything received so far. */
	flush(): Promise<void>;
	/** With reportTerminalState: the CLI's exit code and the `stty -a` flags seen after it exited. */
	terminalState(timeoutMs?: number): Promise<TerminalState>;
	dispose(): Promise<void>;
};

const defaultTimeoutMs = 10_000;
const sttyDone = 'STTY-DONE';
// After a key's frame is drawn, Ink still has to re-subscribe its input handlers, in an effect React runs a moment
// after the frame is written; ink-text-input loses a key that arrives sooner. Where /proc shows whether the CLI's main
// thread is idle (Linux), keys wait for that, which holds on a busy machine too; elsewhere they wait a fixed while.
const canSeeIdle = existsSync('/proc/self/stat');
const settleMs = canSeeIdle ? 5 : 35;
const idleTimeoutMs = 2000;
const keyFrameTimeoutMs = 400;

const sleep = async (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** The promise's value, or undefined after ms; the timer never outlives the wait, so nothing keeps the runner alive. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let cancel = () => {};
	const timeout = new Promise<undefined>(resolve => {
		const timer = setTimeout(resolve, ms);
		cancel = () => {
			clearTimeout(timer);
		};
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		cancel();
	}
}

/**
 * Whether a process's main thread is blocked waiting for events (libuv's epoll_wait), or undefined once it is gone.
 * Without the kernel's wait channel, a sleeping thread counts; that one may also be waiting for a GC helper.
 */
function isWaitingForEvents(pid: number): boolean | undefined {
	let stat: string;
	try {
		stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return undefined;
	}

	if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'S') {
		return false;
	}

	try {
		const wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8');
		return wchan === '' || wchan === '0' || wchan.includes('epoll');
	} catch {
		return true;
	}
}

function childrenOf(pid: number): number[] {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

// eslint-disable-next-line no-control-regex -- escape sequences are the point
const ansiPattern = /\u001B(?:\[[\d;?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-_])/g;

export function stripAnsi(text: string): string {
	return text.replace(ansiPattern, '');
}

export function escapeRegExp(text: string): string {
	return text.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&');
}

/** True when the output left the cursor visible: no hide, or a show after the last hide. */
export function isCursorLeftVisible(raw: string): boolean {
	return raw.lastIndexOf('\u001B[?25l') <= raw.lastIndexOf('\u001B[?25h');
}

/** Whether a text reached the terminal in any form: raw, without escape sequences, or on the final screen. */
export function hasShown(terminal: PtyTerminal, text: string): boolean {
	const raw = terminal.rawOutput();
	return raw.includes(text) || stripAnsi(raw).includes(text) || unwrap(terminal.screen()).includes(text);
}

/** Fails when the secret reached the terminal in any form. */
export function assertNeverShown(terminal: PtyTerminal, secret: string, what = 'the client secret'): void {
	assert.ok(!hasShown(terminal, secret), `${what} must never reach the terminal`);
}

/**
 * Fails unless the CLI (started with reportTerminalState) exited with this code and left the terminal as it found
 * it: line editing and echo on, cursor visible.
 */
export async function assertExitedSane(terminal: PtyTerminal, exitCode: number): Promise<void> {
	const state = await terminal.terminalState();
	assert.equal(state.exitCode, exitCode, `exit code; the screen shows:\n${terminal.screen()}`);
	for (const flag of ['icanon', 'echo']) {
		assert.ok(state.sttyFlags.includes(flag) && !state.sttyFlags.includes(`-${flag}`), `stty shows ${flag} after exit: ${state.sttyFlags.join(' ')}`);
	}

	const appOutput = terminal.rawOutput().slice(0, terminal.rawOutput().lastIndexOf('EXIT='));
	assert.ok(isCursorLeftVisible(appOutput), 'the cursor is shown again after exit');
}

/** The screen read as one line, so text that wrapped where a word ended still matches. */
export function unwrap(screen: string): string {
	return screen.replace(/[ \t]*\n[ \t]*/g, ' ');
}

/** A temp directory removed when the test ends, for a config dir shared by several launches. */
export function tempDirectory(t: TestContext, prefix = 'uaa-token-e2e-'): string {
	const directory = mkdtempSync(join(tmpdir(), prefix));
	t.after(() => {
		rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}

/** Starts uaa-token in a pty; the test's after hook kills it (by its own PID) and removes its temp dirs. */
export async function startPtyTerminal(t: TestContext, options: PtyTerminalOptions = {}): Promise<PtyTerminal> {
	const terminal = spawnPtyTerminal(options);
	t.after(async () => {
		await terminal.dispose();
	});
	return terminal;
}

export function spawnPtyTerminal({args = [], cols = 100, rows = 40, configDir, env = {}, reportTerminalState = false}: PtyTerminalOptions = {}): PtyTerminal {
	const home = mkdtempSync(join(tmpdir(), 'uaa-token-e2e-home-'));
	const ownConfigDir = configDir ?? join(home, 'config');
	// A minimal environment: nothing from the test process (CI, FORCE_COLOR, proxies, a real config dir) leaks in.
	// CI in particular would make Ink print only the final frame.
	const environment: Record<string, string> = {
		PATH: process.env['PATH'] ?? '/usr/bin:/bin',
		HOME: home,
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		UAA_TOKEN_CONFIG_DIR: ownConfigDir,
		...env,
	};
	const [file, fileArgs] = reportTerminalState
		? ['bash', ['-c', `"$0" "$@"; echo "EXIT=$?"; stty -a; echo ${sttyDone}; read -r _`, process.execPath, cliPath, ...args]]
		: [process.execPath, [cliPath, ...args]];

	const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 1000});
	const child = pty.spawn(file, fileArgs, {name: 'xterm-256color', cols, rows, cwd: home, env: environment});
	let raw = '';
	let parsed: Promise<void> = Promise.resolve();
	let hasExited = false;
	/** Exited, and everything it wrote is parsed. */
	let isFinished = false;
	let isDisposed = false;

	child.onData(data => {
		raw += data;
		if (isDisposed) {
			return;
		}

		parsed = new Promise<void>(resolve => {
			term.write(data, resolve);
		});
	});

	const flush = async () => {
		// Data may arrive while waiting; wait until the last write seen has been parsed.
		let current: Promise<void>;
		do {
			current = parsed;
			// eslint-disable-next-line no-await-in-loop -- until nothing new arrived meanwhile
			await current;
		} while (current !== parsed);
	};

	const exited = new Promise<PtyExit>(resolve => {
		child.onExit(({exitCode, signal}) => {
			hasExited = true;
			// node-pty can report the exit a moment before the last bytes are read; give them a chance.
			setTimeout(() => {
				void flush().then(() => {
					isFinished = true;
					resolve({exitCode, signal: signal === 0 ? undefined : signal});
				});
			}, 50);
		});
	});

	function rowsOf(): Array<{text: string; isWrapped: boolean}> {
		const buffer = term.buffer.active;
		const result: Array<{text: string; isWrapped: boolean}> = [];
		for (let index = 0; index < term.rows; index++) {
			const line = buffer.getLine(buffer.viewportY + index);
			result.push({text: line?.translateToString(true) ?? '', isWrapped: line?.isWrapped ?? false});
		}

		return result;
	}

	function screen(): string {
		const lines = rowsOf().map(row => row.text.trimEnd());
		while (lines.length > 0 && lines.at(-1) === '') {
			lines.pop();
		}

		return lines.join('\n');
	}

	/** Soft-wrapped rows joined to the row they continue. */
	function logicalScreen(): string {
		let text = '';
		for (const [index, row] of rowsOf().entries()) {
			text += index > 0 && !row.isWrapped ? `\n${row.text.trimEnd()}` : row.text.trimEnd();
		}

		return text;
	}

	function isShown(expected: string | RegExp): boolean {
		const frame = screen();
		const logical = logicalScreen();
		if (typeof expected === 'string') {
			return frame.includes(expected) || logical.includes(expected) || unwrap(frame).includes(expected) || unwrap(logical).includes(expected);
		}

		return expected.test(frame) || expected.test(logical);
	}

	/** The CLI itself: the pty's process, or the child bash started. */
	function cliPid(): number | undefined {
		return reportTerminalState ? childrenOf(child.pid)[0] : child.pid;
	}

	/**
	 * Waits until the CLI's main thread waits for events with nothing left to run: libuv blocks only when no
	 * setImmediate is pending, and React runs effects from one, so by then the input handlers of the last frame are
	 * subscribed.
	 */
	async function waitUntilIdle(): Promise<void> {
		if (canSeeIdle) {
			const deadline = Date.now() + idleTimeoutMs;
			let idleReads = 0;
			while (idleReads < 3 && !hasExited && Date.now() < deadline) {
				const pid = cliPid();
				const isWaiting = pid === undefined ? undefined : isWaitingForEvents(pid);
				if (isWaiting === undefined) {
					break;
				}

				idleReads = isWaiting ? idleReads + 1 : 0;
				// eslint-disable-next-line no-await-in-loop -- polling
				await sleep(2);
			}
		}

		await sleep(settleMs);
	}

	async function waitFor(expected: string | RegExp, timeoutMs = defaultTimeoutMs): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			// eslint-disable-next-line no-await-in-loop -- polling the screen
			await flush();
			if (isShown(expected)) {
				// A frame is drawn before Ink re-subscribes the input handlers of its screen; let them catch up.
				// eslint-disable-next-line no-await-in-loop -- once, then returning
				await waitUntilIdle();
				return screen();
			}

			// Once the process has gone and its last output is on the screen, nothing more will come.
			if (isFinished) {
				throw new Error(`The process exited before showing ${String(expected)}; the screen shows:\n${screen()}`);
			}

			if (Date.now() > deadline) {
				throw new Error(`Timed out after ${timeoutMs} ms waiting for ${String(expected)}; the screen shows:\n${screen()}`);
			}

			// eslint-disable-next-line no-await-in-loop -- polling the screen
			await sleep(20);
		}
	}

	function write(data: string): void {
		if (!hasExited) {
			child.write(data);
		}
	}

	async function press(...sequence: string[]): Promise<void> {
		for (const key of sequence) {
			const before = raw.length;
			const sentAt = Date.now();
			write(key);
			// eslint-disable-next-line no-await-in-loop -- one key per write, as a terminal sends them
			while (raw.length === before && !hasExited && Date.now() - sentAt < keyFrameTimeoutMs) await sleep(3);
			// eslint-disable-next-line no-await-in-loop -- see above
			await waitUntilIdle();
		}
	}

	async function terminalState(timeoutMs = defaultTimeoutMs): Promise<TerminalState> {
		if (!reportTerminalState) {
			throw new Error('terminalState() needs reportTerminalState: true');
		}

		const report = new RegExp(`EXIT=(\\d+)\\r?\\n([\\s\\S]*?)${sttyDone}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const match = report.exec(stripAnsi(raw));
			if (match) {
				// A line feed ends bash's read, in raw mode as well as in line mode.
				write('\n');
				// eslint-disable-next-line no-await-in-loop -- once, then returning
				await within(exited, 3000);
				return {exitCode: Number(match[1]), sttyFlags: match[2]!.split(/[\s;]+/).filter(flag => flag !== '')};
			}

			if (Date.now() > deadline || hasExited) {
				throw new Error(`uaa-token did not exit and report the terminal state in ${timeoutMs} ms; the screen shows:\n${screen()}`);
			}

			// eslint-disable-next-line no-await-in-loop -- polling the output
			await sleep(20);
		}
	}

	async function dispose(): Promise<void> {
		if (isDisposed) {
			return;
		}

		isDisposed = true;
		if (!hasExited) {
			// Only the process this terminal started, by its PID; SIGKILL if it ignores the hangup.
			try {
				child.kill('SIGHUP');
			} catch {}

			if ((await within(exited, 3000)) === undefined) {
				try {
					process.kill(child.pid, 'SIGKILL');
				} catch {}

				await within(exited, 3000);
			}
		}

		term.dispose();
		rmSync(home, {recursive: true, force: true});
	}

	return {
		pid: child.pid,
		configDir: ownConfigDir,
		exited,
		screen,
		rows: rowsOf,
		waitFor,
		write,
		async type(text: string) {
			await press(...text);
		},
		press,
		async enterValue(text: string, {isMasked = false} = {}) {
			await press(...text);
			const shown = isMasked ? '*'.repeat([...text].length) : text;
			await waitFor(new RegExp(`^> ${escapeRegExp(shown)}$`, 'm'));
			await press(keys.enter);
		},
		async resize(newCols: number, newRows: number) {
			await flush();
			term.resize(newCols, newRows);
			child.resize(newCols, newRows);
		},
		rawOutput: () => raw,
		flush,
		terminalState,
		dispose,
	};
}

/** The --demo wizard with every value filled by Tab, to the result screen. */
export async function demoToResult(terminal: PtyTerminal): Promise<string> {
	for (const step of ['Step 1/3 url', 'Step 2/3 clientid', 'Step 3/3 clientsecret']) {
		// eslint-disable-next-line no-await-in-loop -- one step after the other, as a user goes
		await terminal.waitFor(step);
		// eslint-disable-next-line no-await-in-loop
		await terminal.press(keys.tab);
		// eslint-disable-next-line no-await-in-loop
		await terminal.press(keys.enter);
	}

	return terminal.waitFor('Token received');
}
