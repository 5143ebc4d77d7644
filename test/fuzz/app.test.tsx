import assert from 'node:assert/strict';
import {readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {setTimeout as delay} from 'node:timers/promises';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import fc from 'fast-check';
import type {ReactElement} from 'react';
import {cleanup} from 'ink-testing-library';
import {ExitRequest} from '../../source/errors/exit-request.js';
import type {Token} from '../../source/oauth/token-client.js';
import type {ProfileStore} from '../../source/profiles/profile-store.js';
import {unfinishedPasteMs} from '../../source/ui/keys/decode-keys.js';
import {
	bigPasteArb,
	keyBytesArb,
	keypressesOf,
	keypressPerCharacter,
	type KeyWrapper,
	keyWrapperArb,
	nastyTextArb,
	realSecretLike,
	secretArb,
	serviceKeyText,
} from '../helpers/fuzz-arbitraries.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {fetchTransport} from '../helpers/demo-transport.js';
import {answer, startTestServer, type TestServer} from '../helpers/http-server.js';
import {type AppDriver, keys, renderApp} from '../helpers/ink.js';

const arrows = {up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D'} as const;
const hour = 3600 * 1000;

/** A key or paste the fuzzer sends; some are resolved against the screen, as a user types what the screen asks for. */
type Event =
	| {kind: 'key'; sequence: string}
	| {kind: 'text'; text: string}
	/** The clientsecret, typed only where the wizard asks for it (elsewhere a harmless word). */
	| {kind: 'secret'}
	/** Several keys written at once, as tmux, a password manager or a fast typist over SSH sends them. */
	| {kind: 'burst'; sequences: string[]}
	/** A whole service key holding the secret, pasted on whatever screen is showing. */
	| {kind: 'key-paste'; isCutOff: boolean; form: PasteForm; wrapper: KeyWrapper}
	| {kind: 'value'; which: 'url' | 'clientid' | 'wrong-secret' | 'remote-url' | 'token-url'}
	/** Lets a token request in flight finish. */
	| {kind: 'wait'};

/**
 * How a terminal delivers a paste: in paste brackets (in one read, or in two), or bare, which a key's line breaks give
 * away; a key printed on one line (jq -c, some web pages) has no line break to tell it from typing.
 */
type PasteForm = 'bracketed' | 'bracketed-in-two-reads' | 'unbracketed' | 'one-line';
const pasteForms: readonly PasteForm[] = ['bracketed', 'bracketed-in-two-reads', 'unbracketed', 'one-line'];

type Start = 'picker' | 'filter' | 'rename' | 'url' | 'clientid' | 'secret' | 'result' | 'failure' | 'save-name' | 'save-secret' | 'confirm-key' | 'cached-profile';
const starts: readonly Start[] = ['picker', 'filter', 'rename', 'url', 'clientid', 'secret', 'result', 'failure', 'save-name', 'save-secret', 'confirm-key', 'cached-profile'];
/** The screens with a text field, where a service key can be pasted by mistake: the wizard's steps, the picker's filter and rename, the save name. */
const fieldStarts: readonly Start[] = ['url', 'clientid', 'secret', 'picker', 'filter', 'rename', 'save-name'];

/** Text for the fuzzer to type: never exactly q or Ctrl+C, which quit by design (tested on their own below). */
const typedTextArb = fc.oneof({arbitrary: nastyTextArb, weight: 8}, {arbitrary: bigPasteArb, weight: 1}).filter(text => text !== 'q' && text !== '\u0003');

const navigationKeys = [keys.enter, keys.enter, keys.escape, keys.escape, keys.tab, keys.backspace, '\u001B[3~', arrows.up, arrows.down, arrows.left, arrows.right, '\u001B[H', '\u001B[F', '\u001B[5~'];

/**
 * What a terminal sends for keys with modifiers (xterm's CSI 1;<modifier> forms: Ctrl+F1 is ESC[1;5P), Shift+Tab,
 * Alt+letter, and the reports it sends unasked: focus, mouse, device status. A user can press or trigger any of them.
 */
const terminalSequenceArb: fc.Arbitrary<string> = fc.oneof(
	fc.tuple(fc.integer({min: 2, max: 8}), fc.constantFrom(...'ABCDHFPQRS')).map(([modifier, final]) => `\u001B[1;${modifier}${final}`),
	fc.tuple(fc.constantFrom(2, 3, 5, 6, 15, 17, 18, 19, 20, 21, 23, 24), fc.integer({min: 2, max: 8})).map(([number, modifier]) => `\u001B[${number};${modifier}~`),
	fc.constantFrom('\u001BOP', '\u001BOQ', '\u001B[11~', '\u001B[Z', '\u001Bx', '\u001Bq', '\u001B\u001B[A', '\u001B[I', '\u001B[O', '\u001B[<0;5;5M', '\u001B[0n', '\u001B[12;40R', '\u001B[?1;2c'),
);
const commandLetters = ['y', 'n', 'Y', 'N', 's', 'v', 'c', 'C', 'i', '?', 'R', 'r', 'e', 'd'];

/** One key of a burst: every editing, readline and Alt key, arrows in both encodings, commands; never q, which quits. */
const burstKeyArb: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: keyBytesArb, weight: 6},
	{arbitrary: fc.constantFrom(...navigationKeys, ...commandLetters), weight: 3},
	{arbitrary: terminalSequenceArb, weight: 1},
	{arbitrary: fc.string({unit: fc.constantFrom(...'abs1-é🔑 .'), minLength: 1, maxLength: 4}), weight: 1},
).filter(sequence => sequence !== 'q' && sequence !== '\u001Bq');

const keyPasteArb: fc.Arbitrary<Extract<Event, {kind: 'key-paste'}>> = fc.record({
	kind: fc.constant('key-paste' as const),
	isCutOff: fc.boolean(),
	form: fc.constantFrom(...pasteForms),
	wrapper: keyWrapperArb,
});

const eventArb: fc.Arbitrary<Event> = fc.oneof(
	{arbitrary: fc.constantFrom(...navigationKeys).map(sequence => ({kind: 'key' as const, sequence})), weight: 8},
	{arbitrary: terminalSequenceArb.filter(sequence => sequence !== '\u001Bq').map(sequence => ({kind: 'key' as const, sequence})), weight: 2},
	{arbitrary: fc.constantFrom(...commandLetters).map(sequence => ({kind: 'key' as const, sequence})), weight: 4},
	{arbitrary: keyBytesArb.filter(sequence => sequence !== 'q').map(sequence => ({kind: 'key' as const, sequence})), weight: 4},
	{arbitrary: fc.array(burstKeyArb, {minLength: 2, maxLength: 6}).map(sequences => ({kind: 'burst' as const, sequences})), weight: 4},
	{arbitrary: typedTextArb.map(text => ({kind: 'text' as const, text})), weight: 6},
	{arbitrary: fc.constant({kind: 'secret' as const}), weight: 2},
	{arbitrary: keyPasteArb, weight: 2},
	{arbitrary: fc.constantFrom('url', 'clientid', 'wrong-secret', 'remote-url', 'token-url').map(which => ({kind: 'value' as const, which})), weight: 2},
	{arbitrary: fc.constant({kind: 'wait' as const}), weight: 1},
);

/** The screens a user can be looking at; anything else on screen means the app lost its way. */
const recognisableScreens: Array<[string, RegExp]> = [
	['wizard step', /Step [123]\/3 (?:url|clientid|clientsecret)/],
	['result', /✓ (?:Token received|Cached token)/],
	['signing in', /Requesting a token from|Waiting for the sign-in in the browser/],
	['failure', /✗ [\s\S]*while requesting/],
	['service key read', /✓ Read /],
	['picker', /Saved profiles/],
	// g on a result: how to sign in as a user, and the user's steps; the guide may stand beside them.
	['sign in as a user', /^Sign in as a user(?: (?:username|password|passcode))?(?: {2,}│.*)?$/m],
];

function screenKind(screen: string): string | undefined {
	return recognisableScreens.find(([, pattern]) => pattern.test(screen))?.[0];
}

/** The writes that deliver a service key's text in a paste form. */
function pasteWrites(text: string, form: PasteForm): string[] {
	switch (form) {
		case 'bracketed': {
			return [`\u001B[200~${text}\u001B[201~`];
		}

		case 'bracketed-in-two-reads': {
			const middle = Math.floor(text.length / 2);
			return [`\u001B[200~${text.slice(0, middle)}`, `${text.slice(middle)}\u001B[201~`];
		}

		case 'unbracketed':
		case 'one-line': {
			return [text];
		}

		default: {
			const unhandled: never = form;
			return unhandled;
		}
	}
}

const tick = async (ms: number) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

/** Writes one chunk, as a terminal sends a key or a paste, and waits for its frame (briefly: many keys change nothing). */
async function send(driver: AppDriver, chunk: string): Promise<void> {
	const framesBefore = driver.frames.length;
	try {
		driver.stdin.write(chunk);
	} catch (error) {
		// Ink reads stdin in an event handler: in a terminal this is an uncaught exception that ends the process.
		throw new Error(`the app crashed on the input ${JSON.stringify(chunk)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	}

	const deadline = Date.now() + 30;
	while (driver.frames.length === framesBefore && Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop -- polling for the frame
		await tick(2);
	}

	await tick(6);
}

/** Waits while a token request is in flight, so the next key meets the screen that follows it. */
async function settle(driver: AppDriver): Promise<void> {
	const deadline = Date.now() + 5000;
	while (/Requesting a token from/.test(driver.screen()) && Date.now() < deadline) {
		// eslint-disable-next-line no-await-in-loop -- polling for the answer
		await tick(10);
	}

	await tick(10);
}

describe('fuzz: the app in-process under random keys, pastes and text', () => {
	const suite = setUpAppSuite({
		clientSecret: realSecretLike,
		directoryPrefix: 'uaa-token-fuzz-',
		transport: fetchTransport({timeoutMs: 5000, retry: {attempts: 1}}),
		async copyToClipboard() {
			throw new Error('no clipboard in tests.');
		},
	});
	let anySecretServer: TestServer;
	let directory: string;
	let store: ProfileStore;
	const unexpected: unknown[] = [];
	const onUnexpected = (error: unknown) => {
		unexpected.push(error);
	};

	before(async () => {
		// Accepts any credentials, so a random secret can reach the result screen and the save dialog.
		anySecretServer = await startTestServer((request, response) => {
			request.resume();
			request.on('end', () => {
				answer(response, 200, JSON.stringify({access_token: `eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJmdXp6In0.${'s'.repeat(40)}`, token_type: 'bearer', expires_in: 43_199, scope: 'uaa.resource'}));
			});
		});
		process.on('unhandledRejection', onUnexpected);
		process.on('uncaughtException', onUnexpected);
	});

	after(async () => {
		process.off('unhandledRejection', onUnexpected);
		process.off('uncaughtException', onUnexpected);
		await anySecretServer.close();
	});

	beforeEach(() => {
		unexpected.length = 0;
	});

	afterEach(() => {
		cleanup();
		assert.deepEqual(unexpected, [], 'no unhandled rejection or uncaught exception while the app ran');
	});

	function openStore(): void {
		({directory, store} = suite.freshStore());
	}

	function removeStore(): void {
		rmSync(directory, {recursive: true, force: true});
	}

	function saveProfile(expiresInMs: number): void {
		const now = Date.now();
		store.save({
			name: 'saved',
			url: suite.demo.uaaUrl,
			clientId: suite.demo.clientId,
			clientSecret: realSecretLike,
			authMethod: 'post',
			createdAt: new Date(now - hour).toISOString(),
			lastUsedAt: new Date(now - hour).toISOString(),
			token: {accessToken: `cached-${'x'.repeat(40)}`, tokenType: 'bearer', scopes: ['uaa.resource'], expiresAt: now + expiresInMs, receivedAt: now - hour},
		});
	}

	type Run = {driver: AppDriver; exit: {value?: unknown; hasExited: boolean}};

	async function render(element: ReactElement): Promise<Run> {
		const driver = await renderApp(element);
		const exit: Run['exit'] = {hasExited: false};
		void driver.exited.then(value => {
			exit.hasExited = true;
			exit.value = value;
		});
		return {driver, exit};
	}

	function app(initialValues?: {url?: string; clientid?: string}, url = suite.demo.uaaUrl) {
		return suite.app({store, initialValues: initialValues === undefined ? undefined : {url, ...initialValues}});
	}

	async function expectScreen(driver: AppDriver, text: string | RegExp): Promise<void> {
		await driver.waitFor(text, 5000);
	}

	/** Drives the app with a saved profile in the store to the screen a run starts from. */
	async function startAt(start: Start, secret: string): Promise<Run> {
		saveProfile(start === 'cached-profile' ? 6 * hour : -hour);
		// The demo server knows only the realistic secret; a random one gets its token from a server that takes any.
		const tokenServerUrl = secret === realSecretLike || start === 'failure' ? suite.demo.uaaUrl : anySecretServer.url;
		if (start === 'picker' || start === 'filter' || start === 'rename' || start === 'cached-profile') {
			const run = await render(app());
			await expectScreen(run.driver, '› saved');
			if (start === 'cached-profile') {
				await send(run.driver, keys.enter);
				await expectScreen(run.driver, 'Cached token');
			}

			if (start === 'filter') {
				await send(run.driver, 's');
				await send(run.driver, 'a');
				await expectScreen(run.driver, 'filter: sa');
			}

			if (start === 'rename') {
				await send(run.driver, 'r');
				await expectScreen(run.driver, 'Rename "saved" to:');
			}

			return run;
		}

		if (start === 'url' || start === 'confirm-key') {
			const run = await render(app({url: ''}));
			await expectScreen(run.driver, 'Step 1/3');
			if (start === 'confirm-key') {
				await send(run.driver, serviceKeyText({url: tokenServerUrl, clientid: suite.demo.clientId, clientsecret: secret}, 'cf-service-key'));
				await send(run.driver, keys.enter);
				await expectScreen(run.driver, '✓ Read');
			}

			return run;
		}

		const run = await render(app({url: tokenServerUrl, clientid: suite.demo.clientId}, tokenServerUrl));
		await expectScreen(run.driver, 'Step 1/3');
		await send(run.driver, keys.enter);
		await expectScreen(run.driver, 'Step 2/3');
		if (start === 'clientid') {
			return run;
		}

		await send(run.driver, keys.enter);
		await expectScreen(run.driver, 'Step 3/3');
		if (start === 'secret') {
			return run;
		}

		await send(run.driver, start === 'failure' ? 'wrong+secret' : secret);
		await send(run.driver, keys.enter);
		if (start === 'failure') {
			await expectScreen(run.driver, 'The clientid or clientsecret is wrong');
			return run;
		}

		await expectScreen(run.driver, 'press s to save');
		if (start === 'save-name' || start === 'save-secret') {
			await send(run.driver, 's');
			await expectScreen(run.driver, 'Save these values as a profile');
		}

		if (start === 'save-secret') {
			await send(run.driver, keys.enter);
			await expectScreen(run.driver, 'too?');
		}

		return run;
	}

	/** Sends an event, choosing what to type from what the screen asks for. */
	async function play(driver: AppDriver, event: Event, secret: string): Promise<void> {
		const screen = driver.screen();
		switch (event.kind) {
			case 'key': {
				await send(driver, event.sequence);
				break;
			}

			case 'text': {
				await send(driver, event.text);
				break;
			}

			case 'secret': {
				await send(driver, /Step 3\/3 clientsecret/.test(screen) ? secret : 'not-it');
				break;
			}

			case 'burst': {
				await send(driver, event.sequences.join(''));
				break;
			}

			case 'key-paste': {
				await pasteKey(driver, event, secret);
				break;
			}

			case 'value': {
				const values = {
					url: suite.demo.uaaUrl,
					clientid: suite.demo.clientId,
					'wrong-secret': 'wrong+secret',
					'remote-url': 'http://uaa.example.test',
					'token-url': `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`,
				};
				await send(driver, values[event.which]);
				break;
			}

			case 'wait': {
				await settle(driver);
				break;
			}

			default: {
				const unhandled: never = event;
				throw new Error(`unknown event ${JSON.stringify(unhandled)}`);
			}
		}
	}

	/** Pastes a whole service key holding the secret, on whatever screen is showing, in the form the event says. */
	async function pasteKey(driver: AppDriver, paste: Extract<Event, {kind: 'key-paste'}>, secret: string): Promise<void> {
		const whole = serviceKeyText({url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}, paste.wrapper, paste.form === 'one-line' ? 0 : 2);
		const text = paste.isCutOff ? whole.slice(0, -3) : whole;
		for (const write of pasteWrites(text, paste.form)) {
			// eslint-disable-next-line no-await-in-loop -- the reads of one paste, in order
			await send(driver, write);
		}
	}

	/** Esc back to the picker, pick "New profile" through a filter nothing matches, and get a token. */
	async function completeNewFlow(driver: AppDriver, {mayHaveBegunPaste = false} = {}): Promise<void> {
		if (mayHaveBegunPaste) {
			// A paste begun and never ended holds the keys until it has been quiet for a while, so the user waits, then tries again.
			await delay(unfinishedPasteMs + 100);
		}

		for (let count = 0; count < 10 && !driver.screen().includes('Saved profiles'); count++) {
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await settle(driver);
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await send(driver, keys.escape);
		}

		await expectScreen(driver, 'Saved profiles');
		// Clears a filter, or closes a rename or delete dialog.
		await send(driver, keys.escape);
		await send(driver, keys.escape);
		await send(driver, '~no~match~');
		await expectScreen(driver, /› \+ New profile/);
		await send(driver, keys.enter);
		await expectScreen(driver, 'Step 1/3');
		await send(driver, suite.demo.uaaUrl);
		await send(driver, keys.enter);
		await expectScreen(driver, 'Step 2/3');
		await send(driver, suite.demo.clientId);
		await send(driver, keys.enter);
		await expectScreen(driver, 'Step 3/3');
		await send(driver, realSecretLike);
		await send(driver, keys.enter);
		await expectScreen(driver, 'Token received');
	}

	function checkExit(exit: Run['exit']): void {
		if (!exit.hasExited) {
			return;
		}

		// q quits with nothing (result, picker) or with the failure's exit code; Ctrl+C with 130.
		const {value} = exit;
		assert.ok(
			value === undefined || (value instanceof ExitRequest && [1, 2, 3, 130].includes(value.exitCode)),
			`the app ended with an error that is not a documented exit: ${value instanceof Error ? (value.stack ?? value.message) : String(value)}`,
		);
	}

	function checkNoSecret(driver: AppDriver, secret: string): void {
		const output = driver.allOutput();
		assert.ok(!output.includes(secret), `the secret reached the screen:\n${output.split('\n').find(line => line.includes(secret)) ?? ''}`);
		assert.ok(!output.includes(realSecretLike), 'the saved profile\'s secret reached the screen');
	}

	const scenarioArb = fc.record({
		start: fc.constantFrom(...starts),
		secret: fc.oneof(fc.constant(realSecretLike), secretArb),
		events: fc.array(eventArb, {minLength: 2, maxLength: 9}),
	});

	it('never crashes, stays on a screen the user can read, never shows the secret, and a new flow still completes, from every screen', async () => {
		await fc.assert(
			fc.asyncProperty(scenarioArb, async ({start, secret, events}) => {
				openStore();
				try {
					const {driver, exit} = await startAt(start, secret);
					for (const event of events) {
						if (exit.hasExited) {
							break;
						}

						// eslint-disable-next-line no-await-in-loop -- one event at a time, as a user sends them
						await play(driver, event, secret);
					}

					await settle(driver);
					checkExit(exit);
					assert.deepEqual(unexpected, [], 'no unhandled rejection or uncaught exception');
					if (!exit.hasExited) {
						const screen = driver.screen();
						assert.ok(screen.includes('uaa-token'), `the header is gone:\n${screen}`);
						assert.ok(screenKind(screen), `no screen the user can recognise:\n${screen}`);
						// With a profile left, Esc always leads back to the picker and a new flow can be walked.
						if (store.list().length > 0) {
							await completeNewFlow(driver, {mayHaveBegunPaste: JSON.stringify(events).includes(String.raw`\u001b[200~`)});
						}
					}

					checkNoSecret(driver, secret);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			{numRuns: 15, includeErrorInReport: true},
		);
	});

	it('ends only the documented ways when q, Ctrl+C and Esc are pressed on any screen', async () => {
		const quitting = fc.record({
			start: fc.constantFrom(...starts),
			events: fc.array(fc.oneof(eventArb, fc.constantFrom<Event>({kind: 'key', sequence: 'q'}, {kind: 'key', sequence: keys.ctrlC}, {kind: 'key', sequence: '\u001Bq'})), {
				minLength: 1,
				maxLength: 5,
			}),
		});
		await fc.assert(
			fc.asyncProperty(quitting, async ({start, events}) => {
				openStore();
				try {
					const {driver, exit} = await startAt(start, realSecretLike);
					for (const event of [...events, {kind: 'key', sequence: keys.ctrlC} as const]) {
						if (exit.hasExited) {
							break;
						}

						// eslint-disable-next-line no-await-in-loop -- one event at a time
						await play(driver, event, realSecretLike);
					}

					const deadline = Date.now() + 2000;
					while (!exit.hasExited && Date.now() < deadline) {
						// eslint-disable-next-line no-await-in-loop -- waiting for the exit
						await tick(5);
					}

					assert.ok(exit.hasExited, `Ctrl+C did not end the app:\n${driver.screen()}`);
					checkExit(exit);
					checkNoSecret(driver, realSecretLike);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			{numRuns: 10, includeErrorInReport: true},
		);
	});

	it('never crashes on the sequences a terminal sends for modified keys and reports, on any screen', async () => {
		const pressing = fc.record({start: fc.constantFrom(...starts), sequences: fc.array(terminalSequenceArb, {minLength: 1, maxLength: 3})});
		await fc.assert(
			fc.asyncProperty(pressing, async ({start, sequences}) => {
				openStore();
				try {
					const {driver, exit} = await startAt(start, realSecretLike);
					for (const sequence of sequences) {
						// eslint-disable-next-line no-await-in-loop -- one key at a time
						await send(driver, sequence);
					}

					await settle(driver);
					checkExit(exit);
					assert.ok(exit.hasExited || screenKind(driver.screen()), `no screen the user can recognise:\n${driver.screen()}`);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			// Ctrl+F1 in xterm, GNOME Terminal, iTerm2 and Windows Terminal, first on every run.
			{numRuns: 8, includeErrorInReport: true, examples: [[{start: 'url', sequences: ['\u001B[1;5P']}]]},
		);
	});

	it('never shows a service key pasted at the url step, whatever the url field already held', async () => {
		// The field holds text after Esc back, after "edit the url" on a failure, with --url, or after a stray key.
		const pasting = fc.record({
			secret: fc.oneof(fc.constant(realSecretLike), secretArb),
			before: fc.oneof({withCrossShrink: true}, fc.constantFrom('', ' ', 'h', 'https://mysubaccount.authentication.eu10.hana.ondemand.com'), nastyTextArb),
			wrapper: keyWrapperArb,
		});
		await fc.assert(
			fc.asyncProperty(pasting, async ({secret, before, wrapper}) => {
				openStore();
				try {
					const {driver} = await render(app({url: before}));
					await expectScreen(driver, 'Step 1/3');
					await send(driver, serviceKeyText({url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}, wrapper));
					await send(driver, keys.enter);
					await settle(driver);
					assert.ok(screenKind(driver.screen()), `no screen the user can recognise:\n${driver.screen()}`);
					checkNoSecret(driver, secret);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			{numRuns: 10, includeErrorInReport: true, examples: [[{secret: realSecretLike, before: 'https://mysubaccount.authentication.eu10.hana.ondemand.com', wrapper: 'plain'}]]},
		);
	});

	it('never shows the secret of a service key pasted at any step, in brackets or bare, whole or cut off, nor after it', async () => {
		const pasting = fc.record({
			start: fc.constantFrom(...starts),
			secret: fc.oneof(fc.constant(realSecretLike), secretArb),
			paste: keyPasteArb,
			// What a user does next: read the key, drop it, keep typing, or press anything.
			after: fc.array(
				fc.oneof(
					fc.constantFrom<Event>({kind: 'key', sequence: keys.enter}, {kind: 'key', sequence: keys.escape}, {kind: 'wait'}, {kind: 'burst', sequences: [keys.enter, keys.enter]}),
					eventArb,
				),
				{maxLength: 4},
			),
		});
		// Every start on every run: each field a key can land in with each paste form, and each screen without a field.
		const examples = starts.map((start, index): [{start: Start; secret: string; paste: Extract<Event, {kind: 'key-paste'}>; after: Event[]}] => [
			{
				start,
				secret: realSecretLike,
				paste: {
					kind: 'key-paste',
					isCutOff: false,
					form: fieldStarts.includes(start) ? pasteForms[index % pasteForms.length]! : index % 2 === 0 ? 'unbracketed' : 'bracketed-in-two-reads',
					wrapper: 'plain',
				},
				after: [{kind: 'key', sequence: keys.enter}, {kind: 'wait'}],
			},
		]);
		await fc.assert(
			fc.asyncProperty(pasting, async ({start, secret, paste, after: next}) => {
				openStore();
				try {
					const {driver, exit} = await startAt(start, secret);
					await pasteKey(driver, paste, secret);
					for (const event of next) {
						if (exit.hasExited) {
							break;
						}

						// eslint-disable-next-line no-await-in-loop -- one event at a time
						await play(driver, event, secret);
					}

					await settle(driver);
					checkExit(exit);
					assert.ok(exit.hasExited || screenKind(driver.screen()), `no screen the user can recognise:\n${driver.screen()}`);
					checkNoSecret(driver, secret);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			// The examples count towards the runs: these are 4 random runs more.
			{numRuns: examples.length + 4, includeErrorInReport: true, examples},
		);
	});

	it('never replays a service key pasted bare on one line as commands where no field is shown', async () => {
		openStore();
		try {
			const {driver, exit} = await startAt('result', realSecretLike);
			await send(driver, serviceKeyText({url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: realSecretLike}, 'plain', 0));
			await settle(driver);
			assert.ok(!exit.hasExited, 'the q in the key did not quit');
			assert.doesNotMatch(driver.screen(), /Save these values as a profile/, 'the s in the key did not open the save dialog');
			checkNoSecret(driver, realSecretLike);
		} finally {
			cleanup();
			removeStore();
		}
	});

	it('still takes keys after a bracketed paste whose end marker came in two reads', async () => {
		openStore();
		try {
			const {driver, exit} = await render(app({url: ''}));
			await expectScreen(driver, 'Step 1/3');
			await send(driver, '\u001B[200~https://x.test\u001B[2');
			await send(driver, '01~');
			await send(driver, '/a');
			await driver.waitFor('> https://x.test/a', 1000);
			await send(driver, keys.ctrlC);
			const deadline = Date.now() + 1000;
			while (!exit.hasExited && Date.now() < deadline) {
				// eslint-disable-next-line no-await-in-loop -- waiting for the exit
				await tick(5);
			}

			assert.ok(exit.hasExited, 'Ctrl+C quits');
		} finally {
			cleanup();
			removeStore();
		}
	});

	it('writes the clientsecret into the profile file only when the user answers y', async () => {
		const saving = fc.record({
			secret: fc.oneof(fc.constant(realSecretLike), secretArb),
			answer: fc.constantFrom('y', 'Y', 'n', 'N'),
			name: fc.constantFrom(undefined, 'my-profile', 'eu10.prod_1'),
		});
		await fc.assert(
			fc.asyncProperty(saving, async ({secret, answer: reply, name}) => {
				openStore();
				try {
					const {driver} = await startAt('save-name', secret);
					if (name !== undefined) {
						// The suggested name is "local"; replace it.
						for (let count = 0; count < 'local'.length; count++) {
							// eslint-disable-next-line no-await-in-loop -- one key at a time
							await send(driver, keys.backspace);
						}

						await send(driver, name);
					}

					const profileName = name ?? 'local';
					await expectScreen(driver, `> ${profileName}`);
					await send(driver, keys.enter);
					await expectScreen(driver, 'too?');
					await send(driver, reply);
					await expectScreen(driver, `Saved as the profile "${profileName}"`);
					const isStored = reply.toLowerCase() === 'y';
					const file = readFileSync(store.pathOf(profileName), 'utf8');
					assert.equal(file.includes(secret), isStored, isStored ? 'y stores the secret in the profile file' : 'n keeps the secret out of the profile file');
					assert.equal(statSync(store.pathOf(profileName)).mode & 0o777, 0o600, 'the profile file is owner-only');
					if (!isStored) {
						// Nor in any other file the store wrote for this profile (temporary files included).
						const files = readdirSync(join(directory, 'profiles')).filter(entry => entry.startsWith(profileName));
						for (const entry of files) {
							assert.ok(!readFileSync(join(directory, 'profiles', entry), 'utf8').includes(secret), `${entry} holds the secret`);
						}
					}

					assert.equal(store.get(profileName)?.clientSecret, isStored ? secret : undefined);
					checkNoSecret(driver, secret);
				} finally {
					cleanup();
					removeStore();
				}
			}),
			{numRuns: 5, includeErrorInReport: true},
		);
	});
});

/** Key sequences for the one-write property: every editing, readline and Alt key, arrows in both encodings, Esc, "?", a space, and pastes. */
const sameScreenKeyArb: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: keyBytesArb, weight: 14},
	{
		arbitrary: fc.constantFrom(
			`\u001B[200~${serviceKeyText({url: 'https://pasted.authentication.eu10.hana.ondemand.com', clientid: 'sb-pasted!t7', clientsecret: realSecretLike}, 'plain')}\u001B[201~`,
			'\u001B[200~https://x.test/p\r\n\u001B[201~',
			'\u001B[200~sb-pasted!t7\u001B[201~',
		),
		weight: 1,
	},
);

/** Whether the bytes of these keys mean the same keys in one read as one per read: not after a lone Esc with a key that has an Alt binding (the terminal sends Alt+b as Esc b). */
function isSameInOneRead(sequence: readonly string[]): boolean {
	return JSON.stringify(keypressPerCharacter(keypressesOf([sequence.join('')]))) === JSON.stringify(keypressPerCharacter(keypressesOf(sequence, {isSlow: true})));
}

describe('fuzz: the same keys written one per write and all in one write end on the same screen', () => {
	const fixedNow = Date.UTC(2025, 0, 6, 9);
	const token: Token = {
		accessToken: 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzYW1lIn0.c2lnbmF0dXJl',
		tokenType: 'bearer',
		expiresIn: 43_199,
		scopes: ['uaa.resource'],
		jti: undefined,
		authMethod: 'post',
		tokenUrl: 'https://x.authentication.eu10.hana.ondemand.com/oauth/token',
		receivedAt: fixedNow,
		expiresAt: fixedNow + 43_199_000,
	};
	type SameStart = 'picker' | 'filter' | 'rename' | 'url' | 'clientid' | 'secret' | 'kept-secret' | 'save-name';
	const sameStarts: readonly SameStart[] = ['picker', 'filter', 'rename', 'url', 'clientid', 'secret', 'kept-secret', 'save-name'];
	const suite = setUpAppSuite({clientSecret: 'Same$ecret', directoryPrefix: 'uaa-token-same-', copyToClipboard: async () => 'system'});

	type Run = {driver: AppDriver; hasExited: () => boolean};

	/**
	 * The app at a start screen, with its own store of three profiles (a rename or delete in one run leaves the other's
	 * alone), a clock that stands still, and token requests that answer only until the start screen is reached: a
	 * request that finished between two slow keys, but after a burst, would end the runs on different screens.
	 */
	async function startSame(start: SameStart): Promise<Run> {
		const {store} = suite.freshStore();
		for (const [name, clientSecret] of [['sub1', 'Saved$ecret1'], ['sub2', undefined], ['sub10', undefined]] as const) {
			const at = new Date(fixedNow - hour).toISOString();
			store.save({name, url: `https://${name}.authentication.eu10.hana.ondemand.com`, clientId: `sb-${name}!t1`, clientSecret, createdAt: at, lastUsedAt: at});
		}

		let isAnswering = true;
		const isAtWizard = start !== 'picker' && start !== 'filter' && start !== 'rename';
		const driver = await renderApp(
			suite.app({
				store,
				now: () => fixedNow,
				initialValues: isAtWizard ? {url: start === 'url' ? '' : 'https://x.authentication.eu10.hana.ondemand.com', clientid: 'sb-x!t1'} : undefined,
				transport: async () => (isAnswering ? token : new Promise<Token>(() => undefined)),
			}),
		);
		let hasExited = false;
		void driver.exited.then(() => {
			hasExited = true;
		});
		if (isAtWizard) {
			await driver.waitFor('Step 1/3');
		} else {
			await driver.waitFor('› sub1');
		}

		const steps: Record<SameStart, Array<[string, string | RegExp]>> = {
			picker: [],
			filter: [['s', 'filter: s']],
			rename: [[arrows.down, '› sub2'], ['r', 'Rename "sub2" to:']],
			url: [],
			clientid: [[keys.enter, 'Step 2/3']],
			secret: [[keys.enter, 'Step 2/3'], [keys.enter, 'Step 3/3']],
			'kept-secret': [[keys.enter, 'Step 2/3'], [keys.enter, 'Step 3/3'], ['Typed$ecret9', 'Step 3/3'], [keys.enter, 'Requesting a token']],
			'save-name': [[keys.enter, 'Step 2/3'], [keys.enter, 'Step 3/3'], ['Typed$ecret9', 'Step 3/3'], [keys.enter, 'Token received'], ['s', 'Save these values']],
		};
		if (start === 'kept-secret') {
			isAnswering = false;
		}

		for (const [key, expected] of steps[start]) {
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await send(driver, key);
			// eslint-disable-next-line no-await-in-loop -- see above
			await driver.waitFor(expected, 3000);
		}

		if (start === 'kept-secret') {
			await send(driver, keys.escape);
			await driver.waitFor('kept: 12 characters', 3000);
		}

		isAnswering = false;
		return {driver, hasExited: () => hasExited};
	}

	/**
	 * The screen once it has stopped changing, with what differs between two runs by design left out: the signing-in
	 * spinner's frame, which turns with time, and the name of each run's own store directory.
	 */
	async function settledScreen(driver: AppDriver): Promise<string> {
		const screenNow = () =>
			driver
				.screen()
				.replace(/^\S(?= Requesting a token)/m, '*')
				.replaceAll(/uaa-token-same-\w{6}/g, 'uaa-token-same-XXXXXX');
		const deadline = Date.now() + 2000;
		let screen = screenNow();
		let quietSince = Date.now();
		while (Date.now() < deadline && Date.now() - quietSince < 80) {
			// eslint-disable-next-line no-await-in-loop -- polling for quiet
			await tick(10);
			if (screenNow() !== screen) {
				screen = screenNow();
				quietSince = Date.now();
			}
		}

		return screen;
	}

	/** Runs the keys from the start screen twice, one per write and all in one write, and gives both final screens. */
	async function bothWays(start: SameStart, sequence: readonly string[]): Promise<{slow: string; burst: string; slowExited: boolean; burstExited: boolean}> {
		const slowRun = await startSame(start);
		for (const key of sequence) {
			if (slowRun.hasExited()) {
				break;
			}

			// eslint-disable-next-line no-await-in-loop -- one key per write, each after the frame of the one before
			await send(slowRun.driver, key);
		}

		const slow = await settledScreen(slowRun.driver);
		const slowExited = slowRun.hasExited();
		cleanup();
		const burstRun = await startSame(start);
		await send(burstRun.driver, sequence.join(''));
		const burst = await settledScreen(burstRun.driver);
		const burstExited = burstRun.hasExited();
		cleanup();
		return {slow, burst, slowExited, burstExited};
	}

	it('ends on the same screen, whatever the keys, from a field on every screen that has one', async () => {
		// A last printable key shows where the cursor was, which the frames, ANSI stripped, would not.
		const sequenceArb = fc.array(sameScreenKeyArb, {minLength: 1, maxLength: 9}).map(sequence => [...sequence, 'Z']).filter(sequence => isSameInOneRead(sequence));
		const examples: Array<[{start: SameStart; sequence: string[]}]> = [
			// Found by this property: Esc and q in one read quit with the cancelled rename still drawn; q and Z in one read
			// typed Z into the filter after the quit was asked for.
			[{start: 'rename', sequence: ['\u001B', 'q', '\r', 'Z']}],
			[{start: 'picker', sequence: ['q', 'Z']}],
			[{start: 'picker', sequence: ['s', 'u', 'b', '1', '\u001B[B', '\r']}],
			[{start: 'url', sequence: ['h', 't', '\u001B[D', '\u0001', 'a', '\u0005', '\u0017', '\u001Bb', 'Z']}],
		];
		await fc.assert(
			fc.asyncProperty(fc.record({start: fc.constantFrom(...sameStarts), sequence: sequenceArb}), async ({start, sequence}) => {
				const {slow, burst, slowExited, burstExited} = await bothWays(start, sequence);
				assert.equal(burstExited, slowExited, 'the app quit in one run only');
				assert.equal(burst, slow, `from ${start}, the keys ${JSON.stringify(sequence)} one per write (expected) and in one write (actual) differ`);
			}),
			{numRuns: examples.length + 8, includeErrorInReport: true, examples},
		);
	});

	it('ends on the same screen for a burst with "?" or a space at one end of a run of text', async () => {
		const differing: string[] = [];
		for (const [start, sequence] of [
			// One write opens nothing and types "?a"; typed slowly, ? opens the guide and a is typed.
			['url', ['?', 'a']],
			// "sb " in one write is trimmed to "sb" at once, with a notice; typed slowly, the space stays until Enter.
			['clientid', ['s', 'b', ' ']],
			// Trimmed at once, the value has nothing left to trim on Enter, and the notice says "pasted", or nothing.
			['clientid', ['s', 'b', ' ', '\r']],
		] as Array<[SameStart, string[]]>) {
			// eslint-disable-next-line no-await-in-loop -- one case at a time
			const {slow, burst} = await bothWays(start, sequence);
			if (burst !== slow) {
				differing.push(`from ${start}, the keys ${JSON.stringify(sequence)}:\none per write:\n${slow}\nin one write:\n${burst}`);
			}
		}

		assert.deepEqual(differing, []);
	});
});
