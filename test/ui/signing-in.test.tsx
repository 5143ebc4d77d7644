// The signing-in screen says which attempt is under way and how much of the --timeout budget is spent.
// Time is an injected clock that the test moves: what the screen shows depends on it, never on how long the test waits.

import assert from 'node:assert/strict';
import type {ServerResponse} from 'node:http';
import {after, before, describe, it} from 'node:test';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {requestToken} from '../../source/oauth/token-client.js';
import {SigningIn} from '../../source/ui/signing-in.js';
import type {TokenTransport} from '../../source/core/token-workflow.js';
import {useEffectRunner} from '../../source/ui/use-effect-runner.js';
import {useSyncReducer} from '../../source/ui/use-sync-reducer.js';
import {type WizardState, wizardReducer} from '../../source/ui/wizard-state.js';
import {answer, readRequest, startTestServer, type TestServer} from '../helpers/http-server.js';
import {stripAnsi, unwrap} from '../helpers/ink.js';

async function waitForScreen(lastFrame: () => string | undefined, expected: RegExp): Promise<string> {
	for (let polls = 0; polls < 500; polls++) {
		const screen = unwrap(stripAnsi(lastFrame() ?? ''));
		if (expected.test(screen)) {
			return screen;
		}

		// eslint-disable-next-line no-await-in-loop -- polling for the next frame
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	throw new Error(`Timed out waiting for ${String(expected)}; the screen shows:\n${stripAnsi(lastFrame() ?? '')}`);
}

describe('SigningIn', () => {
	it('shows the attempt and the seconds spent of the whole budget, as the clock moves', () => {
		let clock = 50_000;
		const now = () => clock;
		const tree = (attempt: number) => <SigningIn tokenUrl="https://x.example.test/oauth/token" method="post" attempt={{attempt, attempts: 3, budgetMs: 30_000}} now={now} />;
		const {lastFrame, rerender, unmount} = render(tree(1));
		assert.match(unwrap(lastFrame() ?? ''), /attempt 1\/3, 0 s of 30 s/);
		clock += 4200;
		rerender(tree(2));
		assert.match(unwrap(lastFrame() ?? ''), /attempt 2\/3, 4 s of 30 s/);
		// Never more than the budget, whatever the clock says: the request ends there.
		clock += 60_000;
		rerender(tree(3));
		assert.match(unwrap(lastFrame() ?? ''), /attempt 3\/3, 30 s of 30 s/);
		unmount();
	});

	it('names a budget below a second as it is', () => {
		const {lastFrame, unmount} = render(<SigningIn tokenUrl="https://x.example.test/oauth/token" attempt={{attempt: 1, attempts: 1, budgetMs: 600}} now={() => 0} />);
		assert.match(unwrap(lastFrame() ?? ''), /attempt 1\/1, 0 s of 0\.6 s/);
		unmount();
	});

	it('still shows a retry notice alone when no attempt is given', () => {
		const {lastFrame, unmount} = render(
			<SigningIn tokenUrl="https://x.example.test/oauth/token" retry={{attempt: 2, attempts: 3, delayMs: 1000, reason: 'The server had a problem (503)'}} />,
		);
		const screen = unwrap(lastFrame() ?? '');
		assert.match(screen, /The server had a problem \(503\); retrying in 1 s, attempt 2\/3/);
		assert.doesNotMatch(screen, / of \d+ s/);
		unmount();
	});
});

describe('the effect runner feeding SigningIn from a real request', () => {
	const held: ServerResponse[] = [];
	let requests = 0;
	let server: TestServer;
	before(async () => {
		server = await startTestServer(async (request, response) => {
			await readRequest(request);
			requests++;
			// One quick 503, then silence: the retry is made and the screen follows it.
			if (requests === 1) {
				answer(response, 503, 'busy', {'Content-Type': 'text/plain'});
			} else {
				held.push(response);
			}
		});
	});
	after(async () => {
		await server.close();
	});

	it('counts attempts and elapsed time through a retry, on the injected clock', async () => {
		let clock = 1_000_000;
		const now = () => clock;
		let releaseBackoff = () => {};
		const transport: TokenTransport = async (credentials, {onRetry, signal, onAttempt}) =>
			requestToken({
				url: credentials.url,
				clientId: credentials.clientId,
				clientSecret: credentials.kind === 'secret' ? credentials.clientSecret : undefined,
				signal,
				onAttempt,
				authMethod: 'post',
				timeoutMs: 30_000,
				retry: {
					onRetry,
					random: () => 1,
					// The test decides when the backoff is over, after moving the clock.
					async sleep() {
						return new Promise<void>(resolve => {
							releaseBackoff = resolve;
						});
					},
				},
			});
		const start = {
			screen: 'signing-in',
			values: {url: server.url, clientid: 'sb-app!t1', clientsecret: 'hidden-secret'},
			requestId: 1,
			origin: {kind: 'new'},
		} as WizardState;

		function Harness() {
			const [state, dispatchToReducer, getState] = useSyncReducer(wizardReducer, () => start);
			useEffectRunner({
				dispatchToReducer,
				getState,
				transport,
				now,
				copyToClipboard: async () => 'system',
				copyTextOf: () => '',
				problemOf: String,
				onPickerOpened() {},
				onProfilesChanged() {},
			});
			return state.screen === 'signing-in' ? (
				<SigningIn tokenUrl={`${server.url}/oauth/token`} method={state.method} retry={state.retry} attempt={state.attempt} now={now} />
			) : (
				<Text>{state.screen}</Text>
			);
		}

		const {lastFrame, unmount} = render(<Harness />);
		try {
			let screen = await waitForScreen(lastFrame, /retrying in/);
			assert.match(screen, /attempt 1\/3, 0 s of 30 s/);
			assert.match(screen, /The server had a problem \(503\); retrying in 0\.5 s, attempt 2\/3/);
			clock += 4000;
			releaseBackoff();
			screen = await waitForScreen(lastFrame, /attempt 2\/3, \d+ s of/);
			assert.match(screen, /attempt 2\/3, 4 s of 30 s/);
			assert.match(screen, /attempt 1 failed: The server had a problem \(503\)/);
			assert.doesNotMatch(screen, /retrying in/);
			assert.doesNotMatch(screen, /hidden-secret/);
			// The second attempt really went out: the screen follows the request, not a guess.
			for (let polls = 0; polls < 500 && requests < 2; polls++) {
				// eslint-disable-next-line no-await-in-loop -- polling for the server to see it
				await new Promise(resolve => {
					setTimeout(resolve, 10);
				});
			}

			assert.equal(requests, 2);
		} finally {
			unmount();
			for (const response of held) {
				response.destroy();
			}
		}
	});
});
