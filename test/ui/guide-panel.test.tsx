import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ReactElement} from 'react';
import {Box, Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {GuidePanel, type GuidePanelProps, type GuideTopic, browserUrlRows} from '../../source/ui/guide-panel.js';
import {renderFrame, stripAnsi} from '../helpers/ink.js';
import {browserSecretLesson, getTheTokenDone, getTheTokenDoneInFull, glossaryLines, partHeadings, placeholderBrowserUrl} from '../helpers/guide-text.js';

const topics: GuideTopic[] = ['url', 'clientid', 'clientsecret', 'signing-in', 'result', 'failure', 'confirm-key', 'picker'];
const realUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
const realBrowserUrl = `${realUrl}/oauth/token?grant_type=client_credentials`;
// Distinctive, and holding +, $, / and =, so any leak to the screen is unmistakable.
const secret = 'Srv1ce+Key$ecret/Never=Shown';

/** The lines a user sees, colours stripped; a side panel is drawn alone, so its border starts every line. */
function linesOf(element: ReactElement): string[] {
	const instance = render(element);
	return stripAnsi(instance.lastFrame() ?? '').split('\n');
}

function panelLines(props: Partial<GuidePanelProps> & Pick<GuidePanelProps, 'topic'>): string[] {
	return linesOf(<GuidePanel url="" layout="bottom" width={40} {...props} />);
}

/** The side panel's lines without its border and padding. */
function sideContent(lines: string[]): string[] {
	return lines.map(line => line.replace(/^│ /, ''));
}

/** Lines that carry a marker, as `field line -> marker`, with the drawing's padding squeezed. */
function markedLines(lines: string[]): string[] {
	return lines.filter(line => line.includes('<- ')).map(line => line.trim().replace(/\s+<- /, ' <- '));
}

/** The browser steps marked as the current one. */
function currentSteps(lines: string[]): string[] {
	return lines.filter(line => /^> \d\./.test(line)).map(line => line.slice(2, 4));
}

/** The url the browser's step 1 opens, joined back from the lines it wraps over. */
function browserUrl(lines: string[]): string {
	const first = lines.findIndex(line => /^[> ] 1\. Open/.test(line));
	const last = lines.findIndex(line => /^[> ] 2\. /.test(line));
	assert.ok(first >= 0 && last > first, lines.join('\n'));
	const text = lines
		.slice(first, last)
		.map(line => line.slice(2).trimEnd())
		.join('');
	return text.replace(/^1\. Open ?/, '');
}

/** The rows of browser step 1 as drawn, the marker column removed: "1. Open", then the URL's own rows. */
function openStepRows(lines: string[]): string[] {
	const first = lines.findIndex(line => /^[> ] 1\. Open/.test(line));
	const last = lines.findIndex(line => /^[> ] 2\. /.test(line));
	assert.ok(first >= 0 && last > first, lines.join('\n'));
	return lines.slice(first, last).map(line => line.slice(2).trimEnd());
}

/** The lines read as one, as a sentence wrapped over several reads. */
function readAsOneLine(lines: string[]): string {
	return lines.map(line => line.trim()).join(' ');
}

/** Renders as a screen reader user's terminal gets it: Ink's screen-reader output, one line per thing said. */
function screenReaderText(element: ReactElement): string {
	return renderFrame(element, {isScreenReaderEnabled: true});
}

afterEach(() => {
	cleanup();
});

describe('GuidePanel: the service key drawing', () => {
	const expectedMarks: Record<GuideTopic, string[]> = {
		url: ['{ "url": "https://...", <- not this', '"url": "https://...", <- this one'],
		clientid: ['"clientid": "sb-...", <- this one'],
		clientsecret: ['"clientsecret": "...", <- this one'],
		'signing-in': ['"clientid": "sb-...", <- sent', '"clientsecret": "...", <- sent', '"url": "https://...", <- sent'],
		result: ['{ "url": "https://...", <- next'],
		failure: ['{ "url": "https://...", <- not this', '"clientid": "sb-...", <- check', '"clientsecret": "...", <- check', '"url": "https://...", <- check'],
		'confirm-key': ['{ "url": "https://...", <- the API', '"clientid": "sb-...", <- found', '"clientsecret": "...", <- found', '"url": "https://...", <- found'],
		picker: [],
	};

	for (const topic of topics) {
		it(`marks in words the fields that matter at "${topic}", and no others`, () => {
			assert.deepEqual(markedLines(panelLines({topic})), expectedMarks[topic]);
		});
	}

	it('puts the url step\'s marker on the url inside "uaa", the top-level one being the service\'s API', () => {
		const lines = panelLines({topic: 'url'});
		const uaaLine = lines.findIndex(line => line.startsWith('  "uaa": {'));
		const marked = lines.findIndex(line => line.includes('<- this one'));
		assert.ok(uaaLine >= 0 && marked > uaaLine, lines.join('\n'));
		assert.match(lines[marked] ?? '', /^ {4}"url"/);
		assert.ok(lines.join(' ').includes('The top "url" is the service\'s API, not for tokens.'), lines.join('\n'));
	});

	it('tells on the result screen that the top-level url is the API to call next, with the header to send', () => {
		const text = panelLines({topic: 'result'}).join(' ');
		assert.ok(text.includes('Next: call the top "url" with the header Authorization: Bearer <token>.'), text);
	});

	it('never shows a secret, even when a pasted service key holding one arrives as the url', () => {
		const pastedKey = JSON.stringify({url: 'https://service.example', uaa: {url: realUrl, clientid: 'sb-app!t1', clientsecret: secret}}, null, 2);
		for (const topic of topics) {
			for (const layout of ['side', 'bottom'] as const) {
				const lines = panelLines({topic, layout, url: pastedKey});
				const screen = lines.join('\n');
				assert.ok(!screen.includes(secret) && !screen.includes('Srv1ce'), screen);
				assert.ok(lines.some(line => /^(│ )? {4}"clientsecret": "\.\.\.",/.test(line)), screen);
				assert.equal(browserUrl(layout === 'side' ? sideContent(lines) : lines), placeholderBrowserUrl);
			}
		}
	});

	it('never shows credentials typed into the url', () => {
		const screen = panelLines({topic: 'url', url: `https://sb-app:${secret}@mysubaccount.authentication.eu10.hana.ondemand.com`}).join('\n');
		assert.ok(!screen.includes('Srv1ce'), screen);
	});
});

describe('GuidePanel: the browser steps', () => {
	const expectedSteps: Record<GuideTopic, string[]> = {
		url: ['1.'],
		clientid: ['2.'],
		clientsecret: ['3.'],
		'signing-in': ['1.', '2.', '3.'],
		result: ['4.'],
		failure: [],
		'confirm-key': [],
		picker: [],
	};

	for (const topic of topics) {
		it(`points with ">" at the browser step matching "${topic}"`, () => {
			const lines = panelLines({topic});
			assert.deepEqual(currentSteps(lines), expectedSteps[topic], lines.join('\n'));
		});
	}

	it('names clientid as Username and clientsecret as Password, and says the answer is JSON', () => {
		const lines = panelLines({topic: 'url'});
		assert.ok(lines.includes('  2. Type clientid as Username'), lines.join('\n'));
		assert.ok(lines.includes('  3. Type clientsecret as Password'), lines.join('\n'));
		assert.ok(lines.includes('  4. It shows the token as JSON'), lines.join('\n'));
	});

	const urls: Array<[string, string, string]> = [
		['a uaa url as the key has it', realUrl, realBrowserUrl],
		['a trailing slash and a query, which the tool drops', `${realUrl}/?tenant=x`, realBrowserUrl],
		['the whole token URL, query and fragment', `${realUrl}/oauth/token?grant_type=client_credentials#top`, realBrowserUrl],
		['a path the tool keeps', 'https://uaa.example.test/uaa/', 'https://uaa.example.test/uaa/oauth/token?grant_type=client_credentials'],
		['the practice server on loopback http', 'http://127.0.0.1:43210', 'http://127.0.0.1:43210/oauth/token?grant_type=client_credentials'],
		['spaces around the url', `  ${realUrl}  `, realBrowserUrl],
	];
	for (const [name, url, expected] of urls) {
		it(`shows the exact URL to open for ${name}, wrapped whole at 40 columns`, () => {
			assert.equal(browserUrl(panelLines({topic: 'url', url})), expected);
			assert.equal(browserUrl(sideContent(panelLines({topic: 'url', url, layout: 'side'}))), expected);
		});
	}

	const invalid: Array<[string, string]> = [
		['nothing typed yet', ''],
		['a url without https://', 'mysubaccount.authentication.eu10.hana.ondemand.com'],
		['plain http to a remote host', 'http://mysubaccount.authentication.eu10.hana.ondemand.com'],
	];
	for (const [name, url] of invalid) {
		it(`shows the placeholder URL for ${name}`, () => {
			assert.equal(browserUrl(panelLines({topic: 'url', url})), placeholderBrowserUrl);
		});
	}
});

describe('GuidePanel: the browser URL on rows of its own', () => {
	const demoUrl = 'http://127.0.0.1:38291';
	const demoBrowserUrl = `${demoUrl}/oauth/token?grant_type=client_credentials`;

	it('at 40 columns beside the wizard, gives the practice server\'s token URL a row and its query the next, never "/oauth" then "/token"', () => {
		const rows = openStepRows(sideContent(panelLines({topic: 'url', url: demoUrl, layout: 'side'})));
		assert.deepEqual(rows, ['1. Open', `${demoUrl}/oauth/token`, '?grant_type=client_credentials']);
	});

	it('at 40 columns breaks a real uaa url before a dot of its host, keeping /oauth/token whole', () => {
		for (const layout of ['side', 'bottom'] as const) {
			const lines = panelLines({topic: 'url', url: realUrl, layout});
			const rows = openStepRows(layout === 'side' ? sideContent(lines) : lines);
			assert.deepEqual(rows, ['1. Open', 'https://mysubaccount.authentication', '.eu10.hana.ondemand.com/oauth/token', '?grant_type=client_credentials'], layout);
		}
	});

	it('below a 100-column screen, where a section is 49 columns wide, still puts the URL under "1. Open"', () => {
		const lines = panelLines({topic: 'url', url: demoUrl, width: 100});
		const column = lines.find(line => line.includes("In a browser (SAP's tutorial):"))?.indexOf('In a browser') ?? -1;
		assert.ok(column > 0, lines.join('\n'));
		assert.deepEqual(openStepRows(lines.map(line => line.slice(column))), ['1. Open', `${demoUrl}/oauth/token`, '?grant_type=client_credentials']);
	});

	const longHost = 'https://a-rather-long-subaccount-name-here.authentication.ap21.hana.ondemand.com';
	for (const url of ['', realUrl, demoUrl, longHost, 'https://uaa.example.test/uaa/', `${realUrl}/?tenant=x`]) {
		it(`breaks ${url === '' ? 'the placeholder' : url} only before the query, the path or a dot of the host, at every width`, () => {
			for (const [layout, width] of [
				['side', 40],
				['bottom', 38],
				['bottom', 39],
				['bottom', 40],
				['bottom', 60],
				['bottom', 80],
			] as const) {
				const lines = panelLines({topic: 'signing-in', url, layout, width});
				const section = layout === 'side' ? sideContent(lines) : lines;
				const column = width === 80 ? (section.find(line => line.includes('In a browser'))?.indexOf('In a browser') ?? 0) : 0;
				const rows = openStepRows(section.map(line => line.slice(column)));
				const what = `${layout} ${width}\n${lines.join('\n')}`;
				assert.equal(rows[0], '1. Open', what);
				const urlRows = rows.slice(1);
				const [tokenUrl = '', query = ''] = urlRows.join('').split('?');
				assert.equal(urlRows.join(''), `${tokenUrl}?${query}`, what);
				assert.equal(urlRows.at(-1), `?${query}`, `the query starts a row of its own: ${what}`);
				const path = /^[a-z]+:\/\/[^/]+(.*)$/.exec(tokenUrl)?.[1] ?? '';
				assert.ok(urlRows.some(row => row.endsWith(path) && (row === path || !row.startsWith('/'))), `the path ${path} whole on one row: ${what}`);
				for (const [index, row] of urlRows.entries()) {
					if (index > 0 && !urlRows[index - 1]!.endsWith('://')) {
						assert.match(row, /^[.?/]/, `a row starts at a dot, the path or the query, or after "://": ${what}`);
					}
				}
			}
		});
	}
});

describe('browserUrlRows', () => {
	it('keeps a URL that fits on one row', () => {
		assert.deepEqual(browserUrlRows('http://127.0.0.1:1/oauth/token?grant_type=client_credentials', 60), ['http://127.0.0.1:1/oauth/token?grant_type=client_credentials']);
	});

	it('starts the query on a row of its own as soon as the URL does not fit', () => {
		assert.deepEqual(browserUrlRows('http://127.0.0.1:38291/oauth/token?grant_type=client_credentials', 40), [
			'http://127.0.0.1:38291/oauth/token',
			'?grant_type=client_credentials',
		]);
	});

	it('parts the scheme from a host label too long to share its row', () => {
		assert.deepEqual(browserUrlRows('https://a-rather-long-subaccount-name-here.eu10/oauth/token?q=1', 36), ['https://', 'a-rather-long-subaccount-name-here', '.eu10/oauth/token', '?q=1']);
	});

	it('breaks a path longer than a row before a "/", and cuts only a piece longer than a row', () => {
		assert.deepEqual(browserUrlRows('https://h/a-very-long-first-segment/oauth/token?q=1', 26), ['https://h', '/a-very-long-first-segment', '/oauth/token', '?q=1']);
		const rows = browserUrlRows(`https://${'x'.repeat(50)}.com/oauth/token`, 20);
		assert.equal(rows.join(''), `https://${'x'.repeat(50)}.com/oauth/token`);
		assert.ok(rows.every(row => row.length <= 20), rows.join('\n'));
	});
});

describe('GuidePanel: the practice secret in a browser', () => {
	for (const [layout, width, isCompact] of [
		['side', 40, false],
		['bottom', 40, false],
		['bottom', 40, true],
		['bottom', 100, false],
	] as const) {
		it(`says at the clientsecret step why a "+" fails in the browser and works here, ${layout} at ${width} columns${isCompact ? ', compact' : ''}`, () => {
			const lines = panelLines({topic: 'clientsecret', layout, width, isCompact, isTutorial: true});
			const content = layout === 'side' ? sideContent(lines) : lines;
			// At 100 columns the browser steps sit right of the key's drawing and its note.
			const browserColumn = content.find(line => line.includes('In a browser'))?.indexOf('In a browser') ?? 0;
			const text = readAsOneLine(browserColumn > 0 ? content.map(line => line.slice(0, browserColumn)) : content);
			assert.ok(text.includes(`"clientsecret" from "uaa": what the browser calls Password. ${browserSecretLesson}`), text);
		});
	}

	it('says it only where the secret is typed', () => {
		for (const topic of topics.filter(topic => topic !== 'clientsecret')) {
			assert.ok(!readAsOneLine(panelLines({topic})).includes('unencoded'), topic);
		}
	});
});

describe('GuidePanel: glossary, title and tutorial heading', () => {
	for (const layout of ['side', 'bottom'] as const) {
		it(`explains bearer, scope, jti, expires_in and client credentials, no word split, in the ${layout} layout`, () => {
			for (const topic of topics) {
				const lines = panelLines({topic, layout});
				// Read as one line: a word split across lines would come out in two pieces.
				const text = (layout === 'side' ? sideContent(lines) : lines).map(line => line.trim()).join(' ');
				for (const entry of glossaryLines) {
					assert.ok(text.includes(entry), `${entry}\n${lines.join('\n')}`);
				}
			}
		});
	}

	it('says in its title line how to close it', () => {
		assert.match(panelLines({topic: 'url'})[0] ?? '', /^─ Guide ─+ \? close guide ─$/);
		assert.match(panelLines({topic: 'url', layout: 'side'})[0] ?? '', /^│ Guide +\? close guide$/);
	});

	const tutorialHeadings: Record<GuideTopic, string | undefined> = {
		url: partHeadings.findTheValues,
		clientid: partHeadings.findTheValues,
		clientsecret: partHeadings.findTheValues,
		'confirm-key': partHeadings.findTheValues,
		'signing-in': partHeadings.getTheToken,
		failure: partHeadings.getTheToken,
		result: partHeadings.readTheAnswer,
		picker: undefined,
	};
	for (const topic of topics) {
		it(`names the tutorial's part at "${topic}" with --tutorial only, above the drawing`, () => {
			const heading = tutorialHeadings[topic];
			const withTutorial = panelLines({topic, isTutorial: true});
			const drawing = withTutorial.indexOf('Your service key, abridged:');
			assert.equal(withTutorial[drawing - 1], heading ?? withTutorial[0], withTutorial.join('\n'));
			assert.ok(!panelLines({topic}).some(line => line.startsWith('Part ')));
		});
	}

	it('calls the tutorial\'s units parts, never steps, so no heading reads against the wizard\'s "Step 3/3"', () => {
		for (const topic of topics) {
			for (const layout of ['side', 'bottom'] as const) {
				const text = readAsOneLine(panelLines({topic, layout, isTutorial: true}));
				assert.doesNotMatch(text, /Tutorial step|\bstep \d+ of \d+/i, `${topic} ${layout}: ${text}`);
			}
		}
	});
});

describe('GuidePanel: part 2 on the answer', () => {
	for (const [layout, width] of [
		['side', 40],
		['bottom', 40],
		['bottom', 100],
	] as const) {
		it(`shows "Get the token" done above "Read the answer", ${layout} at ${width} columns`, () => {
			const lines = panelLines({topic: 'result', layout, width, isTutorial: true});
			const content = layout === 'side' ? sideContent(lines) : lines;
			const done = content.findIndex(line => line.startsWith(getTheTokenDone));
			const heading = content.indexOf(partHeadings.readTheAnswer);
			assert.ok(done === 1 && heading > done, content.join('\n'));
			assert.equal(readAsOneLine(content.slice(done, heading)), getTheTokenDoneInFull);
		});
	}

	it('keeps it to one row in a compact guide, at 40 columns', () => {
		const lines = panelLines({topic: 'result', isCompact: true, isTutorial: true});
		assert.deepEqual(lines.slice(1, 4), [getTheTokenDone, partHeadings.readTheAnswer, 'Words:'], lines.join('\n'));
	});

	it('shows it on the answer only, and only in --tutorial', () => {
		assert.ok(!panelLines({topic: 'result'}).some(line => line.includes('Get the token')));
		for (const topic of topics.filter(topic => topic !== 'result')) {
			assert.ok(!panelLines({topic, isTutorial: true}).some(line => line.startsWith('✓')), topic);
		}
	});
});

describe('GuidePanel: fitting the terminal', () => {
	for (const width of [38, 39, 40]) {
		it(`keeps every line of the bottom layout within ${width} columns`, () => {
			for (const topic of topics) {
				for (const url of ['', realUrl, `https://a-rather-long-subaccount-name-here.authentication.ap21.hana.ondemand.com/oauth/token`]) {
					for (const isTutorial of [false, true]) {
						const lines = panelLines({topic, url, width, isTutorial});
						const tooLong = lines.filter(line => line.length > width);
						assert.deepEqual(tooLong, [], `${topic} ${url}\n${lines.join('\n')}`);
					}
				}
			}
		});
	}

	it('starts no line with the space it wrapped at, and leaves no blank row, in either layout', () => {
		for (const topic of topics) {
			for (const width of [38, 39, 40, 41, 44, 60, 80]) {
				for (const layout of ['side', 'bottom'] as const) {
					for (const url of ['', realUrl, 'http://127.0.0.1:38291']) {
						const lines = panelLines({topic, width, layout, url, isTutorial: true});
						// Text starts at column 0, the drawing at 2 or 4 and a browser step at 2: one or three spaces are a wrapping slip.
						const content = layout === 'side' ? sideContent(lines) : lines;
						assert.deepEqual(
							content.filter(line => /^( | {3})\S/.test(line) || line.trim() === ''),
							[],
							`${topic} ${layout} ${width}\n${lines.join('\n')}`,
						);
					}
				}
			}
		}
	});

	it('stays beside a 60-column screen in a 100-column terminal, within its 40 columns and at most 30 rows', () => {
		for (const topic of topics) {
			const lines = linesOf(
				<Box>
					<Box width={60} flexShrink={0}>
						<Text>Step 1/3 url</Text>
					</Box>
					<GuidePanel topic={topic} url={realUrl} layout="side" width={40} />
				</Box>,
			);
			assert.ok(lines.length <= 30, `${topic}: ${lines.length} rows\n${lines.join('\n')}`);
			for (const [index, line] of lines.entries()) {
				assert.ok(line.length <= 100, line);
				assert.equal(line.slice(index === 0 ? 12 : 0, 60).trim(), '', `the screen's column stays clear: ${line}`);
				assert.equal(line[60], '│', `the border runs down column 61: ${line}`);
			}

			assert.match(lines[0] ?? '', /^Step 1\/3 url {48}│ Guide +\? close guide$/);
			assert.equal(browserUrl(lines.map(line => line.slice(62))), realBrowserUrl);
		}
	});

	it('keeps the side layout to 30 rows, the placeholder URL and the tutorial\'s lines included, so it fits a 100x40 terminal', () => {
		for (const topic of topics) {
			for (const isTutorial of [false, true]) {
				const rows = panelLines({topic, layout: 'side', isTutorial}).length;
				assert.ok(rows <= 30, `${topic}: ${rows} rows`);
			}
		}
	});

	for (const [width, maxRows] of [
		[80, 15],
		[100, 15],
		[120, 11],
	] as const) {
		it(`sets its sections side by side below a ${width}-column screen, in at most ${maxRows} rows`, () => {
			const lines = panelLines({topic: 'url', url: realUrl, width, isTutorial: true});
			assert.ok(lines.length <= maxRows, `${lines.length} rows\n${lines.join('\n')}`);
			assert.ok(
				lines.every(line => line.length <= width),
				lines.join('\n'),
			);
			const drawingRow = lines.findIndex(line => line.startsWith('{ "url"'));
			assert.match(lines[drawingRow] ?? '', / {2}> 1\. Open$| {2}> 1\. Open {2}/, 'the browser steps sit beside the drawing');
			assert.match(lines[drawingRow + 1] ?? '', / {2}https:\/\/mysubaccount\./, 'the URL on the rows below "1. Open"');
			// Each section keeps to its column: two blank columns before the next, and the URL whole within its own.
			const headingRow = lines[drawingRow - 1] ?? '';
			const browserColumn = headingRow.indexOf('In a browser');
			const glossaryColumn = headingRow.indexOf('Words:');
			for (const column of [browserColumn, glossaryColumn].filter(column => column > 0)) {
				assert.deepEqual(
					lines.slice(1).filter(line => line.slice(column - 2, column).trim() !== ''),
					[],
					`nothing runs into column ${column}\n${lines.join('\n')}`,
				);
			}

			const browserLines = lines.map(line => line.slice(browserColumn, glossaryColumn > 0 ? glossaryColumn - 2 : undefined));
			assert.equal(browserUrl(browserLines), realBrowserUrl);
			const text = lines.map(line => line.trim()).join(' ');
			for (const entry of glossaryLines) {
				assert.ok(text.includes(entry), `${entry}\n${lines.join('\n')}`);
			}
		});
	}
});

describe('GuidePanel with a screen reader', () => {
	it('reads the drawing as one sentence naming the fields that matter, without markers or rules', () => {
		const text = screenReaderText(<GuidePanel topic="url" url={realUrl} layout="bottom" width={100} />);
		assert.ok(
			text.includes(
				"In the service key: the top-level url is the service's API, not the one to use here; the uaa section's url is the one for this step.",
			),
			text,
		);
		assert.doesNotMatch(text, /<-|─|│|\{ "url"/);
		assert.ok(text.startsWith('Guide. Press question mark to close it.\n'), text);
	});

	it('names the current browser step in words and reads the URL unbroken', () => {
		const text = screenReaderText(<GuidePanel topic="url" url={realUrl} layout="side" width={40} />);
		assert.ok(text.includes(`Browser step 1, the one for now: Open ${realBrowserUrl}.`), text);
		assert.ok(text.includes('Browser step 2: Type clientid as Username.'), text);
	});

	it('groups fields that share a marker', () => {
		const text = screenReaderText(<GuidePanel topic="signing-in" url={realUrl} layout="bottom" width={120} />);
		assert.ok(text.includes("In the service key: the uaa section's clientid, clientsecret and url are being sent now."), text);
	});

	it('reads each glossary entry and each section on a line of its own, even where they sit side by side', () => {
		const lines = screenReaderText(<GuidePanel topic="result" url={realUrl} layout="bottom" width={120} />).split('\n');
		for (const entry of glossaryLines) {
			assert.ok(lines.includes(entry), `${entry}\n${lines.join('\n')}`);
		}

		assert.ok(lines.includes('In a browser (SAP\'s tutorial):'), lines.join('\n'));
		assert.ok(lines.includes('Next: call the top "url" with the header Authorization: Bearer <token>.'), lines.join('\n'));
	});
});
