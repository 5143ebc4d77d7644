import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import fc from 'fast-check';
import type {ReactElement} from 'react';
import {cleanup} from 'ink-testing-library';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {ExitRequest} from '../../source/errors/exit-request.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import type {ProfileStore} from '../../source/profiles/profile-store.js';
import {App} from '../../source/ui/app.js';
import {bigPasteArb, keyWrapperArb, nastyTextArb, realSecretLike, secretArb, serviceKeyText} from '../helpers/fuzz-arbitraries.js';
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
	/** A whole service key holding the secret, pasted at the url step. */
	| {kind: 'key-paste'; isCutOff: boolean}
	| {kind: 'value'; which: 'url' | 'clientid' | 'wrong-secret' | 'remote-url' | 'token-url'}
	/** Lets a token request in flight finish. */
	| {kind: 'wait'};

type Start = 'picker' | 'url' | 'clientid' | 'secret' | 'result' | 'failure' | 'save-name' | 'save-secret' | 'confirm-key' | 'cached-profile';
const starts: readonly Start[] = ['picker', 'url', 'clientid', 'secret', 'result', 'failure', 'save-name', 'save-secret', 'confirm-key', 'cached-profile'];

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

const eventArb: fc.Arbitrary<Event> = fc.oneof(
	{arbitrary: fc.constantFrom(...navigationKeys).map(sequence => ({kind: 'key' as const, sequence})), weight: 8},
	{arbitrary: terminalSequenceArb.filter(sequence => sequence !== '\u001Bq').map(sequence => ({kind: 'key' as const, sequence})), weight: 2},
	{arbitrary: fc.constantFrom(...commandLetters).map(sequence => ({kind: 'key' as const, sequence})), weight: 4},
	{arbitrary: typedTextArb.map(text => ({kind: 'text' as const, text})), weight: 6},
	{arbitrary: fc.constant({kind: 'secret' as const}), weight: 2},
	{arbitrary: fc.boolean().map(isCutOff => ({kind: 'key-paste' as const, isCutOff})), weight: 1},
	{arbitrary: fc.constantFrom('url', 'clientid', 'wrong-secret', 'remote-url', 'token-url').map(which => ({kind: 'value' as const, which})), weight: 2},
	{arbitrary: fc.constant({kind: 'wait' as const}), weight: 1},
);

/** The screens a user can be looking at; anything else on screen means the app lost its way. */
const recognisableScreens: Array<[string, RegExp]> = [
	['wizard step', /Step [123]\/3 (?:url|clientid|clientsecret)/],
	['result', /✓ (?:Token received|Cached token)/],
	['signing in', /Requesting a token from/],
	['failure', /✗ [\s\S]*while requesting/],
	['service key read', /✓ Read /],
	['picker', /Saved profiles/],
];

function screenKind(screen: string): string | undefined {
	return recognisableScreens.find(([, pattern]) => pattern.test(screen))?.[0];
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
	let demo: DemoServer;
	let anySecretServer: TestServer;
	let directory: string;
	let store: ProfileStore;
	const unexpected: unknown[] = [];
	const onUnexpected = (error: unknown) => {
		unexpected.push(error);
	};

	before(async () => {
		demo = await startDemoServer({clientSecret: realSecretLike});
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
		await demo.close();
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
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-fuzz-'));
		store = openProfileStore({directory});
	}

	function removeStore(): void {
		rmSync(directory, {recursive: true, force: true});
	}

	function saveProfile(expiresInMs: number): void {
		const now = Date.now();
		store.save({
			name: 'saved',
			url: demo.uaaUrl,
			clientId: demo.clientId,
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

	function app(initialValues?: {url?: string; clientid?: string}, url = demo.uaaUrl) {
		return (
			<App
				store={store}
				initialValues={initialValues === undefined ? undefined : {url, ...initialValues}}
				requestToken={async input => requestToken({...input, timeoutMs: 5000, retry: {attempts: 1}})}
				copyToClipboard={async () => {
					throw new Error('no clipboard in tests.');
				}}
			/>
		);
	}

	async function expectScreen(driver: AppDriver, text: string | RegExp): Promise<void> {
		await driver.waitFor(text, 5000);
	}

	/** Drives the app with a saved profile in the store to the screen a run starts from. */
	async function startAt(start: Start, secret: string): Promise<Run> {
		saveProfile(start === 'cached-profile' ? 6 * hour : -hour);
		// The demo server knows only the realistic secret; a random one gets its token from a server that takes any.
		const tokenServerUrl = secret === realSecretLike || start === 'failure' ? demo.uaaUrl : anySecretServer.url;
		if (start === 'picker' || start === 'cached-profile') {
			const run = await render(app());
			await expectScreen(run.driver, '› saved');
			if (start === 'cached-profile') {
				await send(run.driver, keys.enter);
				await expectScreen(run.driver, 'Cached token');
			}

			return run;
		}

		if (start === 'url' || start === 'confirm-key') {
			const run = await render(app({url: ''}));
			await expectScreen(run.driver, 'Step 1/3');
			if (start === 'confirm-key') {
				await send(run.driver, serviceKeyText({url: tokenServerUrl, clientid: demo.clientId, clientsecret: secret}, 'cf-service-key'));
				await send(run.driver, keys.enter);
				await expectScreen(run.driver, '✓ Read');
			}

			return run;
		}

		const run = await render(app({url: tokenServerUrl, clientid: demo.clientId}, tokenServerUrl));
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

			case 'key-paste': {
				// Only into an empty url field here: pasting onto text already there has a property of its own below.
				const isEmptyUrlStep = /Step 1\/3 url/.test(screen) && /> e\.g\. https:\/\/<subdomain>/.test(screen);
				const text = serviceKeyText({url: demo.uaaUrl, clientid: demo.clientId, clientsecret: secret}, 'plain');
				await send(driver, isEmptyUrlStep ? (event.isCutOff ? text.slice(0, -3) : text) : '{}');
				break;
			}

			case 'value': {
				const values = {
					url: demo.uaaUrl,
					clientid: demo.clientId,
					'wrong-secret': 'wrong+secret',
					'remote-url': 'http://uaa.example.test',
					'token-url': `${demo.uaaUrl}/oauth/token?grant_type=client_credentials`,
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

	/** Esc back to the picker, pick "New profile" through a filter nothing matches, and get a token. */
	async function completeNewFlow(driver: AppDriver): Promise<void> {
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
		await send(driver, demo.uaaUrl);
		await send(driver, keys.enter);
		await expectScreen(driver, 'Step 2/3');
		await send(driver, demo.clientId);
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
							await completeNewFlow(driver);
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
					await send(driver, serviceKeyText({url: demo.uaaUrl, clientid: demo.clientId, clientsecret: secret}, wrapper));
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
