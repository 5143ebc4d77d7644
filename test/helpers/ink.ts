// Drives an Ink app in-process the way a user would: one key at a time, waiting for frames instead of sleeping.

import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';

import {keys} from './keys.js';

export {keys} from './keys.js';

// eslint-disable-next-line no-control-regex -- frames are compared as the user reads them
const ansiPattern = /\u001B\[[\d;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
	return text.replace(ansiPattern, '');
}

/**
 * Renders once into a terminal of the given width and returns the last frame drawn, ANSI stripped:
 * ink-testing-library's stdout is always 100 columns and never a screen reader's.
 */
export function renderFrame(tree: ReactElement, {columns = 100, isScreenReaderEnabled = false}: {columns?: number; isScreenReaderEnabled?: boolean} = {}): string {
	const frames: string[] = [];
	const stdout = Object.assign(new EventEmitter(), {
		columns,
		write(frame: string) {
			frames.push(frame);
			return true;
		},
	});
	const stderr = Object.assign(new EventEmitter(), {write: () => true});
	const stdin = Object.assign(new EventEmitter(), {isTTY: false, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null});
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
		isScreenReaderEnabled,
	});
	instance.unmount();
	return stripAnsi([...frames].reverse().find(frame => stripAnsi(frame).trim() !== '') ?? '');
}

/** The screen read as one line with single spaces: text wraps at any word end, and labels are padded to a column. */
export function unwrap(screen: string): string {
	return screen.replace(/\s+/g, ' ');
}

export type AppDriver = ReturnType<typeof render> & {
	screen: () => string;
	/** Every frame ever written, joined: for checking that something never appeared. */
	allOutput: () => string;
	press: (...sequence: string[]) => Promise<void>;
	typeText: (text: string) => Promise<void>;
	waitFor: (expected: string | RegExp, timeoutMs?: number) => Promise<string>;
	/** Resolves when the app exits, with the error it exited with, if any. */
	exited: Promise<unknown>;
};

const keyDelayMs = 5;
const keyFrameTimeoutMs = 300;

const tick = async (ms = 0) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

export async function renderApp(tree: ReactElement): Promise<AppDriver> {
	const instance = render(tree);
	// Ink keeps one instance per stdout, so rendering the same tree into the same streams returns the
	// instance ink-testing-library created, whose waitUntilExit tells how the app ended.
	const exited = inkRender(tree, {
		stdout: instance.stdout as unknown as NodeJS.WriteStream,
		stdin: instance.stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	})
		.waitUntilExit()
		.then(
			() => undefined,
			(error: unknown) => error,
		);
	const screen = () => stripAnsi(instance.lastFrame() ?? '');
	async function waitFor(expected: string | RegExp, timeoutMs = 5000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const frame = screen();
			// Text may wrap anywhere a word ends, so strings also match the screen read as one line.
			const unwrapped = frame.replace(/[ \t]*\n[ \t]*/g, ' ');
			const isShown = typeof expected === 'string' ? frame.includes(expected) || unwrapped.includes(expected) : expected.test(frame);
			if (isShown) {
				// A frame is painted before its input handlers are subscribed; let them catch up.
				// eslint-disable-next-line no-await-in-loop -- settling once, then returning
				await tick(keyDelayMs * 4);
				return frame;
			}

			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${String(expected)}; the screen shows:\n${frame}`);
			}

			// eslint-disable-next-line no-await-in-loop -- polling for the next frame
			await tick(10);
		}
	}

	async function press(...sequence: string[]): Promise<void> {
		for (const key of sequence) {
			const framesBefore = instance.frames.length;
			instance.stdin.write(key);
			// Wait for the key's frame (some keys change nothing, hence the cap), then for Ink to re-subscribe the
			// input handlers to it: ink-text-input reads its value from the last render, so a key sent sooner is lost.
			const deadline = Date.now() + keyFrameTimeoutMs;
			// eslint-disable-next-line no-await-in-loop -- one key per write, as a terminal sends them
			while (instance.frames.length === framesBefore && Date.now() < deadline) await tick(2);
			// eslint-disable-next-line no-await-in-loop -- see above
			await tick(keyDelayMs);
		}
	}

	await tick(20);
	return {
		...instance,
		screen,
		allOutput: () => instance.frames.map(frame => stripAnsi(frame)).join('\n'),
		press,
		async typeText(text: string) {
			await press(...text);
		},
		waitFor,
		exited,
	};
}

/** With url and clientid filled in, Enter twice reaches the secret. */
export async function walkToSecret(driver: AppDriver): Promise<void> {
	await driver.waitFor('Step 1/3');
	await driver.press(keys.enter);
	await driver.waitFor('Step 2/3');
	await driver.press(keys.enter);
	await driver.waitFor('Step 3/3');
}
