import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ReactElement} from 'react';
import {Box, Text} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {GuidePanel, type GuidePanelProps, type GuideTopic} from '../../source/ui/guide-panel.js';
import {renderFrame, stripAnsi} from '../helpers/ink.js';
import {glossaryLines, placeholderBrowserUrl} from '../helpers/guide-text.js';

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
		url: 'Tutorial step 1 of 3: Find the values',
		clientid: 'Tutorial step 1 of 3: Find the values',
		clientsecret: 'Tutorial step 1 of 3: Find the values',
		'confirm-key': 'Tutorial step 1 of 3: Find the values',
		'signing-in': 'Tutorial step 2 of 3: Get the token',
		failure: 'Tutorial step 2 of 3: Get the token',
		result: 'Tutorial step 3 of 3: Read the answer',
		picker: undefined,
	};
	for (const topic of topics) {
		it(`names the tutorial step under the title at "${topic}" with --tutorial only`, () => {
			const heading = tutorialHeadings[topic];
			const withTutorial = panelLines({topic, isTutorial: true});
			assert.equal(withTutorial[1], heading ?? 'Your service key, abridged:');
			assert.ok(!panelLines({topic}).some(line => line.startsWith('Tutorial step')));
		});
	}
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

	it('starts no line with the space it wrapped at', () => {
		for (const topic of topics) {
			for (const width of [38, 39, 40, 41, 44]) {
				const lines = panelLines({topic, width});
				assert.deepEqual(
					lines.filter(line => /^ \S/.test(line)),
					[],
					lines.join('\n'),
				);
			}
		}
	});

	it('stays beside a 60-column screen in a 100-column terminal, within its 40 columns and at most 24 rows', () => {
		for (const topic of topics) {
			const lines = linesOf(
				<Box>
					<Box width={60} flexShrink={0}>
						<Text>Step 1/3 url</Text>
					</Box>
					<GuidePanel topic={topic} url={realUrl} layout="side" width={40} />
				</Box>,
			);
			assert.ok(lines.length <= 24, `${topic}: ${lines.length} rows\n${lines.join('\n')}`);
			for (const [index, line] of lines.entries()) {
				assert.ok(line.length <= 100, line);
				assert.equal(line.slice(index === 0 ? 12 : 0, 60).trim(), '', `the screen's column stays clear: ${line}`);
				assert.equal(line[60], '│', `the border runs down column 61: ${line}`);
			}

			assert.match(lines[0] ?? '', /^Step 1\/3 url {48}│ Guide +\? close guide$/);
			assert.equal(browserUrl(lines.map(line => line.slice(62))), realBrowserUrl);
		}
	});

	it('keeps the side layout to 24 rows with the placeholder URL, and 25 with the tutorial heading', () => {
		for (const topic of topics) {
			assert.ok(panelLines({topic, layout: 'side'}).length <= 24, topic);
			assert.ok(panelLines({topic, layout: 'side', isTutorial: true}).length <= 25, topic);
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
			assert.match(lines[drawingRow] ?? '', / {2}> 1\. Open https:\/\//, 'the browser steps sit beside the drawing');
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
