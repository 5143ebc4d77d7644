// uaa-token --tutorial --demo in a real pseudo-terminal: the intro, the guide beside the wizard at 100 columns and below it at 40, compact on short terminals, and every screen fitting its width.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {escapeRegExp, keys, type PtyTerminal, startPtyTerminal, unwrap} from '../helpers/pty-terminal.js';
import {glossaryLines, placeholderBrowserUrl} from '../helpers/guide-text.js';

const demoClientId = 'sb-uaa-token-demo!t1234';
const demoSecret = 'Dem0+Secret$2026=';
const compactNote = 'A taller terminal shows the whole guide.';
// The title offers ? only where it closes the guide: not in a field that holds text, where ? is typed.
const bottomTitle = /^─ Guide ─+(?: \? close guide)? ─$|^─ Guide ─+$/;

/** Every row within the width, and none of them a soft wrap of the row before: the app broke every line itself. */
function assertFits(terminal: PtyTerminal, cols: number, what: string): void {
	const rows = terminal.rows();
	const screen = terminal.screen();
	const tooLong = rows.filter(row => row.text.trimEnd().length > cols).map(row => row.text);
	assert.deepEqual(tooLong, [], `${what}: rows longer than ${cols} columns on:\n${screen}`);
	const wrapped = rows.flatMap((row, index) => (row.isWrapped ? [index] : []));
	assert.ok(rows.every(row => !row.isWrapped), `${what}: rows ${wrapped.join(', ')} continue the row before them (soft wraps) on:\n${screen}`);
}

/** The side guide's text, right of its border; checks the border runs down one column on every row of the guide. */
function sideGuide(screen: string, what: string): string[] {
	const rows = screen.split('\n');
	const titleRow = rows.findIndex(row => /│ Guide(?: +\? close guide)?$/.test(row));
	assert.ok(titleRow >= 0, `${what}: a guide beside the screen on:\n${screen}`);
	const border = rows[titleRow]!.indexOf('│');
	assert.equal(border, 60, `${what}: the guide takes the right 40 columns`);
	const lastRow = rows.length - 1 - [...rows].reverse().findIndex(row => row.includes('│'));
	const guideRows = rows.slice(titleRow, lastRow + 1);
	for (const row of guideRows) {
		assert.equal(row[border], '│', `${what}: the border on every row of the guide, not on "${row}" in:\n${screen}`);
		assert.ok(!row.slice(0, border).includes('│'), `${what}: one border per row: "${row}"`);
	}

	return guideRows.map(row => row.slice(border + 2).trimEnd());
}

/** The bottom guide's rows, under its title rule; the rule is the only one on the screen. */
function bottomGuide(screen: string, what: string): string[] {
	const rows = screen.split('\n');
	const titleRows = rows.filter(row => bottomTitle.test(row));
	assert.equal(titleRows.length, 1, `${what}: one guide title rule across the width on:\n${screen}`);
	assert.ok(!rows.some(row => row.includes('│')), `${what}: no side border below 100 columns`);
	return rows.slice(rows.findIndex(row => bottomTitle.test(row)) + 1);
}

/** The drawing's marked lines as `line <- marker`, padding squeezed. */
function markedLines(lines: readonly string[]): string[] {
	return lines.filter(line => line.includes('<- ')).map(line => line.trim().replace(/\s+<- /, ' <- '));
}

/** The url of the browser's step 1, joined back from the rows it wraps over. */
function browserUrl(lines: readonly string[]): string {
	const first = lines.findIndex(line => /^[> ] 1\. Open/.test(line));
	const last = lines.findIndex(line => /^[> ] 2\. /.test(line));
	assert.ok(first >= 0 && last > first, `browser steps in:\n${lines.join('\n')}`);
	return lines
		.slice(first, last)
		.map(line => line.slice(2))
		.join('')
		.replace(/^1\. Open ?/, '');
}

const urlMarks = ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one'];
const clientIdMarks = ['"clientid": "sb-...", <- this one'];
const clientSecretMarks = ['"clientsecret": "...", <- this one'];

type TutorialScreens = {
	demoUrl: string;
	intro: string;
	url: string;
	urlFilled: string;
	clientId: string;
	clientSecret: string;
	result: string;
	inspect: string;
};

/** Walks --tutorial --demo with Tab from the intro to the inspect view, checking that every screen fits; q then exits 0. */
async function walkTutorial(terminal: PtyTerminal, cols: number): Promise<TutorialScreens> {
	const intro = await terminal.waitFor('Press Enter to start');
	assertFits(terminal, cols, 'the intro');
	// Typing on the intro does nothing.
	await terminal.press('x', '?', keys.tab);
	assert.equal(terminal.screen(), intro, 'the intro, unchanged by keys other than Enter and q');

	await terminal.press(keys.enter);
	const url = await terminal.waitFor(/Step 1\/3 url[\s\S]*Tutorial step 1 of 3: Find the values/);
	assertFits(terminal, cols, 'step 1');
	assert.match(url, /^> e\.g\. https:\/\/<subdomain>\.authentication/m, 'the url field is empty: nothing typed on the intro reached it');
	const demoUrl = /Demo value: (http:\/\/127\.0\.0\.1:\d+)/.exec(url)?.[1];
	assert.ok(demoUrl, `the practice url on:\n${url}`);

	await terminal.press(keys.tab);
	const urlFilled = await terminal.waitFor(`> ${demoUrl}`);
	assertFits(terminal, cols, 'step 1 filled in');
	await terminal.press(keys.enter);

	const clientId = await terminal.waitFor('Step 2/3 clientid');
	assertFits(terminal, cols, 'step 2');
	await terminal.press(keys.tab);
	await terminal.waitFor(`> ${demoClientId}`);
	await terminal.press(keys.enter);

	const clientSecret = await terminal.waitFor('Step 3/3 clientsecret');
	assertFits(terminal, cols, 'step 3');
	await terminal.press(keys.tab);
	await terminal.waitFor(new RegExp(`^> \\*{${demoSecret.length}}(?: |$)`, 'm'));
	await terminal.press(keys.enter);

	const result = await terminal.waitFor(/Tutorial step 3 of 3: Read the answer/);
	await terminal.waitFor('Next step: call the service');
	assertFits(terminal, cols, 'the answer');

	await terminal.press('i');
	const inspect = await terminal.waitFor('i back to the answer');
	assertFits(terminal, cols, 'the inspect view');
	await terminal.press('i');
	await terminal.waitFor('i what is inside');
	return {demoUrl, intro, url, urlFilled, clientId, clientSecret, result, inspect};
}

async function quitWithQ(terminal: PtyTerminal): Promise<void> {
	await terminal.press('q');
	const {exitCode} = await terminal.exited;
	assert.equal(exitCode, 0, `q exits 0; the screen shows:\n${terminal.screen()}`);
}

/** The masked curl command, read as one line. */
function assertNextStep(screen: string, demoUrl: string): void {
	const text = unwrap(screen);
	assert.match(text, /Next step: call the service's API with the token/);
	assert.match(text, new RegExp(`curl -H 'Authorization: Bearer eyJhbGci…[\\w-]{6}' '${escapeRegExp(demoUrl)}/service-api'`), `the practice API with the token masked on:\n${screen}`);
	assert.doesNotMatch(screen, /[\w-]{40,}/, 'the token is masked');
}

function assertIntro(screen: string): void {
	const text = unwrap(screen);
	assert.match(text, /Tutorial: "Get OAuth Access Token for Personalized Recommendation via Web Browser"/);
	assert.match(text, /1\. Find the values\./);
	assert.match(text, /3\. Read the answer\./);
	assert.match(text, /Practice \(--demo\): a server on this computer stands in for SAP/);
	assert.match(screen, /^Enter start {2}q quit$/m);
	assert.doesNotMatch(screen, /Guide|Step 1\/3/, 'no guide and no wizard on the intro');
}

describe('--tutorial --demo in a real terminal', () => {
	it('at 100x40: the guide beside each screen behind a border, from the intro to the explained answer', async t => {
		const cols = 100;
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--demo'], cols, rows: 40});
		const screens = await walkTutorial(terminal, cols);
		const {demoUrl} = screens;
		assertIntro(screens.intro);
		assert.match(screens.intro, /\[demo: practice server, no SAP account needed\]/);

		let guide = sideGuide(screens.url, 'step 1');
		assert.equal(guide[1], 'Tutorial step 1 of 3: Find the values');
		assert.deepEqual(markedLines(guide), urlMarks);
		assert.equal(browserUrl(guide), placeholderBrowserUrl);
		for (const line of glossaryLines) {
			assert.ok(guide.includes(line), `"${line}" in the guide beside step 1`);
		}

		assert.match(screens.url, /^Step 1\/3 url +│ Guide +\? close guide$/m, 'the wizard beside the guide');
		assert.match(screens.url, /^Enter next {2}Tab fill demo value {2}Ctrl\+C quit {2}\? hide guide +│/m);

		guide = sideGuide(screens.urlFilled, 'step 1 filled in');
		assert.equal(browserUrl(guide), `${demoUrl}/oauth/token?grant_type=client_credentials`, 'the browser URL of the url typed');

		guide = sideGuide(screens.clientId, 'step 2');
		assert.equal(guide[1], 'Tutorial step 1 of 3: Find the values');
		assert.deepEqual(markedLines(guide), clientIdMarks);
		assert.ok(guide.includes('> 2. Type clientid as Username'), guide.join('\n'));

		guide = sideGuide(screens.clientSecret, 'step 3');
		assert.deepEqual(markedLines(guide), clientSecretMarks);
		assert.ok(guide.includes('> 3. Type clientsecret as Password'), guide.join('\n'));
		assert.match(screens.clientSecret, /Demo value: Dem0\+Secret\$2026=/, 'the public practice secret is shown on purpose');

		guide = sideGuide(screens.result, 'the answer');
		assert.equal(guide[1], 'Tutorial step 3 of 3: Read the answer');
		assert.deepEqual(markedLines(guide), ['{ "url": "https://...", <- next']);
		assert.match(screens.result, /^uaa-token /m, 'the answer fits 40 rows with its header');
		assert.match(screens.result, /^✓ Token received +│/m);
		assert.match(screens.result, /^access_token {2}eyJhbGci…\S{6} {2}\(\d+ characters, hidden\) +│/m);
		assert.match(screens.result, /^ {14}the token itself: send it to the service as +│/m, 'its plain words under the field');
		assert.match(screens.result, /^ {14}bearer: whoever holds the token may use it, +│/m);
		assertNextStep(screens.result.split('\n').map(row => row.split('│')[0]!.trimEnd()).join('\n'), demoUrl);

		// Taller than the terminal, the inspect view has scrolled the guide's title away; its border runs down every row.
		const inspectRows = screens.inspect.split('\n');
		assert.ok(inspectRows.every(row => row[60] === '│' && !row.slice(0, 60).includes('│')), `the border beside every row of:\n${screens.inspect}`);
		assert.match(screens.inspect, /^Expiry check +│/m);
		assert.match(screens.inspect, /i back to the answer {2}c copy token {2}q quit {2}\? hide guide/);
		await quitWithQ(terminal);
	});

	it('at 40x30: the guide below, one section at a time, on every screen that fits 40 columns', async t => {
		const cols = 40;
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--demo'], cols, rows: 30});
		const screens = await walkTutorial(terminal, cols);
		assertIntro(screens.intro);

		for (const [what, screen, marks] of [
			['step 1', screens.url, urlMarks],
			['step 1 filled in', screens.urlFilled, urlMarks],
			['step 2', screens.clientId, clientIdMarks],
			['step 3', screens.clientSecret, clientSecretMarks],
		] as const) {
			const guide = bottomGuide(screen, what);
			assert.equal(guide[0], 'Tutorial step 1 of 3: Find the values', what);
			assert.deepEqual(markedLines(guide), marks, what);
			assert.ok(guide.includes('Your service key, abridged:'), `${what}: the key, the section for this moment`);
			assert.ok(!guide.some(line => line.startsWith("In a browser") || line === 'Words:'), `${what}: only one section:\n${screen}`);
			assert.equal(guide.at(-1), compactNote, what);
			assert.match(screen, /^>(?: |$)/m, `${what}: the input stays on the screen above the guide`);
		}

		const guide = bottomGuide(screens.result, 'the answer');
		assert.deepEqual(guide, ['Tutorial step 3 of 3: Read the answer', 'Words:', ...glossaryLines, compactNote], 'the words of the answer, alone');
		assert.match(unwrap(screens.result), /auth method client_secret_post \(clientid and clientsecret in the form body\) how uaa-token sent clientid and clientsecret; the browser uses HTTP Basic/, 'the plain words under the field');
		assertNextStep(screens.result, screens.demoUrl);
		assert.deepEqual(bottomGuide(screens.inspect, 'the inspect view'), ['Tutorial step 3 of 3: Read the answer', 'Words:', ...glossaryLines, compactNote]);
		await quitWithQ(terminal);
	});

	it('at 40x50: the whole guide below each step, and only the words below the answer', async t => {
		const cols = 40;
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--demo'], cols, rows: 50});
		const screens = await walkTutorial(terminal, cols);
		const {demoUrl} = screens;
		assertIntro(screens.intro);

		for (const [what, screen, marks, currentStep] of [
			['step 1', screens.url, urlMarks, '> 1. Open'],
			['step 1 filled in', screens.urlFilled, urlMarks, '> 1. Open'],
			['step 2', screens.clientId, clientIdMarks, '> 2. Type clientid as Username'],
			['step 3', screens.clientSecret, clientSecretMarks, '> 3. Type clientsecret as Password'],
		] as const) {
			assert.match(screen, /^uaa-token \[demo: practice server\]$/m, `${what}: the whole screen fits 50 rows, header included`);
			const guide = bottomGuide(screen, what);
			assert.equal(guide[0], 'Tutorial step 1 of 3: Find the values', what);
			assert.deepEqual(markedLines(guide), marks, what);
			assert.ok(guide.includes('Your service key, abridged:'), what);
			assert.ok(guide.includes("In a browser (SAP's tutorial):"), what);
			assert.ok(guide.some(line => line.startsWith(currentStep)), `${what}: browser step ${currentStep} marked in:\n${guide.join('\n')}`);
			assert.deepEqual(guide.slice(-6), ['Words:', ...glossaryLines], what);
			assert.ok(!guide.includes(compactNote), `${what}: the whole guide:\n${screen}`);
		}

		assert.equal(browserUrl(bottomGuide(screens.url, 'step 1')), placeholderBrowserUrl);
		for (const [what, screen] of [
			['step 1 filled in', screens.urlFilled],
			['step 2', screens.clientId],
			['step 3', screens.clientSecret],
		] as const) {
			assert.equal(browserUrl(bottomGuide(screen, what)), `${demoUrl}/oauth/token?grant_type=client_credentials`, what);
		}

		const guide = bottomGuide(screens.result, 'the answer');
		assert.deepEqual(guide, ['Tutorial step 3 of 3: Read the answer', 'Words:', ...glossaryLines, compactNote], 'the answer keeps the guide compact');
		assert.match(unwrap(screens.result), /remaining \S.* left time left; at zero the service refuses/);
		assertNextStep(screens.result, demoUrl);
		await quitWithQ(terminal);
	});

	it('refuses --tutorial with --profile, exiting 2 with a message', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--profile', 'x']});
		const {exitCode} = await terminal.exited;
		assert.equal(exitCode, 2, `exit code; the screen shows:\n${terminal.screen()}`);
		// The message is one line, which the terminal wraps at its edge; waitFor reads soft-wrapped rows joined.
		await terminal.waitFor('uaa-token: --tutorial walks the steps for new values; open a saved profile without it: uaa-token --profile NAME');
		assert.doesNotMatch(terminal.screen(), /Press Enter to start|Step 1\/3/);
	});
});
