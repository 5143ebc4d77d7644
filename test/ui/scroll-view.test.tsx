import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {useState} from 'react';
import {Box, Text, useInput} from 'ink';
import {render} from 'ink-testing-library';
import {initialScrollState, type ScrollAction, ScrollView, scrollReducer, type ScrollState, useScroll} from '../../source/ui/scroll-view/index.js';
import {stripAnsi} from '../helpers/ink.js';

const lines = (count: number, prefix = 'line') => Array.from({length: count}, (_, index) => `${prefix} ${index + 1}`);

function Numbered({count, prefix}: {readonly count: number; readonly prefix?: string}) {
	return (
		<>
			{lines(count, prefix).map(line => (
				<Text key={line}>{line}</Text>
			))}
		</>
	);
}

/** The ScrollView between a header and key hints, driven by keys as the app will drive it. */
function Screen({count, height, prefix}: {readonly count: number; readonly height: number; readonly prefix?: string}) {
	const scroll = useScroll();
	useInput((_input, key) => {
		const name = key.upArrow ? 'up' : key.downArrow ? 'down' : key.pageUp ? 'pageup' : key.pageDown ? 'pagedown' : key.home ? 'home' : key.end ? 'end' : 'other';
		scroll.handleKey({name, text: _input}, true);
	});
	return (
		<Box flexDirection="column">
			<Text>HEADER</Text>
			<ScrollView height={height} offset={scroll.offset} onMeasure={scroll.onMeasure}>
				<Numbered count={count} prefix={prefix} />
			</ScrollView>
			<Text>HINTS</Text>
		</Box>
	);
}

const tick = async (ms = 0) =>
	new Promise(resolve => {
		setTimeout(resolve, ms);
	});

async function frameMatching(instance: ReturnType<typeof render>, pattern: RegExp): Promise<string[]> {
	const deadline = Date.now() + 3000;
	for (;;) {
		const frame = stripAnsi(instance.lastFrame() ?? '');
		if (pattern.test(frame)) {
			return frame.split('\n').map(row => row.trimEnd());
		}

		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${String(pattern)}; the screen shows:\n${frame}`);
		}

		// eslint-disable-next-line no-await-in-loop -- polling for the next frame
		await tick(5);
	}
}

const down = '\u001B[B';
const up = '\u001B[A';
const pageDown = '\u001B[6~';
const pageUp = '\u001B[5~';
const home = '\u001B[H';
const end = '\u001B[F';

describe('ScrollView', () => {
	it('shows the first rows of 100 in a 10-row viewport and says how many are below', async () => {
		const instance = render(<Screen count={100} height={10} />);
		const rows = await frameMatching(instance, /↓/);
		instance.unmount();
		assert.deepEqual(rows, ['HEADER', ...lines(9), '↓ 91 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);
	});

	it('never draws more rows than it was given, not even before it has measured its content', () => {
		const instance = render(<Screen count={100} height={10} />);
		const frames = instance.frames.map(frame => stripAnsi(frame).split('\n').length);
		instance.unmount();
		assert.ok(frames.length > 0);
		for (const rowCount of frames) {
			assert.ok(rowCount <= 12, `a frame had ${rowCount} rows`);
		}
	});

	it('scrolls with the keys, saying what is above and below, and keeps header and hints on screen', async () => {
		const instance = render(<Screen count={100} height={10} />);
		await frameMatching(instance, /↓ 91/);
		instance.stdin.write(down);
		let rows = await frameMatching(instance, /↑ 1 more line\b/);
		assert.deepEqual(rows, ['HEADER', '↑ 1 more line', ...lines(9).slice(1), '↓ 91 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);

		instance.stdin.write(pageDown);
		rows = await frameMatching(instance, /↑ 8 more/);
		assert.deepEqual(rows, ['HEADER', '↑ 8 more lines', ...lines(16).slice(8), '↓ 84 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);

		instance.stdin.write(end);
		rows = await frameMatching(instance, /line 100/);
		assert.deepEqual(rows, ['HEADER', '↑ 91 more lines — ↑↓ PgUp PgDn Home End scroll', ...lines(100).slice(91), 'HINTS']);

		instance.stdin.write(up);
		rows = await frameMatching(instance, /↑ 90 more/);
		assert.deepEqual(rows, ['HEADER', '↑ 90 more lines', ...lines(98).slice(90), '↓ 2 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);

		instance.stdin.write(pageUp);
		rows = await frameMatching(instance, /↑ 83 more/);
		assert.equal(rows.at(-3), 'line 91', 'the old first row is the last row after a page up');

		instance.stdin.write(home);
		rows = await frameMatching(instance, /^line 1$/m);
		assert.deepEqual(rows, ['HEADER', ...lines(9), '↓ 91 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);
		instance.unmount();
	});

	it('applies every key of a burst read in one chunk', async () => {
		const instance = render(<Screen count={100} height={10} />);
		await frameMatching(instance, /↓ 91/);
		instance.stdin.write(down.repeat(5) + up);
		const rows = await frameMatching(instance, /↑ 4 more/);
		instance.unmount();
		assert.equal(rows[2], 'line 5');
	});

	it('scrolls with j and k where letters may scroll', async () => {
		const instance = render(<Screen count={100} height={10} />);
		await frameMatching(instance, /↓ 91/);
		instance.stdin.write('j');
		instance.stdin.write('j');
		instance.stdin.write('j');
		instance.stdin.write('k');
		const rows = await frameMatching(instance, /↑ 2 more/);
		instance.unmount();
		assert.equal(rows[2], 'line 3');
	});

	it('draws content that fits as it is, with no indicator lines and no blank rows', async () => {
		const instance = render(<Screen count={4} height={10} />);
		const rows = await frameMatching(instance, /HINTS/);
		instance.unmount();
		assert.deepEqual(rows, ['HEADER', ...lines(4), 'HINTS']);
	});

	it('follows content that grows past the viewport, and shrinks back when it fits again', async () => {
		function Growing({height}: {readonly height: number}) {
			const [count, setCount] = useState(3);
			const [state, setState] = useState<ScrollState>(initialScrollState);
			const dispatch = (action: ScrollAction) => {
				setState(previous => scrollReducer(previous, action));
			};

			useInput(input => {
				if (input === '+') setCount(30);
				if (input === '-') setCount(3);
				if (input === 'e') dispatch({type: 'scroll', by: 'bottom'});
			});
			return (
				<Box flexDirection="column">
					<ScrollView
						height={height}
						offset={state.offset}
						onMeasure={(contentRows, viewportRows) => {
							dispatch({type: 'measured', contentRows, viewportRows});
						}}
					>
						<Numbered count={count} />
					</ScrollView>
					<Text>HINTS</Text>
				</Box>
			);
		}

		const instance = render(<Growing height={6} />);
		assert.deepEqual(await frameMatching(instance, /HINTS/), [...lines(3), 'HINTS']);
		instance.stdin.write('+');
		assert.deepEqual(await frameMatching(instance, /↓ 25/), [...lines(5), '↓ 25 more lines — ↑↓ PgUp PgDn Home End scroll', 'HINTS']);
		instance.stdin.write('e');
		await frameMatching(instance, /line 30/);
		instance.stdin.write('-');
		// The offset the reducer held for 30 rows must not leave 3 rows scrolled out of sight.
		assert.deepEqual(await frameMatching(instance, /^line 1$/m), [...lines(3), 'HINTS']);
		instance.unmount();
	});

	it('counts wrapped text as the rows it takes', async () => {
		function Wrapped() {
			const scroll = useScroll();
			return (
				<Box width={20} flexDirection="column">
					<ScrollView height={5} offset={scroll.offset} onMeasure={scroll.onMeasure}>
						{/* Four rows at 20 columns, then two one-row lines: six rows in all. */}
						<Text>aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn</Text>
						<Text>after 1</Text>
						<Text>after 2</Text>
					</ScrollView>
				</Box>
			);
		}

		const instance = render(<Wrapped />);
		const rows = await frameMatching(instance, /↓/);
		instance.unmount();
		assert.equal(rows.length, 5);
		// Too narrow for the key hint, so only the count is said, on one row.
		assert.equal(rows.at(-1), '↓ 2 more lines');
	});
});
