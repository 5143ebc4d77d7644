// uaa-token --tutorial --demo in a real pseudo-terminal: the intro, the guide beside the wizard at 100 columns and below it at 40, compact on short terminals, every screen fitting its width, and screens taller than the terminal read by scrolling.

import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	escapeRegExp,
	framesNotFitting,
	keys,
	type PtyTerminal,
	readScrolled,
	type ScrolledScreen,
	scrollHint,
	scrollKeys,
	startPtyTerminal,
	unwrap,
} from '../helpers/pty-terminal.js';
import {browserSecretLesson, getTheTokenDone, getTheTokenDoneInFull, glossaryLines, partHeadings, placeholderBrowserUrl} from '../helpers/guide-text.js';

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

/** The bottom guide's rows, under its title rule down to the empty row above the key hints; the rule is the only one on the screen. */
function bottomGuide(screen: string, what: string): string[] {
	const rows = screen.split('\n');
	const titleRows = rows.filter(row => bottomTitle.test(row));
	assert.equal(titleRows.length, 1, `${what}: one guide title rule across the width on:\n${screen}`);
	assert.ok(!rows.some(row => row.includes('│')), `${what}: no side border below 100 columns`);
	const guide = rows.slice(rows.findIndex(row => bottomTitle.test(row)) + 1);
	return guide.includes('') ? guide.slice(0, guide.indexOf('')) : guide;
}

/** An indicator line of the scrolling view, with the keys after it or without them where they do not fit. */
const moreBelowLine = /^↓ \d+ more lines?(?: — .*)?$/m;
const moreAboveLine = /^↑ \d+ more lines?(?: — .*)?$/m;

/** The drawing's marked lines as `line <- marker`, padding squeezed. */
function markedLines(lines: readonly string[]): string[] {
	return lines.filter(line => line.includes('<- ')).map(line => line.trim().replace(/\s+<- /, ' <- '));
}

/**
 * The url of the browser's step 1, joined back from the rows it is broken over; each row after its first starts
 * where a reader expects a break: at a host's dot, the path or the query, never inside a word.
 */
function browserUrl(lines: readonly string[]): string {
	const first = lines.findIndex(line => /^[> ] 1\. Open/.test(line));
	const last = lines.findIndex(line => /^[> ] 2\. /.test(line));
	assert.ok(first >= 0 && last > first, `browser steps in:\n${lines.join('\n')}`);
	const rows = lines
		.slice(first, last)
		.map(line => line.slice(2))
		.join('\n')
		.replace(/^1\. Open ?\n?/, '')
		.split('\n');
	assert.ok(rows.slice(1).every(row => /^[./?]/.test(row)), `the url broken only before a dot, its path or its query:\n${rows.join('\n')}`);
	return rows.join('');
}

const urlMarks = ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one'];
const clientIdMarks = ['"clientid": "sb-...", <- this one'];
const clientSecretMarks = ['"clientsecret": "...", <- this one'];

type TutorialScreens = {
	demoUrl: string;
	intro: ScrolledScreen;
	url: ScrolledScreen;
	urlFilled: ScrolledScreen;
	clientId: ScrolledScreen;
	clientSecret: ScrolledScreen;
	result: ScrolledScreen;
	inspect: ScrolledScreen;
};

/** Reads the open screen whole, scrolling where it is taller than the terminal, and checks that every page of it fits the width. */
async function readScreen(terminal: PtyTerminal, cols: number, what: string, hasField = false): Promise<ScrolledScreen> {
	assertFits(terminal, cols, what);
	const screen = await readScrolled(terminal, what, {hasField, onPage: page => assertFits(terminal, cols, `${what}: ${page}`)});
	assertFits(terminal, cols, `${what}, back at its top`);
	return screen;
}

/**
 * Walks --tutorial --demo with Tab from the intro to the inspect view and back to the answer, reading each screen
 * whole (by scrolling where it is taller than the terminal) and checking that every page fits; q then exits 0.
 */
async function walkTutorial(terminal: PtyTerminal, cols: number): Promise<TutorialScreens> {
	// The key hints stay on screen however tall the intro is; "Press Enter to start" may be below.
	const introTop = await terminal.waitFor(/^Enter start {2}q quit$/m);
	assertFits(terminal, cols, 'the intro');
	// Typing on the intro does nothing.
	await terminal.press('x', '?', keys.tab);
	assert.equal(terminal.screen(), introTop, 'the intro, unchanged by keys other than Enter and q');
	const intro = await readScreen(terminal, cols, 'the intro');
	assert.match(intro.whole, /^Press Enter to start$/m);

	await terminal.press(keys.enter);
	await terminal.waitFor('Step 1/3 url');
	const url = await readScreen(terminal, cols, 'step 1', true);
	assert.match(unwrap(url.whole), /(?:^| )> e\.g\. https:\/\/<subdomain>\./, 'the url field is empty, its example shown: nothing typed on the intro reached it');
	const demoUrl = /Demo value: (http:\/\/127\.0\.0\.1:\d+)/.exec(url.whole)?.[1];
	assert.ok(demoUrl, `the practice url on:\n${url.whole}`);

	await terminal.press(keys.tab);
	await terminal.waitFor(`> ${demoUrl}`);
	const urlFilled = await readScreen(terminal, cols, 'step 1 filled in', true);
	await terminal.press(keys.enter);

	await terminal.waitFor('Step 2/3 clientid');
	const clientId = await readScreen(terminal, cols, 'step 2', true);
	await terminal.press(keys.tab);
	await terminal.waitFor(`> ${demoClientId}`);
	await terminal.press(keys.enter);

	await terminal.waitFor('Step 3/3 clientsecret');
	const clientSecret = await readScreen(terminal, cols, 'step 3', true);
	// In a field, End moves the cursor and does not scroll.
	await terminal.press(scrollKeys.end);
	assert.equal(terminal.screen(), clientSecret.screen, 'step 3: End in the empty field scrolls nothing');
	await terminal.press(keys.tab);
	await terminal.waitFor(new RegExp(`^> \\*{${demoSecret.length}}(?: |$)`, 'm'));
	await terminal.press(keys.enter);

	await terminal.waitFor('✓ Token received');
	const result = await readScreen(terminal, cols, 'the answer');
	assert.ok(result.whole.split('\n').some(row => row.endsWith(partHeadings.readTheAnswer)), `the guide's part 3 with the answer:\n${result.whole}`);
	assert.match(result.whole, /Next step: call the service/);
	if (result.pages.length > 1) {
		// Without a field, j and k scroll a line, and End shows the last page.
		await terminal.press('j');
		await terminal.waitFor(/^↑ 1 more line$/m);
		await terminal.press('k');
		// At the top again: the same "↓" line (one row below the top it counts the same) and no "↑" line.
		const belowLine = result.screen.split('\n').find(row => moreBelowLine.test(row))!;
		await terminal.waitFor(new RegExp(`^(?![\\s\\S]*\\n↑ )[\\s\\S]*\\n${escapeRegExp(belowLine)}(?:\\n|$)`));
		await terminal.press(scrollKeys.end);
		const lastAbove = result.pages.at(-1)!.split('\n').find(row => moreAboveLine.test(row))!;
		const end = await terminal.waitFor(new RegExp(`^${escapeRegExp(lastAbove)}$`, 'm'));
		assert.doesNotMatch(end, moreBelowLine, 'End shows the last page');
	}

	// A new screen starts at its top, wherever the last one was scrolled to.
	await terminal.press('i');
	await terminal.waitFor('i back to the answer');
	const inspect = await readScreen(terminal, cols, 'the inspect view');
	await terminal.press(scrollKeys.end);
	if (inspect.pages.length > 1) {
		await terminal.waitFor(/^Expiry check(?: |$)/m);
	}

	await terminal.press('i');
	assert.doesNotMatch(await terminal.waitFor('i what is inside'), moreAboveLine, 'back on the answer, at its top');
	return {demoUrl, intro, url, urlFilled, clientId, clientSecret, result, inspect};
}

/** The key hints on the last rows of every page, below the body at full width. */
function assertHintsLast(screen: ScrolledScreen, hints: RegExp, what: string): void {
	for (const page of screen.pages) {
		assert.match(page.split('\n').at(-1)!, hints, `${what}: the key hints on the last row of:\n${page}`);
	}
}

/** Checks the wide key hints were below the side guide on the screen, not beside it behind its border. */
function assertHintsBelowSideGuide(screen: ScrolledScreen, what: string): void {
	for (const page of screen.pages) {
		const hints = page.split('\n').at(-1)!;
		assert.ok(!hints.includes('│'), `${what}: the key hints at full width, no border on their row: "${hints}"`);
	}
}

/**
 * Checked last, so the rest of a walk is checked too when they fail: every frame of the walk was shorter than the
 * terminal (so the scrollback was never erased), and the url example, shortened for narrow columns, took one row.
 */
function assertEveryScreenFits(terminal: PtyTerminal, url: ScrolledScreen, what: string): void {
	const problems = framesNotFitting(terminal);
	const wizardColumn = url.whole.split('\n').map(row => row.split('│')[0]!.trimEnd());
	if (!wizardColumn.some(row => /^> e\.g\. https:\/\/<subdomain>\.\S*$/.test(row))) {
		problems.push(`step 1: the url example broken over two rows:\n${url.screen}`);
	}

	assert.deepEqual(problems, [], `${what}: every screen fits the terminal`);
	assert.ok(!terminal.rawOutput().includes('\u001B[3J'), `${what}: the scrollback is never erased`);
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
	assert.match(text, new RegExp(`curl -g -H 'Authorization: Bearer eyJhbGci…[\\w-]{6}' '${escapeRegExp(demoUrl)}/service-api'`), `the practice API with the token masked on:\n${screen}`);
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
		assertIntro(screens.intro.whole);
		assert.equal(screens.intro.pages.length, 1, 'the intro fits 40 rows');
		assert.match(screens.intro.screen, /\[demo: practice server, no SAP account needed\]/);

		for (const [what, screen] of [
			['step 1', screens.url],
			['step 1 filled in', screens.urlFilled],
			['step 2', screens.clientId],
			['step 3', screens.clientSecret],
			['the answer', screens.result],
		] as const) {
			assert.equal(screen.pages.length, 1, `${what}: the screen and the guide beside it fit 40 rows:\n${screen.screen}`);
			assert.doesNotMatch(screen.screen, moreBelowLine, what);
			assertHintsBelowSideGuide(screen, what);
		}

		let guide = sideGuide(screens.url.screen, 'step 1');
		assert.equal(guide[1], partHeadings.findTheValues);
		assert.deepEqual(markedLines(guide), urlMarks);
		assert.equal(browserUrl(guide), placeholderBrowserUrl);
		for (const line of glossaryLines) {
			assert.ok(guide.includes(line), `"${line}" in the guide beside step 1`);
		}

		assert.match(screens.url.screen, /^Step 1\/3 url +│ Guide +\? close guide$/m, 'the wizard beside the guide');
		assertHintsLast(screens.url, /^Enter next {2}Tab fill demo value {2}Ctrl\+C quit {2}\? hide guide$/, 'step 1: the key hints below the wizard and the guide');

		guide = sideGuide(screens.urlFilled.screen, 'step 1 filled in');
		assert.equal(browserUrl(guide), `${demoUrl}/oauth/token?grant_type=client_credentials`, 'the browser URL of the url typed');

		guide = sideGuide(screens.clientId.screen, 'step 2');
		assert.equal(guide[1], partHeadings.findTheValues);
		assert.deepEqual(markedLines(guide), clientIdMarks);
		assert.ok(guide.includes('> 2. Type clientid as Username'), guide.join('\n'));

		guide = sideGuide(screens.clientSecret.screen, 'step 3');
		assert.deepEqual(markedLines(guide), clientSecretMarks);
		assert.ok(unwrap(guide.join('\n')).includes(browserSecretLesson), `why the practice secret fails in a browser, beside step 3:\n${guide.join('\n')}`);
		assert.ok(guide.includes('> 3. Type clientsecret as Password'), guide.join('\n'));
		assert.match(screens.clientSecret.screen, /Demo value: Dem0\+Secret\$2026=/, 'the public practice secret is shown on purpose');

		const result = screens.result.screen;
		guide = sideGuide(result, 'the answer');
		// Part 2 shown done above part 3: its own screen may flash by.
		assert.equal(unwrap(guide.slice(1, guide.indexOf(partHeadings.readTheAnswer)).join('\n')), getTheTokenDoneInFull, guide.join('\n'));
		assert.deepEqual(markedLines(guide), ['{ "url": "https://...", <- next']);
		assert.match(result, /^uaa-token /m, 'the answer fits 40 rows with its header');
		assert.match(result, /^✓ Token received +│/m);
		assert.match(result, /^access_token {2}eyJhbGci…\S{6} {2}\(\d+ characters, hidden\) +│/m);
		assert.match(result, /^ {14}the token itself: send it to the service as +│/m, 'its plain words under the field');
		assert.match(result, /^ {14}bearer: whoever holds the token may use it, +│/m);
		assertNextStep(result.split('\n').map(row => row.split('│')[0]!.trimEnd()).join('\n'), demoUrl);
		assertHintsLast(screens.result, /^v show token {2}c copy token {2}C copy curl command {2}i what is inside {2}R new token {2}q quit {2}\? hide guide$/, 'the answer');

		// Taller than the terminal, the inspect view is a window between the header and the key hints: the guide beside
		// it scrolls with it, its border on every row of the body, and the indicator lines and the hints span the width.
		const {inspect} = screens;
		assert.ok(inspect.pages.length > 1, `the inspect view is taller than 40 rows:\n${inspect.screen}`);
		assert.deepEqual(inspect.top, ['uaa-token OAuth access token from SAP BTP XSUAA [demo: practice server, no SAP account needed]', ''], 'the header stays');
		assertHintsLast(inspect, /^i back to the answer {2}c copy token {2}q quit {2}\? hide guide$/, 'the inspect view');
		assert.match(inspect.screen, new RegExp(`^↓ \\d+ more lines — ${escapeRegExp(scrollHint)}$`, 'm'), 'how much is below, and the keys that scroll');
		guide = sideGuide(inspect.whole, 'the inspect view read whole');
		assert.ok(guide.includes(partHeadings.readTheAnswer), `the guide of the answer beside it:\n${guide.join('\n')}`);
		for (const page of inspect.pages) {
			const rows = page.split('\n');
			const body = rows.slice(inspect.top.length, rows.length - inspect.bottom.length).filter(row => !moreAboveLine.test(row) && !moreBelowLine.test(row));
			assert.ok(body.every(row => row[60] === '│' && !row.slice(0, 60).includes('│')), `the border beside every row of the body in:\n${page}`);
			assert.ok(rows.filter(row => moreAboveLine.test(row) || moreBelowLine.test(row)).every(row => !row.includes('│')), `the indicator lines span the width in:\n${page}`);
		}

		const lastPage = inspect.pages.at(-1)!;
		assert.match(lastPage, /^Expiry check +│/m, 'the end of the inspect view');
		assert.match(lastPage, new RegExp(`^↑ \\d+ more lines — ${escapeRegExp(scrollHint)}$`, 'm'));
		assert.doesNotMatch(lastPage, /│ Guide/, 'the guide\'s title scrolled away with the top of the body');
		await quitWithQ(terminal);
		assertEveryScreenFits(terminal, screens.url, 'the tutorial at 100x40');
	});

	it('at 40x30: the guide below, one section at a time, on every screen that fits 40 columns, taller screens scrolled', async t => {
		const cols = 40;
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--demo'], cols, rows: 30});
		const screens = await walkTutorial(terminal, cols);
		assertIntro(screens.intro.whole);
		// 40 columns leave no room for the keys after "↓ N more lines"; the hints below name Enter.
		assert.match(screens.intro.screen, /^↓ \d+ more lines?$/m, 'the intro is taller than 30 rows: a line says how much is below');
		assert.match(screens.intro.screen, /^Enter start {2}q quit$/m);

		for (const [what, screen, marks] of [
			['step 1', screens.url, urlMarks],
			['step 1 filled in', screens.urlFilled, urlMarks],
			['step 2', screens.clientId, clientIdMarks],
			['step 3', screens.clientSecret, clientSecretMarks],
		] as const) {
			const guide = bottomGuide(screen.whole, what);
			assert.equal(guide[0], partHeadings.findTheValues, what);
			assert.deepEqual(markedLines(guide), marks, what);
			assert.ok(guide.includes('Your service key, abridged:'), `${what}: the key, the section for this moment`);
			assert.ok(!guide.some(line => line.startsWith("In a browser") || line === 'Words:'), `${what}: only one section:\n${screen.whole}`);
			assert.equal(guide.at(-1), compactNote, what);
			assert.equal(unwrap(guide.join('\n')).includes(browserSecretLesson), screen === screens.clientSecret, `${what}: why a "+" fails in a browser, at the secret only:\n${guide.join('\n')}`);
			assert.match(screen.screen, /^>(?: |$)/m, `${what}: the input on the screen as it opens, above the guide`);
			assertHintsLast(screen, /(?:^| {2})(?:\? hide guide|Ctrl\+C quit)$/, what);
		}

		const guide = bottomGuide(screens.result.whole, 'the answer');
		assert.deepEqual(guide, [getTheTokenDone, partHeadings.readTheAnswer, 'Words:', ...glossaryLines, compactNote], 'the words of the answer, alone, under part 2 done');
		assert.match(unwrap(screens.result.whole), /auth method client_secret_post \(clientid and clientsecret in the form body\) how uaa-token sent clientid and clientsecret; the browser uses HTTP Basic/, 'the plain words under the field');
		assertNextStep(screens.result.whole, screens.demoUrl);
		assert.ok(screens.result.pages.length > 1, 'the answer with its plain words is taller than 30 rows');
		assert.match(screens.result.screen, /^✓ Token received$/m, 'the answer opens at its top');
		assert.match(screens.result.screen, /^↓ \d+ more lines?$/m);
		assertHintsLast(screens.result, /^R new token {2}q quit {2}\? hide guide$/, 'the answer');
		assert.deepEqual(bottomGuide(screens.inspect.whole, 'the inspect view'), [getTheTokenDone, partHeadings.readTheAnswer, 'Words:', ...glossaryLines, compactNote]);
		assert.match(screens.inspect.whole, /^Expiry check$/m, 'the inspect view read to its end');
		assertHintsLast(screens.inspect, /^q quit {2}\? hide guide$/, 'the inspect view');
		await quitWithQ(terminal);
		assertEveryScreenFits(terminal, screens.url, 'the tutorial at 40x30');
	});

	it('at 40x50: the whole guide below each step, and only the words below the answer', async t => {
		const cols = 40;
		const terminal = await startPtyTerminal(t, {args: ['--tutorial', '--demo'], cols, rows: 50});
		const screens = await walkTutorial(terminal, cols);
		const {demoUrl} = screens;
		assertIntro(screens.intro.whole);
		assert.equal(screens.intro.pages.length, 1, 'the intro fits 50 rows');

		for (const [what, screen, marks, currentStep] of [
			['step 1', screens.url, urlMarks, '> 1. Open'],
			['step 1 filled in', screens.urlFilled, urlMarks, '> 1. Open'],
			['step 2', screens.clientId, clientIdMarks, '> 2. Type clientid as Username'],
			['step 3', screens.clientSecret, clientSecretMarks, '> 3. Type clientsecret as Password'],
		] as const) {
			assert.equal(screen.pages.length, 1, `${what}: the whole screen fits 50 rows, nothing to scroll:\n${screen.screen}`);
			assert.match(screen.screen, /^uaa-token \[demo: practice server\]$/m, `${what}: the header`);
			const guide = bottomGuide(screen.screen, what);
			assert.equal(guide[0], partHeadings.findTheValues, what);
			assert.deepEqual(markedLines(guide), marks, what);
			assert.ok(guide.includes('Your service key, abridged:'), what);
			assert.ok(guide.includes("In a browser (SAP's tutorial):"), what);
			assert.ok(guide.some(line => line.startsWith(currentStep)), `${what}: browser step ${currentStep} marked in:\n${guide.join('\n')}`);
			assert.deepEqual(guide.slice(-6), ['Words:', ...glossaryLines], what);
			assert.ok(!guide.includes(compactNote), `${what}: the whole guide:\n${screen.screen}`);
			assert.equal(unwrap(guide.join('\n')).includes(browserSecretLesson), screen === screens.clientSecret, `${what}: why a "+" fails in a browser, at the secret only:\n${guide.join('\n')}`);
		}

		assert.equal(browserUrl(bottomGuide(screens.url.screen, 'step 1')), placeholderBrowserUrl);
		for (const [what, screen] of [
			['step 1 filled in', screens.urlFilled],
			['step 2', screens.clientId],
			['step 3', screens.clientSecret],
		] as const) {
			assert.equal(browserUrl(bottomGuide(screen.screen, what)), `${demoUrl}/oauth/token?grant_type=client_credentials`, what);
		}

		const guide = bottomGuide(screens.result.whole, 'the answer');
		assert.deepEqual(guide, [getTheTokenDone, partHeadings.readTheAnswer, 'Words:', ...glossaryLines, compactNote], 'the answer keeps the guide compact');
		assert.match(unwrap(screens.result.whole), /remaining \S.* left time left; at zero the service refuses/);
		assertNextStep(screens.result.whole, demoUrl);
		assert.match(screens.result.screen, /^↓ \d+ more lines?$/m, 'the answer with its words is taller than 50 rows at 40 columns');
		assertHintsLast(screens.result, /^R new token {2}q quit {2}\? hide guide$/, 'the answer');
		await quitWithQ(terminal);
		assertEveryScreenFits(terminal, screens.url, 'the tutorial at 40x50');
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
