import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ReactElement} from 'react';
import {Box} from 'ink';
import {cleanup, render} from 'ink-testing-library';
import {TutorialIntro} from '../../source/ui/tutorial-intro.js';
import {stripAnsi} from '../helpers/ink.js';

function linesOf(element: ReactElement): string[] {
	const instance = render(element);
	return stripAnsi(instance.lastFrame() ?? '').split('\n');
}

/** The screen read as one line: text wraps wherever a word ends. */
function readAsOneLine(lines: string[]): string {
	return lines.join(' ').replace(/\s+/g, ' ');
}

afterEach(() => {
	cleanup();
});

describe('TutorialIntro', () => {
	it('names the SAP tutorial it walks, in the terminal', () => {
		const text = readAsOneLine(linesOf(<TutorialIntro isDemo={false} />));
		assert.ok(text.startsWith('Tutorial: "Get OAuth Access Token for Personalized Recommendation via Web Browser"'), text);
		assert.ok(text.includes('This walks its three parts here, explaining each'), text);
	});

	it("lists the tutorial's three parts in order, each saying what happens in it", () => {
		const lines = linesOf(<TutorialIntro isDemo={false} />);
		const text = readAsOneLine(lines);
		const steps = [
			'1. Find the values. The wizard\'s steps 1/3 to 3/3: url, clientid and clientsecret, from the "uaa" section of your service key.',
			'2. Get the token. What the browser does: open the token URL and sign in with clientid and clientsecret.',
			'3. Read the answer. Every field explained, then the next step: calling the service\'s API with curl.',
		];
		const positions = steps.map(step => text.indexOf(step));
		assert.ok(
			positions.every(position => position >= 0),
			text,
		);
		assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'in the order the tutorial takes them');
	});

	it('calls them parts and puts the wizard\'s "Step 1/3" to "Step 3/3" inside the first, so the two numberings never clash', () => {
		const text = readAsOneLine(linesOf(<TutorialIntro isDemo />));
		assert.doesNotMatch(text, /its steps|Tutorial step/, text);
		assert.ok(text.indexOf("steps 1/3 to 3/3") < text.indexOf('2. Get the token.'), text);
	});

	it('says the guide panel stays open and ? hides it', () => {
		const text = readAsOneLine(linesOf(<TutorialIntro isDemo={false} />));
		assert.ok(text.includes('A guide stays open at every step'), text);
		assert.ok(text.includes('? hides it and brings it back'), text);
	});

	it('offers --demo to practise without an SAP account', () => {
		const text = readAsOneLine(linesOf(<TutorialIntro isDemo={false} />));
		assert.ok(text.includes('No SAP account yet? Practise with uaa-token --tutorial --demo'), text);
		assert.ok(!text.includes('Practice (--demo)'), text);
	});

	it('with --demo, says the practice server stands in and its values come at each step', () => {
		const text = readAsOneLine(linesOf(<TutorialIntro isDemo />));
		assert.ok(text.includes('Practice (--demo): a server on this computer stands in for SAP and gives each value.'), text);
		assert.ok(!text.includes('Practise with uaa-token --tutorial --demo'), text);
	});

	it('ends with "Press Enter to start"', () => {
		for (const isDemo of [false, true]) {
			const lines = linesOf(<TutorialIntro isDemo={isDemo} />).filter(line => line.trim() !== '');
			assert.equal(lines.at(-1), 'Press Enter to start');
		}
	});

	it('wraps at 40 columns without a line longer than the screen or starting with the space it broke at', () => {
		for (const isDemo of [false, true]) {
			for (const width of [40, 58, 100]) {
				const lines = linesOf(
					<Box width={width}>
						<TutorialIntro isDemo={isDemo} />
					</Box>,
				);
				assert.deepEqual(
					lines.filter(line => line.length > width),
					[],
				);
				// Step text is indented three columns under its number; anything else starting with a space is a wrapping slip.
				assert.deepEqual(
					lines.filter(line => /^ \S/.test(line) || /^ {4}\S/.test(line)),
					[],
					lines.join('\n'),
				);
			}
		}
	});
});
