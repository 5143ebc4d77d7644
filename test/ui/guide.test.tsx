// The guide in the running App: ? opening and closing it on every screen, what it shows as the flow moves on, and --tutorial from its intro to the explained answer.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {DemoValues} from '../../source/ui/app.js';
import type {TokenTransport} from '../../source/core/token-workflow.js';
import {fetchTransport} from '../helpers/demo-transport.js';
import {type AppSuite, setUpAppSuite} from '../helpers/app-suite.js';
import {type AppDriver, keys, renderApp, unwrap} from '../helpers/ink.js';
import {glossaryLines, placeholderBrowserUrl} from '../helpers/guide-text.js';

// Holds a "?" in the middle, which must go into the field, and +, $, / and =, so any leak to the screen is unmistakable.
const secret = 'Gu1de+Tut?rial$ecret/=';
const secretBeforeMark = secret.slice(0, secret.indexOf('?'));
const secretAfterMark = secret.slice(secret.indexOf('?') + 1);
const realUrl = 'https://sub.authentication.eu10.hana.ondemand.com';
const realBrowserUrl = `${realUrl}/oauth/token?grant_type=client_credentials`;

const narrowUrlPlaceholder = '> e.g. https://<subdomain>.authentication…';
const wideUrlPlaceholder = '> e.g. https://<subdomain>.authentication.<region>.hana.ondemand.com';
/** The last key hint, on the row below the screen and the guide, which stays in sight however the body scrolls. */
const guideHint = /(?:^|  )\? guide *$/m;
const hideGuideHint = /(?:^|  )\? hide guide *$/m;

const tick = async (ms: number) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

/** The side guide's lines, right of its border: empty while the guide is closed (ink-testing-library is 100 columns wide). */
function guideLines(screen: string): string[] {
	return screen
		.split('\n')
		.filter(line => line.includes('│'))
		.map(line => line.slice(line.indexOf('│') + 1).replace(/^ /, '').trimEnd());
}

/** The screen left of the guide's border, as the user reads the wizard or the answer. */
function mainLines(screen: string): string[] {
	return screen.split('\n').map(line => (line.includes('│') ? line.slice(0, line.indexOf('│')) : line).trimEnd());
}

/** The drawing's marked lines as `line <- marker`, padding squeezed. */
function markedLines(screen: string): string[] {
	return guideLines(screen)
		.filter(line => line.includes('<- '))
		.map(line => line.trim().replace(/\s+<- /, ' <- '));
}

/** The browser steps marked as the ones for now. */
function currentBrowserSteps(screen: string): string[] {
	return guideLines(screen)
		.filter(line => /^> \d\./.test(line))
		.map(line => line.slice(2, 4));
}

/** The url the guide's browser step 1 opens, joined back from the lines it wraps over. */
function browserUrl(screen: string): string {
	const lines = guideLines(screen);
	const first = lines.findIndex(line => /^[> ] 1\. Open/.test(line));
	const last = lines.findIndex(line => /^[> ] 2\. /.test(line));
	assert.ok(first >= 0 && last > first, `browser steps in the guide of:\n${screen}`);
	return lines
		.slice(first, last)
		.map(line => line.slice(2))
		.join('')
		.replace(/^1\. Open ?/, '');
}

/** The row of key hints: the last non-empty rows of the main column, read as one line. */
function hintsOf(screen: string): string {
	const rows = mainLines(screen);
	while (rows.length > 0 && rows.at(-1) === '') {
		rows.pop();
	}

	const lastBlank = rows.lastIndexOf('');
	return rows.slice(lastBlank + 1).join('  ');
}

function assertGuideClosed(screen: string): void {
	assert.deepEqual(guideLines(screen), [], `no guide on:\n${screen}`);
	assert.doesNotMatch(screen, /Your service key, abridged/);
}

function assertGuideOpen(screen: string): void {
	const lines = guideLines(screen);
	// The title offers ? only where ? closes it; in a field with text, ? is typed.
	assert.match(lines[0] ?? '', /^Guide(?: +\? close guide)?$/, `the guide's title beside the screen:\n${screen}`);
	assert.ok(lines.includes('Your service key, abridged:'), screen);
	assert.ok(lines.includes("In a browser (SAP's tutorial):"), screen);
	for (const line of glossaryLines) {
		assert.ok(lines.includes(line), `"${line}" in the glossary of:\n${screen}`);
	}
}

/** ? opens the guide on the screen shown, with these lines of its drawing marked; ? closes it again there. */
async function toggleGuideOn(driver: AppDriver, marked: readonly string[]): Promise<{open: string; closed: string}> {
	await driver.press('?');
	const open = await driver.waitFor('Your service key, abridged:');
	assertGuideOpen(open);
	assert.deepEqual(markedLines(open), marked);
	assert.match(hintsOf(open), /\? hide guide$/);
	await driver.press('?');
	const closed = await driver.waitFor(guideHint);
	assertGuideClosed(closed);
	return {open, closed};
}

/** The wizard's input as shown: "> " and the field (its placeholder when empty), its wrapped rows joined. */
function inputRow(screen: string): string {
	const rows = mainLines(screen);
	const first = rows.findIndex(line => line.startsWith('> '));
	assert.ok(first >= 0, `an input row on:\n${screen}`);
	let text = rows[first]!;
	for (const row of rows.slice(first + 1)) {
		if (!/^ {2}\S/.test(row)) {
			break;
		}

		text += row.slice(2);
	}

	return text;
}

/** Waits until the wizard's input shows exactly this, however it wraps beside the guide. */
async function waitForInput(driver: AppDriver, expected: string, timeoutMs = 5000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const screen = driver.screen();
		if (screen.split('\n').some(line => line.startsWith('> ')) && inputRow(screen) === expected) {
			// As the driver's own waitFor: let Ink subscribe the input handlers of this frame before the next key.
			// eslint-disable-next-line no-await-in-loop -- once, then returning
			await tick(20);
			return screen;
		}

		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for the input to show ${expected}; the screen shows:\n${screen}`);
		}

		// eslint-disable-next-line no-await-in-loop -- polling for the next frame
		await tick(10);
	}
}

/**
 * Reproduced in the built CLI too: the ? that toggles the guide on an empty wizard field is dropped by the App's
 * onChange, but WizardStep's useLatestValueChange has already taken it as the newest value and ink-text-input has
 * moved its cursor past the end, so the next key typed on that step brings the ? back into the field.
 */

function demoValuesOf(suite: AppSuite): DemoValues {
	return {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: suite.demo.clientSecret, serviceUrl: suite.demo.serviceUrl};
}

/** A token request that waits until the test opens the gate, so the signing-in screen stays up as long as needed. */
function gatedRequests(): {open: () => void; transport: TokenTransport} {
	let open = () => {};
	const gate = new Promise<void>(resolve => {
		open = resolve;
	});
	return {
		open,
		async transport(credentials, options) {
			await gate;
			return fetchTransport({timeoutMs: 5000})(credentials, options);
		},
	};
}

async function typeAndEnter(driver: AppDriver, text: string): Promise<void> {
	await driver.typeText(text);
	await driver.press(keys.enter);
}


describe('the guide in the app: ? toggles it, and it follows the flow', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-guide-'});
	const {app} = suite;

	it('opens with ? on the empty url field, beside the step, and the field stays empty', async () => {
		const driver = await renderApp(app());
		let screen = await driver.waitFor('Step 1/3 url');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /Enter next {2}Ctrl\+C quit {2}\? guide$/);

		await driver.press('?');
		screen = await driver.waitFor('Your service key, abridged:');
		assertGuideOpen(screen);
		assert.equal(inputRow(screen), narrowUrlPlaceholder, 'the field is still empty, its placeholder shown');
		assert.match(screen, /^Step 1\/3 url +│ Guide +\? close guide$/m, 'the guide sits beside the step, behind a border');
		assert.deepEqual(markedLines(screen), ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one']);
		assert.deepEqual(currentBrowserSteps(screen), ['1.']);
		assert.equal(browserUrl(screen), placeholderBrowserUrl);
		assert.match(hintsOf(screen), /\? hide guide$/);
		assert.ok(screen.split('\n').every(line => line.length <= 100), 'every row fits 100 columns');

		// Enter proves the value is empty: the url step refuses it.
		await driver.press(keys.enter);
		screen = await driver.waitFor('✗ ');
		assert.match(unwrap(mainLines(screen).join('\n')), /✗ Enter the url from the uaa section of your service key\./);
		assertGuideOpen(screen);
	});

	it('closes with ? again on the same empty field, which stays empty', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3 url');
		await driver.press('?');
		await driver.waitFor('Your service key, abridged:');
		await driver.press('?');
		const screen = await driver.waitFor(guideHint);
		assertGuideClosed(screen);
		assert.equal(inputRow(screen), wideUrlPlaceholder, 'neither ? reached the field');
	});

	it('keeps the url typed after ? opened the guide exactly as typed', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3 url');
		await driver.press('?');
		await driver.waitFor('Your service key, abridged:');
		await driver.typeText(realUrl);
		// Before the input was remounted on ?, this showed "> ttps://sub.authentication.eu10.hana.ondemand.com?h".
		const screen = await driver.waitFor(realUrl.slice(-10));
		assert.equal(inputRow(screen), `> ${realUrl}`);
		assert.equal(browserUrl(screen), realBrowserUrl);
	});

	it('types ? into a field that holds text, and offers ? for the guide again once the field is empty', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3 url');
		await driver.typeText(`${realUrl}/oauth/token`);
		let screen = await driver.waitFor(`> ${realUrl}/oauth/token`);
		assert.doesNotMatch(hintsOf(screen), /\?/, 'no ? hint while ? would be typed');
		await driver.typeText('?grant_type=client_credentials');
		screen = await driver.waitFor(`> ${realBrowserUrl}`);
		assertGuideClosed(screen);
		assert.equal(inputRow(screen), `> ${realBrowserUrl}`);
		assert.match(unwrap(screen), /Will remove \/oauth\/token and \?grant_type=client_credentials/);

		// Emptied again, the field gives ? to the guide once more.
		await driver.press(...Array.from(realBrowserUrl, () => keys.backspace));
		screen = await driver.waitFor(wideUrlPlaceholder);
		assert.match(hintsOf(screen), /\? guide$/);
		await driver.press('?');
		screen = await driver.waitFor('Your service key, abridged:');
		assertGuideOpen(screen);
		assert.equal(inputRow(screen), narrowUrlPlaceholder);
		assert.match(screen, /Guide +\? close guide/);

		// With text typed, ? goes into the field, so the title offers it no more.
		await driver.typeText('https');
		screen = await driver.waitFor('> https');
		assert.match(screen, /│ Guide\n/);
		assert.doesNotMatch(screen, /\? close guide/);
	});

	it('moves its marker and browser step with the wizard: url, clientid, clientsecret, then the answer', async () => {
		const driver = await renderApp(app({demoValues: demoValuesOf(suite)}));
		await driver.waitFor('Step 1/3 url');
		await driver.press('?');
		let screen = await driver.waitFor('Your service key, abridged:');
		assert.deepEqual(markedLines(screen), ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one']);
		assert.match(unwrap(guideLines(screen).join('\n')), /Use "url" inside "uaa"\. The top "url" is the service's API, not for tokens\./);

		// Tab fills the practice value, as a user of --demo would.
		await driver.press(keys.tab);
		screen = await driver.waitFor(`> ${suite.demo.uaaUrl}`);
		assert.equal(browserUrl(screen), `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 2/3 clientid');
		assertGuideOpen(screen);
		assert.deepEqual(markedLines(screen), ['"clientid": "sb-...", <- this one']);
		assert.deepEqual(currentBrowserSteps(screen), ['2.']);
		assert.equal(browserUrl(screen), `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`, 'the url entered at step 1');
		assert.match(unwrap(guideLines(screen).join('\n')), /"clientid" from "uaa": what the browser calls Username\./);
		assert.match(hintsOf(screen), /\? hide guide$/);

		await driver.press(keys.tab);
		await driver.waitFor(`> ${suite.demo.clientId}`);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 3/3 clientsecret');
		assert.deepEqual(markedLines(screen), ['"clientsecret": "...", <- this one']);
		assert.deepEqual(currentBrowserSteps(screen), ['3.']);
		assert.match(unwrap(guideLines(screen).join('\n')), /"clientsecret" from "uaa": what the browser calls Password\./);

		await typeAndEnter(driver, secret);
		screen = await driver.waitFor('✓ Token received');
		assertGuideOpen(screen);
		assert.deepEqual(markedLines(screen), ['{ "url": "https://...", <- next']);
		assert.deepEqual(currentBrowserSteps(screen), ['4.']);
		assert.match(unwrap(guideLines(screen).join('\n')), /Next: call the top "url" with the header Authorization: Bearer <token>\./);
		assert.ok(!guideLines(screen).some(line => line.startsWith('Part ')), 'no tutorial heading without --tutorial');
	});

	it('toggles with ? on the signing-in and answer screens, but types it while naming a profile', async () => {
		const gated = gatedRequests();
		const driver = await renderApp(app({transport: gated.transport, initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await driver.waitFor('Step 1/3 url');
		await driver.press(keys.enter);
		await driver.waitFor('Step 2/3 clientid');
		await driver.press(keys.enter);
		await driver.waitFor('Step 3/3 clientsecret');
		await typeAndEnter(driver, secret);

		let screen = await driver.waitFor('Requesting a token from');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /^Esc cancel {2}Ctrl\+C quit {2}\? guide$/);
		const {open} = await toggleGuideOn(driver, ['"clientid": "sb-...", <- sent', '"clientsecret": "...", <- sent', '"url": "https://...", <- sent']);
		assert.deepEqual(currentBrowserSteps(open), ['1.', '2.', '3.']);

		gated.open();
		screen = await driver.waitFor('✓ Token received');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /s save as profile .*q quit {2}\? guide$/);
		await driver.press('?');
		screen = await driver.waitFor('Your service key, abridged:');
		assert.match(hintsOf(screen), /\? hide guide$/);

		// Naming the profile: ? is part of the typed name, and the guide stays as it was.
		await driver.press('s');
		screen = await driver.waitFor('Save these values as a profile');
		const name = /^> (\S+)$/m.exec(mainLines(screen).join('\n'))?.[1];
		assert.ok(name, `a suggested name on:\n${screen}`);
		assert.doesNotMatch(hintsOf(screen), /\?/, 'no ? hint while naming');
		await driver.press('?');
		screen = await driver.waitFor(`> ${name}?`);
		assertGuideOpen(screen);
		await driver.press(keys.escape);
		screen = await driver.waitFor(hideGuideHint);
		assert.doesNotMatch(screen, /Save these values as a profile/);
		await driver.press('?');
		screen = await driver.waitFor(guideHint);
		assertGuideClosed(screen);
		assert.ok(!driver.allOutput().includes(secret), 'the secret never reaches the screen');
	});

	it('toggles with ? on the failure screen, whose guide points at the values to check', async () => {
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await driver.waitFor('Step 1/3 url');
		await driver.press(keys.enter);
		await driver.waitFor('Step 2/3 clientid');
		await driver.press(keys.enter);
		await driver.waitFor('Step 3/3 clientsecret');
		await typeAndEnter(driver, 'not-the-secret');
		const screen = await driver.waitFor('The clientid or clientsecret is wrong');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /q quit {2}\? guide$/);
		const {closed} = await toggleGuideOn(driver, [
			'{ "url": "https://...", <- not this',
			'"clientid": "sb-...", <- check',
			'"clientsecret": "...", <- check',
			'"url": "https://...", <- check',
		]);
		assert.match(closed, /The clientid or clientsecret is wrong/, 'still the failure screen');
	});

	it('toggles with ? on the confirmation of a service key, marking what was read from it', async () => {
		const key = JSON.stringify({url: suite.demo.serviceUrl, uaa: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}});
		const driver = await renderApp(app({initialServiceKeyText: key}));
		const screen = await driver.waitFor('✓ Read a service key');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /^Enter get a token .*\? guide$/);
		const {closed} = await toggleGuideOn(driver, [
			'{ "url": "https://...", <- the API',
			'"clientid": "sb-...", <- found',
			'"clientsecret": "...", <- found',
			'"url": "https://...", <- found',
		]);
		assert.match(closed, /✓ Read a service key/, 'still the confirmation');
		assert.ok(!driver.allOutput().includes(secret), "the key's secret never reaches the screen");
	});

	function saveProfile(name: string): void {
		const now = new Date().toISOString();
		suite.store.save({name, url: suite.demo.uaaUrl, clientId: suite.demo.clientId, createdAt: now, lastUsedAt: now});
	}

	it('toggles with ? in the profile picker, which never puts it in its filter', async () => {
		saveProfile('prod-eu10');
		const driver = await renderApp(app());
		let screen = await driver.waitFor('Saved profiles');
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /\? guide {2}q quit$/);

		await driver.press('?');
		screen = await driver.waitFor('Your service key, abridged:');
		assertGuideOpen(screen);
		assert.deepEqual(markedLines(screen), [], 'the picker marks no field');
		assert.match(unwrap(guideLines(screen).join('\n')), /A profile keeps one key's "uaa" values under a name, to skip typing\./);
		assert.match(screen, /^Saved profiles \(type to filter\) +│/m, 'the filter is still empty');

		await driver.typeText('prod');
		screen = await driver.waitFor('filter: prod');
		await driver.press('?');
		screen = await driver.waitFor(/^Saved profiles filter: prod ?$/m);
		assertGuideClosed(screen);
		assert.match(screen, /› prod-eu10/, 'the filter still matches the profile');
		await driver.press('?');
		screen = await driver.waitFor('Your service key, abridged:');
		assert.match(screen, /^Saved profiles filter: prod +│/m, 'the filter took no ?');
	});

	it('says "? hide guide" in the picker while the guide is open', async () => {
		saveProfile('prod-eu10');
		const driver = await renderApp(app());
		await driver.waitFor('Saved profiles');
		await driver.press('?');
		const screen = await driver.waitFor('Your service key, abridged:');
		assert.match(hintsOf(screen), /\? hide guide {2}q quit$/);
	});

	it('stays open from the picker into a new profile\'s first step, following the url typed there', async () => {
		saveProfile('prod-eu10');
		const driver = await renderApp(app());
		await driver.waitFor('› prod-eu10');
		await driver.press('?');
		await driver.waitFor('Your service key, abridged:');
		await driver.press('\u001B[B');
		await driver.waitFor('› + New profile');
		await driver.press(keys.enter);
		let screen = await driver.waitFor('Step 1/3 url');
		assertGuideOpen(screen);
		assert.equal(browserUrl(screen), placeholderBrowserUrl);
		await driver.typeText(suite.demo.uaaUrl);
		screen = await driver.waitFor(`> ${suite.demo.uaaUrl}`);
		assert.equal(browserUrl(screen), `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`);
	});
});

describe('--tutorial in the app: the intro, the guide open at each step, the explained answer', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-tutorial-'});
	const {app} = suite;

	async function startTutorial(driver: AppDriver): Promise<string> {
		await driver.waitFor('Press Enter to start');
		await driver.press(keys.enter);
		return driver.waitFor('Step 1/3 url');
	}

	it('shows the intro first, where typing does nothing and Enter starts the wizard with the guide open', async () => {
		const driver = await renderApp(app({isTutorial: true}));
		let screen = await driver.waitFor('Press Enter to start');
		assert.match(unwrap(screen), /Tutorial: "Get OAuth Access Token for Personalized Recommendation via Web Browser"/);
		assert.match(unwrap(screen), /No SAP account yet\? Practise with uaa-token --tutorial --demo/);
		assertGuideClosed(screen);
		assert.match(hintsOf(screen), /^Enter start {2}q quit$/);

		await driver.press('h', '?', keys.tab, ' ', 'x', keys.escape);
		screen = await driver.waitFor('Press Enter to start');
		assert.doesNotMatch(screen, /Step 1\/3/, 'still the intro');
		assertGuideClosed(screen);

		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 1/3 url');
		assertGuideOpen(screen);
		assert.equal(guideLines(screen)[1], 'Part 1 of 3: Find the values');
		assert.equal(inputRow(screen), narrowUrlPlaceholder, 'nothing typed on the intro reached the field');
		assert.deepEqual(markedLines(screen), ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one']);
		assert.match(hintsOf(screen), /\? hide guide$/);
		assert.doesNotMatch(screen, /Demo value/, 'no demo values without --demo');
	});

	it('quits from the intro with q', async () => {
		const driver = await renderApp(app({isTutorial: true}));
		await driver.waitFor('Press Enter to start');
		await driver.press('q');
		assert.equal(await driver.exited, undefined, 'q ends the app without an error');
	});

	it('skips the profile picker, even with saved profiles', async () => {
		const now = new Date().toISOString();
		suite.store.save({name: 'saved-one', url: suite.demo.uaaUrl, clientId: suite.demo.clientId, createdAt: now, lastUsedAt: now});
		const driver = await renderApp(app({isTutorial: true}));
		const screen = await startTutorial(driver);
		assert.doesNotMatch(driver.allOutput(), /Saved profiles/);
		assert.equal(guideLines(screen)[1], 'Part 1 of 3: Find the values');
	});

	it('shows the exact browser URL for the url typed so far, the placeholder until it is a url, and takes ? in it', async () => {
		const driver = await renderApp(app({isTutorial: true}));
		let screen = await startTutorial(driver);
		assert.equal(browserUrl(screen), placeholderBrowserUrl);

		await driver.typeText('https:/');
		screen = await driver.waitFor('> https:/');
		assert.equal(browserUrl(screen), placeholderBrowserUrl, 'not a url yet');

		await driver.typeText('/sub.authentication.eu10');
		screen = await driver.waitFor('> https://sub.authentication.eu10');
		assert.equal(browserUrl(screen), 'https://sub.authentication.eu10/oauth/token?grant_type=client_credentials');

		await driver.typeText('.hana.ondemand.com/');
		screen = await driver.waitFor(`> ${realUrl}/`);
		assert.equal(browserUrl(screen), realBrowserUrl, 'the trailing slash is dropped');

		// A url copied from the browser tutorial, query included: its ? is typed, and the address is not doubled.
		await driver.typeText('oauth/token?grant_type=client_credentials');
		screen = await waitForInput(driver, `> ${realBrowserUrl}`);
		assertGuideOpen(screen);
		assert.equal(browserUrl(screen), realBrowserUrl);
		assert.doesNotMatch(hintsOf(screen), /\?/, 'no ? hint while ? would be typed');

		await driver.press(...Array.from(realBrowserUrl, () => keys.backspace));
		screen = await driver.waitFor(narrowUrlPlaceholder);
		assert.equal(browserUrl(screen), placeholderBrowserUrl);
		await driver.typeText(suite.demo.uaaUrl);
		screen = await driver.waitFor(`> ${suite.demo.uaaUrl}`);
		assert.equal(browserUrl(screen), `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`);
	});

	it('with --demo: walks steps 1 to 3 of the tutorial to an answer explained field by field, with the next step', async () => {
		const gated = gatedRequests();
		const demoValues = demoValuesOf(suite);
		const driver = await renderApp(app({isTutorial: true, demoValues, transport: gated.transport}));
		let screen = await driver.waitFor('Press Enter to start');
		assert.match(unwrap(screen), /Practice \(--demo\): a server on this computer stands in for SAP/);
		await driver.press(keys.enter);

		screen = await driver.waitFor('Step 1/3 url');
		assert.equal(guideLines(screen)[1], 'Part 1 of 3: Find the values');
		assert.ok(mainLines(screen).includes(`Demo value: ${demoValues.url}`), screen);
		await driver.press(keys.tab);
		screen = await driver.waitFor(`> ${demoValues.url}`);
		assert.equal(browserUrl(screen), `${demoValues.url}/oauth/token?grant_type=client_credentials`);
		await driver.press(keys.enter);

		screen = await driver.waitFor('Step 2/3 clientid');
		assert.equal(guideLines(screen)[1], 'Part 1 of 3: Find the values');
		assert.deepEqual(markedLines(screen), ['"clientid": "sb-...", <- this one']);
		await driver.press(keys.tab);
		await driver.waitFor(`> ${demoValues.clientid}`);
		await driver.press(keys.enter);

		screen = await driver.waitFor('Step 3/3 clientsecret');
		assert.equal(guideLines(screen)[1], 'Part 1 of 3: Find the values');
		assert.deepEqual(markedLines(screen), ['"clientsecret": "...", <- this one']);
		await driver.press(keys.tab);
		await waitForInput(driver, `> ${'*'.repeat(demoValues.clientsecret.length)}`);
		await driver.press(keys.enter);

		screen = await driver.waitFor('Part 2 of 3: Get the token');
		assert.match(screen, /Requesting a token from/);
		assert.deepEqual(currentBrowserSteps(screen), ['1.', '2.', '3.']);
		assert.match(hintsOf(screen), /\? hide guide$/);
		gated.open();

		screen = await driver.waitFor('Part 3 of 3: Read the answer');
		assert.match(screen, /✓ Token received/);
		assertGuideOpen(screen);
		const answer = unwrap(mainLines(screen).join('\n'));
		// Each field's value, then its plain-words line, then the next field.
		const explained = [
			/access_token eyJhbGci…\S{6} \(\d+ characters, hidden\) the token itself: send it to the service as Authorization: Bearer <token> token_type/,
			/token_type bearer bearer: whoever holds the token may use it, so keep it like a password expires_in/,
			/expires_in 43199 s \(11 h 59 min 59 s\) seconds the token is valid from when it was issued; 43199 is 12 hours less a second expires at/,
			/expires at .+ that moment by this computer's clock remaining/,
			/remaining .+ left time left; at zero the service refuses the token and R gets a new one scope/,
			/scope uaa\.resource demo-recommendation!t1234\.Read demo-recommendation!t1234\.Write what the token allows; each service checks for the scopes it needs jti/,
			/jti [\da-f]{32} the token's unique id, for logs and for revoking this one token auth method/,
			/auth method client_secret_post \(clientid and clientsecret in the form body\) how uaa-token sent clientid and clientsecret; the browser uses HTTP Basic/,
		];
		for (const pattern of explained) {
			assert.match(answer, pattern);
		}

		assert.match(answer, /Next step: call the service's API with the token/);
		const serviceUrl = `${demoValues.url}/service-api`;
		assert.equal(demoValues.serviceUrl, serviceUrl);
		assert.ok(answer.includes(`curl -g -H 'Authorization: Bearer eyJhbGci…`), answer);
		assert.ok(new RegExp(`curl -g -H 'Authorization: Bearer eyJhbGci…[\\w-]{6}' '${serviceUrl.replaceAll('.', '\\.')}'`).test(answer), `the practice API, with the token masked:\n${answer}`);
		assert.match(answer, /Add the path of the API call you want\. Press C to copy the command with the full token\./);
		assert.doesNotMatch(screen, /eyJ[\w-]{40,}/, 'the token is masked');

		// Hiding the guide keeps the explanations: they belong to the tutorial, not to the panel.
		await driver.press('?');
		screen = await driver.waitFor(guideHint);
		assertGuideClosed(screen);
		assert.match(unwrap(screen), /access_token eyJhbGci…\S{6} \(\d+ characters, hidden\) the token itself: send it to the service as Authorization: Bearer <token>/);
		await driver.press('?');
		await driver.waitFor('Part 3 of 3: Read the answer');
		await driver.press('q');
		assert.equal(await driver.exited, undefined);
	});

	it('wraps the explained answer beside the guide between words, never starting a row with the space it broke at', async () => {
		const driver = await renderApp(app({isTutorial: true, demoValues: demoValuesOf(suite)}));
		await startTutorial(driver);
		for (const step of ['Step 2/3', 'Step 3/3', 'Part 3 of 3: Read the answer']) {
			// eslint-disable-next-line no-await-in-loop -- one step after the other
			await driver.press(keys.tab, keys.enter);
			// eslint-disable-next-line no-await-in-loop
			await driver.waitFor(step);
		}

		// Values and their plain words sit in a column 14 characters in; a 15th space is the one Ink kept.
		const keptSpaces = mainLines(driver.screen()).filter(row => /^ {15}\S/.test(row));
		assert.deepEqual(keptSpaces, [], `rows starting with the space Ink broke at:\n${keptSpaces.join('\n')}`);
	});

	/** --tutorial with url and clientid typed by hand, to the secret's step. */
	async function tutorialToSecret(): Promise<AppDriver> {
		const driver = await renderApp(app({isTutorial: true}));
		await startTutorial(driver);
		await typeAndEnter(driver, suite.demo.uaaUrl);
		await driver.waitFor('Step 2/3 clientid');
		await typeAndEnter(driver, suite.demo.clientId);
		await driver.waitFor('Step 3/3 clientsecret');
		return driver;
	}

	it('never shows a typed secret in any frame, with the guide open throughout and ? typed inside the secret', async () => {
		const driver = await tutorialToSecret();
		await driver.typeText(secretBeforeMark);
		await waitForInput(driver, `> ${'*'.repeat(secretBeforeMark.length)}`);
		// With text in the field, ? is a character of the secret, not the guide's key.
		await driver.press('?');
		let screen = await waitForInput(driver, `> ${'*'.repeat(secretBeforeMark.length + 1)}`);
		assertGuideOpen(screen);
		await driver.typeText(secretAfterMark);
		screen = await waitForInput(driver, `> ${'*'.repeat(secret.length)}`);
		assertGuideOpen(screen);
		await driver.press(keys.enter);
		// The demo server takes only the whole secret, ? included.
		screen = await driver.waitFor('Part 3 of 3: Read the answer');
		assert.match(screen, /✓ Token received/);
		assert.match(unwrap(mainLines(screen).join('\n')), /curl -g -H 'Authorization: Bearer eyJhbGci…[\w-]{6}' '<API url>'/, 'without --demo or a key, the API url is a placeholder');
		const frames = driver.allOutput();
		assert.ok(!frames.includes(secret), 'the secret never reaches the screen');
		assert.ok(!frames.includes(secretBeforeMark) && !frames.includes(secretAfterMark), 'nor any part of it');
	});

	it('takes the secret typed after ? closed and reopened the guide on its empty field', async () => {
		const driver = await tutorialToSecret();
		await driver.press('?');
		await driver.waitFor(guideHint);
		// This ? once also came back into the field on the next key, so the secret typed next got a 401.
		await driver.press('?');
		await driver.waitFor(hideGuideHint);
		await driver.typeText(secret);
		const screen = await driver.waitFor(`> ${'*'.repeat(secret.length)}`);
		assert.equal(inputRow(screen), `> ${'*'.repeat(secret.length)}`);
		await driver.press(keys.enter);
		await driver.waitFor('Part 3 of 3: Read the answer');
		assert.ok(!driver.allOutput().includes(secret));
	});
});
