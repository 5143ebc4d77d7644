// Typing in a real terminal at any speed: every field and screen given the same keys one by one (each after the
// frame before it) and all in one write (as tmux send-keys, a password manager or a fast typist over SSH deliver
// them) must end on the same screen. Plus what a paste, a kept secret and whitespace look like as a user meets them.

import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {assertNeverShown, keys, type PtyTerminal, type PtyTerminalOptions, startPtyTerminal, tempDirectory, unwrap} from '../helpers/pty-terminal.js';
import {typedBothWays} from '../helpers/typed-both-ways.js';

const secret = 'Typ3+Fast$/Secret=';
const clientId = 'sb-e2e-input!t5';

const key = {
	...keys,
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	home: '\u001B[H',
	end: '\u001B[F',
	delete: '\u001B[3~',
	pageDown: '\u001B[6~',
	ctrlA: '\u0001',
	ctrlE: '\u0005',
	ctrlK: '\u000B',
	ctrlU: '\u0015',
	ctrlW: '\u0017',
	altBackspace: '\u001B\u007F',
} as const;

/** Text typed as single keys. */
const chars = (text: string): string[] => [...text];

/** A key and its closing sequence, as a terminal with bracketed paste on marks a paste. */
const bracketed = (text: string) => `\u001B[200~${text}\u001B[201~`;

/** What differs between two runs by design (the countdown, the practice server's port, a token's own bytes); the rest must be equal. */
/** From the url step, where --url and --client-id open, Enter by Enter to the given step. */
async function toStep(terminal: PtyTerminal, step: 2 | 3): Promise<void> {
	await terminal.waitFor('Step 1/3 url');
	for (let current = 1; current < step; current++) {
		// eslint-disable-next-line no-await-in-loop -- one step after the other
		await terminal.press(keys.enter);
		// eslint-disable-next-line no-await-in-loop -- one step after the other
		await terminal.waitFor(`Step ${current + 1}/3`);
	}
}

/** A config dir with profiles sub1 … subN, all last used at the same moment, none with a secret. */
function profilesIn(t: TestContext, count: number, url: string): string {
	const directory = tempDirectory(t);
	const store = openProfileStore({directory});
	const time = new Date().toISOString();
	for (let index = 1; index <= count; index++) {
		store.save({name: `sub${index}`, url, clientId, authMethod: 'post', createdAt: time, lastUsedAt: time});
	}

	return directory;
}

// One practice server for the whole file, with this file's clientid and secret.
let demo: DemoServer;
before(async () => {
	demo = await startDemoServer({clientId, clientSecret: secret});
});
after(async () => {
	await demo.close();
});

describe('typing in a real terminal: one by one and in one write', () => {
	const atUrl = async (terminal: PtyTerminal) => {
		await terminal.waitFor('Step 1/3 url');
	};

	const atClientId = async (terminal: PtyTerminal) => {
		await terminal.waitFor('Step 1/3 url');
		await terminal.enterValue(demo.uaaUrl);
		await terminal.waitFor('Step 2/3 clientid');
	};

	const atSecret = async (terminal: PtyTerminal) => {
		await atClientId(terminal);
		await terminal.enterValue(clientId);
		await terminal.waitFor('Step 3/3 clientsecret');
	};

	it('url: readline keys edit the value and never type letters (Ctrl+U, Ctrl+W, Ctrl+A, Home, Alt+Backspace, Ctrl+K)', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({}),
			prepare: atUrl,
			keys: [
				...chars('https://abc'),
				key.ctrlU,
				key.ctrlW,
				key.ctrlA,
				// The case: this used to leave "https://abcuwa".
				...chars('xhttps://abc.example.test/oauth'),
				key.home,
				key.delete,
				key.end,
				key.altBackspace,
				...chars('zzz'),
				key.left,
				key.left,
				key.left,
				key.ctrlK,
				key.ctrlA,
				key.right,
				key.ctrlE,
				...chars('1'),
			],
			until: /^> https:\/\/abc\.example\.test\/1/m,
		});
		assert.match(screen, /^> https:\/\/abc\.example\.test\/1 ?$/m, screen);
		assert.doesNotMatch(screen, /abcuwa|\^[AUWK]/);
	});

	it('url: a burst with Enter and Tab inside goes on to the next step, as slow typing does', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({}),
			prepare: atUrl,
			keys: [...chars(demo.uaaUrl), key.enter, ...chars(clientId), key.tab, key.enter, ...chars('abc'), key.backspace],
			until: 'Step 3/3 clientsecret',
		});
		assert.match(screen, new RegExp(`^clientid +${clientId.replace('!', '\\!')}$`, 'm'));
		assert.match(screen, /^> \*\* ?$/m, 'two characters of the secret, masked');
	});

	it('--demo: Tab and Enter in one burst fill and submit each step (the Tab used to be lost)', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({args: ['--demo']}),
			prepare: atUrl,
			keys: [key.tab, key.enter, key.tab, key.enter],
			until: 'Step 3/3 clientsecret',
		});
		assert.match(screen, /^url +http:\/\/127\.0\.0\.1:<port>$/m);
		assert.match(screen, /^clientid +sb-uaa-token-demo!t1234$/m);
	});

	it('clientid: Esc in a burst goes back a step, keeping what was typed, and Enter comes back', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({}),
			prepare: atClientId,
			keys: [...chars('sb-typed'), key.escape, key.enter, key.end, ...chars('!t1')],
			until: 'Step 2/3 clientid',
		});
		assert.match(screen, /^> sb-typed!t1 ?$/m, screen);
	});

	it('clientsecret: the masked field takes the same editing keys, and the secret sent is the one shown edited', async t => {
		const wrongStart = `X${secret.slice(0, 5)}`;
		const screen = await typedBothWays(t, {
			options: () => ({}),
			prepare: atSecret,
			// "XTyp3+" , Home, Delete drops the X, End, the rest of the secret, a stray word taken off with Ctrl+W.
			keys: [...chars(wrongStart), key.home, key.delete, key.end, ...chars(secret.slice(5)), ...chars(' oops'), key.ctrlW, key.backspace, key.enter],
			until: '✓ Token received',
		});
		assert.match(screen, /✓ Token received/);
	});

	it('the picker: a filter, Down and Enter in one burst open the second match (sub10), not the first', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({configDir: profilesIn(t, 12, demo.uaaUrl)}),
			prepare: async terminal => {
				await terminal.waitFor('Saved profiles');
			},
			keys: [...chars('sub1'), key.down, key.enter],
			until: 'Step 3/3 clientsecret',
		});
		assert.match(screen, /^profile +sub10$/m, screen);
	});

	it('the picker: filter editing keys, and Esc clearing it, as in every field', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({configDir: profilesIn(t, 12, demo.uaaUrl)}),
			prepare: async terminal => {
				await terminal.waitFor('Saved profiles');
			},
			// The filter also matches hosts, 127.0.0.1:<random port>, so digits alone could match every profile; and a letter
			// right after Esc is Alt+letter in one write, as in any terminal: the b goes in before the digits typed after Esc.
			keys: [...chars('xyz sub'), key.ctrlW, key.ctrlW, ...chars('sub12'), key.left, key.backspace, key.ctrlE, key.ctrlU, ...chars('sub2'), key.escape, ...chars('11'), key.left, key.left, 'b'],
			until: /filter: b11/,
		});
		assert.match(screen, /^Saved profiles filter: b11 ?$/m, screen);
		assert.match(screen, /› sub11 /);
	});

	it('the picker: rename takes the editing keys, and Enter renames', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({configDir: profilesIn(t, 3, demo.uaaUrl)}),
			prepare: async terminal => {
				await terminal.waitFor('Saved profiles');
			},
			keys: [key.down, 'r', key.ctrlU, ...chars('prod eu'), key.ctrlW, key.backspace, ...chars('-eu10'), key.enter],
			until: 'Renamed "sub2" to "prod-eu10".',
		});
		assert.match(screen, /prod-eu10 /);
	});

	it('saving: the name field takes the editing keys, and the profile is saved under the name shown', async t => {
		const screen = await typedBothWays(t, {
			options: () => ({configDir: tempDirectory(t), args: ['--url', demo.uaaUrl, '--client-id', clientId]}),
			prepare: async terminal => {
				await toStep(terminal, 3);
				await terminal.enterValue(secret, {isMasked: true});
				await terminal.waitFor('press s to save');
			},
			keys: ['s', key.ctrlU, ...chars('my app'), key.altBackspace, key.backspace, ...chars('-app'), key.enter, 'n'],
			until: '✓ Saved as the profile "my-app"',
		});
		assert.match(unwrap(screen), /without the clientsecret/);
	});
});

describe('pastes, kept secrets and whitespace in a real terminal', () => {
	const serviceKey = () => JSON.stringify({url: 'https://service.example.test', uaa: {url: demo.uaaUrl, clientid: clientId, clientsecret: secret}}, undefined, 2);

	for (const [how, wrap] of [
		['bracketed', bracketed],
		['as plain text', (text: string) => text.replaceAll('\n', '\r')],
	] as const) {
		for (const field of ['clientid', 'clientsecret'] as const) {
			it(`a whole key pasted ${how} into ${field} is hidden, never sent as the ${field}, and read on Enter`, async t => {
				const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl, ...(field === 'clientsecret' ? ['--client-id', 'sb-wrong!t1'] : [])]});
				await toStep(terminal, field === 'clientid' ? 2 : 3);
				terminal.write(wrap(serviceKey()));
				const screen = await terminal.waitFor('secrets hidden). Press Enter to read it');
				assert.match(unwrap(screen), new RegExp(`That is a whole service key, not the ${field}`));
				assert.match(screen, new RegExp(`Step ${field === 'clientid' ? 2 : 3}/3 ${field}`), 'it stays on the step until Enter');
				await terminal.press(key.enter);
				await terminal.waitFor('✓ Read a service key');
				await terminal.press(key.enter);
				await terminal.waitFor('✓ Token received');
				assertNeverShown(terminal, secret);
				assert.equal(demo.tokenRequestCount() > 0, true);
			});
		}
	}

	it('a key pasted into the picker filter opens the read-and-confirm screen, secret hidden', async t => {
		const configDir = profilesIn(t, 2, demo.uaaUrl);
		const terminal = await startPtyTerminal(t, {configDir});
		await terminal.waitFor('Saved profiles');
		terminal.write(bracketed(serviceKey()));
		await terminal.waitFor('secrets hidden). Press Enter to read it');
		await terminal.press(key.enter);
		const screen = await terminal.waitFor('✓ Read a service key');
		assert.doesNotMatch(screen, /Saved profiles/);
		assertNeverShown(terminal, secret);
	});

	it('a paste whose end marker never comes lands after a quiet second, and the keys after it work again', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--client-id', clientId]});
		await terminal.waitFor('Step 1/3 url');
		// A terminal or multiplexer that dies mid-paste, or a cut-off stream: the paste begins and never ends.
		terminal.write(`\u001B[200~${demo.uaaUrl}`);
		await terminal.waitFor(new RegExp(`^> ${demo.uaaUrl.replaceAll('.', '\\.')} ?$`, 'm'));
		await terminal.press(key.enter);
		await terminal.waitFor('Step 2/3 clientid');
		await terminal.press(key.escape);
		await terminal.waitFor('Step 1/3 url');
	});

	it('a key pasted into a rename is read as a key, not kept as a name', async t => {
		const configDir = profilesIn(t, 2, demo.uaaUrl);
		const terminal = await startPtyTerminal(t, {configDir});
		await terminal.waitFor('Saved profiles');
		await terminal.press('r');
		await terminal.waitFor('Rename "sub1" to:');
		terminal.write(bracketed(serviceKey()));
		await terminal.waitFor('secrets hidden). Press Enter to read it');
		assertNeverShown(terminal, secret);
	});

	it('a secret entered before shows as kept with its length; typing replaces it, and Enter keeps it instead of doubling it', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl, '--client-id', clientId]});
		await toStep(terminal, 3);
		await terminal.type(secret);
		// Back a step and forward again, as a user checking the clientid does.
		await terminal.press(key.escape);
		await terminal.waitFor('Step 2/3 clientid');
		await terminal.press(key.enter);
		let screen = await terminal.waitFor('Step 3/3 clientsecret');
		assert.match(screen, new RegExp(`> kept: ${secret.length} characters`), screen);
		assert.match(unwrap(screen), /Enter keeps it; typing replaces it; Backspace clears it/);
		// Typing replaces rather than appends: one character, one star; Backspace takes it, and the kept secret is gone.
		await terminal.press('x');
		screen = await terminal.waitFor(/^> \* ?$/m);
		await terminal.press(key.backspace);
		await terminal.waitFor(/^> ?$/m);
		await terminal.type(secret);
		await terminal.press(key.escape);
		await terminal.waitFor('Step 2/3 clientid');
		await terminal.press(key.enter);
		await terminal.waitFor(`> kept: ${secret.length} characters`);
		await terminal.press(key.enter);
		await terminal.waitFor('✓ Token received');
		assertNeverShown(terminal, secret);
	});

	it('a secret pasted with spaces and a line break around it is trimmed where it lands, and says so', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl, '--client-id', clientId]});
		await toStep(terminal, 3);
		terminal.write(bracketed(`  ${secret} \n`));
		const screen = await terminal.waitFor(new RegExp(`^> \\*{${secret.length}} ?$`, 'm'));
		assert.match(unwrap(screen), /Removed spaces or line breaks around the pasted clientsecret/);
		await terminal.press(key.enter);
		await terminal.waitFor('✓ Token received');
	});

	it('a clientid with the shape of a secret is named before anything is sent; a second Enter sends it anyway', async t => {
		const requestsBefore = demo.tokenRequestCount();
		const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl]});
		await toStep(terminal, 2);
		await terminal.enterValue(secret);
		const screen = await terminal.waitFor('This looks like a clientsecret');
		assert.match(screen, /Step 2\/3 clientid/, 'still at the clientid step');
		assert.match(unwrap(screen), /Press Enter again to use it anyway/);
		assert.equal(demo.tokenRequestCount(), requestsBefore, 'nothing was sent');
		await terminal.press(key.enter);
		await terminal.waitFor('Step 3/3 clientsecret');
	});

	it('a url that is a dragged file path (quoted, with a trailing space) is read as the key file', async t => {
		const directory = tempDirectory(t);
		const path = `${directory}/my key.json`;
		const {writeFileSync} = await import('node:fs');
		writeFileSync(path, serviceKey());
		const terminal = await startPtyTerminal(t);
		await terminal.waitFor('Step 1/3 url');
		terminal.write(bracketed(`'${path}' `));
		await terminal.press(key.enter);
		await terminal.waitFor('✓ Read a service key');
		assertNeverShown(terminal, secret);
	});
});

describe('screens that fit any terminal', () => {
	/** Ink clears the scrollback when a frame is as tall as the terminal: the sequence it sends for that. */
	const clearsScrollback = (terminal: PtyTerminal) => terminal.rawOutput().includes('\u001B[3J');

	it('30 profiles at 80x24: title, the selected row and the key hints stay on screen; End and Home move the window', async t => {
		const configDir = profilesIn(t, 30, demo.uaaUrl);
		const terminal = await startPtyTerminal(t, {configDir, cols: 80, rows: 24});
		let screen = await terminal.waitFor('Saved profiles');
		assert.match(screen, /^Saved profiles \(type to filter\)$/m);
		assert.match(screen, /^› sub1 /m);
		assert.match(screen, /^ {2}↓ \d+ more$/m);
		assert.match(screen, /^↑↓ move {2}PgUp PgDn Home End jump/m);
		await terminal.press(key.end);
		screen = await terminal.waitFor(/^› \* Try the demo|^› \+ Import service key/m);
		assert.match(screen, /^Saved profiles/m, 'the title stays');
		assert.match(screen, /^ {2}↑ \d+ more$/m);
		assert.match(screen, /^↑↓ move/m, 'the hints stay');
		await terminal.press(key.home);
		await terminal.waitFor(/^› sub1 /m);
		terminal.write('sub2');
		screen = await terminal.waitFor(/filter: sub2/);
		assert.match(screen, /^› sub2 /m);
		assert.ok(!clearsScrollback(terminal), 'the scrollback was never cleared');
		assert.ok(terminal.rows().filter(row => row.text.trim() !== '').length < 24);
	});

	it('the inspect view at 100x30 keeps the header and hints, scrolls with the keys, and never clears the scrollback', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl, '--client-id', clientId], cols: 100, rows: 30});
		await toStep(terminal, 3);
		await terminal.enterValue(secret, {isMasked: true});
		await terminal.waitFor('✓ Token received');
		await terminal.press('i');
		let screen = await terminal.waitFor(/↓ \d+ more lines — ↑↓ PgUp PgDn Home End scroll/);
		assert.match(screen, /What the access token contains/);
		assert.match(screen, /^uaa-token /m, 'the header');
		assert.match(screen, /^i back to the answer {2}c copy token {2}q quit/m, 'the hints');
		await terminal.press(key.end);
		screen = await terminal.waitFor('Expiry check');
		assert.match(screen, /^↑ \d+ more lines/m);
		assert.match(screen, /^uaa-token /m, 'the header stays');
		await terminal.press('k');
		await terminal.press(key.home);
		screen = await terminal.waitFor(/What the access token contains/);
		assert.doesNotMatch(screen, /↑ \d+ more/);
		assert.ok(!clearsScrollback(terminal), 'the scrollback was never cleared');
	});

	it('NO_COLOR: the placeholder reads as an example and the cursor stays visible as inverse video', async t => {
		const terminal = await startPtyTerminal(t, {env: {NO_COLOR: '1'}});
		const screen = await terminal.waitFor('Step 1/3 url');
		assert.match(screen, /^> e\.g\. https:\/\/<subdomain>/m, 'marked as an example, not a value');
		// eslint-disable-next-line no-control-regex -- the inverse-video cursor on the placeholder's first letter
		assert.match(terminal.rawOutput(), /\u001B\[7me\u001B\[27m/, 'the cursor is inverse video');
		// eslint-disable-next-line no-control-regex -- no colour at all
		assert.doesNotMatch(terminal.rawOutput(), /\u001B\[3[0-8](?:;\d+)*m/);
	});

	it('screen reader mode: an empty field is read as empty with an example, a masked one by its length', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--screen-reader', '--url', demo.uaaUrl, '--client-id', clientId]});
		await toStep(terminal, 3);
		let screen = await terminal.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /^clientsecret: empty$/m);
		await terminal.type('abc');
		screen = await terminal.waitFor('clientsecret: 3 characters, hidden');
		assert.doesNotMatch(screen, /abc/);
	});
});
