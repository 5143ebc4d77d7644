// Runs the built uaa-token in a real pseudo-terminal and reads its screen through a headless xterm, as a user sees it.

import assert from 'node:assert/strict';
import {chownSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import xterm from '@xterm/headless';
import pty from 'node-pty';
import {cliPath, cliPathForAnyUser} from './run-cli.js';

const {Terminal} = xterm;

import {keys} from './keys.js';

export {keys} from './keys.js';

/** What xterm sends for the keys that scroll a screen taller than the terminal. */
export const scrollKeys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
} as const;

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
	/** Run as this user id (and group id), as another user would: the terminal's home is given to it. */
	uid?: number;
	/** The script node runs instead of the checkout's dist/cli.js: an installed copy, say. */
	cli?: string;
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
	/** The terminal's size now. */
	size(): {cols: number; rows: number};
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
// Ink draws at most once every 34 ms (30 fps), so a frame that follows another at once (a scrolling view drawing the
// height it has just measured) comes from a timer while the main thread looks idle. A screen is read once the CLI has
// been idle and silent for longer than that, so waitFor returns the frame that stays, not one replaced a moment later.
const quietMs = 50;
const quietTimeoutMs = 2000;

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

const beginSynchronizedUpdate = '\u001B[?2026h';
const endSynchronizedUpdate = '\u001B[?2026l';
const eraseScrollback = '\u001B[3J';

export type DrawnFrame = {
	/** The rows the frame took. */
	rows: number;
	/** Whether it began by erasing the scrollback, as Ink does after a frame as tall as the terminal. */
	isErasingScrollback: boolean;
	/** Its first rows, to say which screen it was. */
	start: string;
};

/** Every frame Ink drew, as it wraps each in a synchronized update for a terminal (escape sequences left out). */
export function drawnFrames(raw: string): DrawnFrame[] {
	return raw
		.split(beginSynchronizedUpdate)
		.slice(1)
		.map(block => {
			const frame = block.split(endSynchronizedUpdate)[0]!;
			const text = stripAnsi(frame).replaceAll('\r', '');
			const lines = text.split('\n');
			// A frame shorter than the terminal ends with a line break, which starts no row of its own.
			const rows = text === '' ? 0 : lines.length - (text.endsWith('\n') ? 1 : 0);
			return {rows, isErasingScrollback: frame.includes(eraseScrollback), start: lines.slice(0, 3).join(' / ')};
		})
		.filter(frame => frame.rows > 0 || frame.isErasingScrollback);
}

/**
 * The frames drawn so far that did not fit the terminal, described; none is right. Ink redraws after a frame as tall
 * as the terminal (or taller) by erasing the screen and the scrollback, which loses the shell's history above the app
 * and anything the user scrolled back to: a screen taller than the terminal must be windowed by the app instead.
 */
export function framesNotFitting(terminal: PtyTerminal): string[] {
	const terminalRows = terminal.size().rows;
	const frames = drawnFrames(terminal.rawOutput());
	assert.ok(frames.length > 0, "Ink's frames, each in a synchronized update, in the output");
	return frames.flatMap((frame, index) => [
		...(frame.rows >= terminalRows ? [`frame ${index + 1} of ${frames.length}: ${frame.rows} rows in a ${terminalRows}-row terminal, "${frame.start}"`] : []),
		...(frame.isErasingScrollback ? [`frame ${index + 1} of ${frames.length} erased the scrollback first, "${frame.start}"`] : []),
	]);
}

/** Fails unless every frame drawn so far was shorter than the terminal, so the scrollback was never erased. */
export function assertEveryFrameFits(terminal: PtyTerminal, what: string): void {
	assert.deepEqual(framesNotFitting(terminal), [], `${what}: every frame shorter than the terminal`);
	assert.ok(!terminal.rawOutput().includes(eraseScrollback), `${what}: the scrollback is never erased`);
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

export function spawnPtyTerminal({args = [], cols = 100, rows = 40, configDir, env = {}, reportTerminalState = false, uid, cli: otherCli}: PtyTerminalOptions = {}): PtyTerminal {
	const home = mkdtempSync(join(tmpdir(), 'uaa-token-e2e-home-'));
	if (uid !== undefined) {
		chownSync(home, uid, uid);
	}

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
	// Another uid may not be able to enter the checkout.
	const cli = otherCli ?? (uid === undefined ? cliPath : cliPathForAnyUser());
	const [file, fileArgs] = reportTerminalState
		? ['bash', ['-c', `"$0" "$@"; echo "EXIT=$?"; stty -a; echo ${sttyDone}; read -r _`, process.execPath, cli, ...args]]
		: [process.execPath, [cli, ...args]];

	const term = new Terminal({cols, rows, allowProposedApi: true, scrollback: 1000});
	const child = pty.spawn(file, fileArgs, {name: 'xterm-256color', cols, rows, cwd: home, env: environment, ...(uid === undefined ? {} : {uid, gid: uid})});
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

	/**
	 * Waits until the CLI has written nothing and (where /proc shows it) run nothing for longer than Ink's frame
	 * interval: a frame's follow-up is drawn by then. Bounded, for screens that animate.
	 */
	async function waitUntilQuiet(): Promise<void> {
		const deadline = Date.now() + quietTimeoutMs;
		let length = raw.length;
		let quietSince = Date.now();
		while (!hasExited && Date.now() < deadline && Date.now() - quietSince < quietMs) {
			// eslint-disable-next-line no-await-in-loop -- polling the output
			await sleep(3);
			const pid = canSeeIdle ? cliPid() : undefined;
			const isBusy = pid !== undefined && isWaitingForEvents(pid) === false;
			if (raw.length !== length || isBusy) {
				length = raw.length;
				quietSince = Date.now();
			}
		}

		await flush();
	}

	async function waitFor(expected: string | RegExp, timeoutMs = defaultTimeoutMs): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			// eslint-disable-next-line no-await-in-loop -- polling the screen
			await flush();
			if (isShown(expected)) {
				// A frame is drawn before Ink re-subscribes the input handlers of its screen; let them catch up, and let
				// a frame that replaces this one at once arrive. If it no longer shows what was expected, wait on.
				const before = raw.length;
				// eslint-disable-next-line no-await-in-loop -- once per frame that matched
				await waitUntilIdle();
				// eslint-disable-next-line no-await-in-loop -- see above
				await waitUntilQuiet();
				if (raw.length !== before) {
					// eslint-disable-next-line no-await-in-loop -- see above
					await waitUntilIdle();
				}

				if (isShown(expected)) {
					return screen();
				}
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
		size: () => ({cols: term.cols, rows: term.rows}),
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

/** What the scrolling view says after its last indicator line, when the line has room for it. */
export const scrollHint = '↑↓ PgUp PgDn Home End scroll';
const moreAbove = /^↑ (\d+) more lines?(?: — (.*))?$/;
const moreBelow = /^↓ (\d+) more lines?(?: — (.*))?$/;

export type ScrolledScreen = {
	/** The screen as first drawn, at its top. */
	screen: string;
	/** Every page read on the way down, the first one included. */
	pages: string[];
	/** The rows above the body (the header) and below it (the key hints), which stay while the body scrolls. */
	top: string[];
	bottom: string[];
	/** Every row of the body, read page by page. */
	body: string[];
	/** The screen as a terminal tall enough to hold it would show it. */
	whole: string;
};

/** Rows compared across pages without their numbers: a countdown may tick between two pages. */
const withoutNumbers = (row: string) => row.replace(/\d+/g, '#');

export type ReadScrolledOptions = {
	/** A text field has focus: Home would move in it, so PgUp goes back to the top. */
	hasField?: boolean;
	/** Called on each page after the first, while it is on the screen. */
	onPage?: (page: string) => void;
};

/**
 * Reads the screen that is open the way a user reads a screen taller than the terminal: from its top, PgDn until
 * nothing more is below, then Home (PgUp in a field) back to the top. On the way it checks the scrolling view: the
 * header and the key hints stay, "↑ N more lines" counts the rows scrolled past and "↓ N more lines" the rows still
 * below, a page moves on by all but one row, the keys are named on the last indicator line when they fit the width,
 * and the pages join up into one body. A screen that fits is returned as it is, with no indicator line on it.
 */
export async function readScrolled(terminal: PtyTerminal, what: string, {hasField = false, onPage}: ReadScrolledOptions = {}): Promise<ScrolledScreen> {
	const {cols} = terminal.size();
	const first = terminal.screen();
	const firstRows = first.split('\n');
	assert.ok(!firstRows.some(row => moreAbove.test(row)), `${what}: a screen starts at its top:\n${first}`);
	const belowIndex = firstRows.findIndex(row => moreBelow.test(row));
	if (belowIndex < 0) {
		return {screen: first, pages: [first], top: [], bottom: [], body: firstRows, whole: first};
	}

	const pages = [first];
	for (let above = 0; pages.at(-1)!.split('\n').some(row => moreBelow.test(row)); ) {
		assert.ok(pages.length < 100, `${what}: PgDn reaches the end`);
		// eslint-disable-next-line no-await-in-loop -- one page after the other, as a user reads
		await terminal.press(scrollKeys.pageDown);
		// eslint-disable-next-line no-await-in-loop -- see above
		const page = await terminal.waitFor(new RegExp(`^↑ (?!${above} )\\d+ more lines?`, 'm'));
		above = Number(page.split('\n').map(row => moreAbove.exec(row)?.[1]).find(Boolean));
		pages.push(page);
		onPage?.(`page ${pages.length}`);
	}

	const bottom = firstRows.slice(belowIndex + 1);
	const top = pages[1]!.split('\n').slice(0, pages[1]!.split('\n').findIndex(row => moreAbove.test(row)));
	const body: string[] = [];
	let total = 0;
	let previous = {above: 0, rows: 0};
	for (const [index, page] of pages.entries()) {
		const rows = page.split('\n');
		const aboveRow = rows.findIndex(row => moreAbove.test(row));
		const belowRow = rows.findIndex(row => moreBelow.test(row));
		const above = aboveRow < 0 ? 0 : Number(moreAbove.exec(rows[aboveRow]!)![1]);
		const below = belowRow < 0 ? 0 : Number(moreBelow.exec(rows[belowRow]!)![1]);
		const start = aboveRow < 0 ? top.length : aboveRow + 1;
		const end = belowRow < 0 ? rows.length - bottom.length : belowRow;
		const pageBody = rows.slice(start, end);
		const where = `${what}, page ${index + 1} of ${pages.length}`;
		assert.deepEqual(rows.slice(0, top.length), top, `${where}: the header stays on top:\n${page}`);
		assert.deepEqual(rows.slice(end + (belowRow < 0 ? 0 : 1)), bottom, `${where}: the key hints stay below:\n${page}`);
		assert.equal(aboveRow, index === 0 ? -1 : top.length, `${where}: "↑ … more lines" under the header after the first page:\n${page}`);
		total ||= pageBody.length + below;
		assert.equal(above + pageBody.length + below, total, `${where}: the rows shown and the rows said to be above and below add up:\n${page}`);
		if (index > 0) {
			assert.equal(above, Math.min(previous.above + previous.rows - 1, total - pageBody.length), `${where}: PgDn moves on by all but one row, which stays in view:\n${page}`);
		}

		// The keys are named once, on the last indicator line, where they fit.
		const indicators = [aboveRow, belowRow].filter(row => row >= 0).map(row => rows[row]!);
		for (const [position, line] of indicators.entries()) {
			const hint = (moreAbove.exec(line) ?? moreBelow.exec(line))![2];
			const isLast = position === indicators.length - 1;
			const fullLength = line.length + (hint === undefined ? ` — ${scrollHint}`.length : 0);
			assert.equal(hint, isLast && fullLength <= cols ? scrollHint : undefined, `${where}: the keys after the last indicator line, when it has room for them: "${line}"`);
		}

		for (const [offset, row] of pageBody.entries()) {
			const known = body[above + offset];
			assert.ok(known === undefined || withoutNumbers(known) === withoutNumbers(row), `${where}: row ${above + offset} reads "${row}", the page before showed "${known}"`);
			body[above + offset] = row;
		}

		previous = {above, rows: pageBody.length};
	}

	// filter() skips the holes a row never read would leave.
	assert.equal(body.filter(row => typeof row === 'string').length, total, `${what}: the pages read cover every row of the body, none skipped`);
	const topLine = new RegExp(`^${escapeRegExp(firstRows[belowIndex]!)}$`, 'm');
	if (hasField) {
		for (let page = 0; !topLine.test(terminal.screen()); page++) {
			assert.ok(page < pages.length, `${what}: PgUp goes back to the top:\n${terminal.screen()}`);
			// eslint-disable-next-line no-await-in-loop -- a page at a time, as a user goes
			await terminal.press(scrollKeys.pageUp);
		}
	} else {
		await terminal.press(scrollKeys.home);
	}

	const home = await terminal.waitFor(topLine);
	assert.ok(!home.split('\n').some(row => moreAbove.test(row)), `${what}: back at the top:\n${home}`);
	return {screen: first, pages, top, bottom, body, whole: [...top, ...body, ...bottom].join('\n')};
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
