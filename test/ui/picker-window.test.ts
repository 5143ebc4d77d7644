import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {pickerWindow, type PickerWindow} from '../../source/ui/picker/picker-window.js';

/** The rows the picker draws for a window: the indicator lines and the entries' rows. */
function rowsDrawn(window: PickerWindow, rowsOfEntry: (index: number) => number = () => 1): number {
	let rows = (window.hiddenAbove > 0 ? 1 : 0) + (window.hiddenBelow > 0 ? 1 : 0);
	for (let index = window.start; index < window.end; index++) {
		rows += rowsOfEntry(index);
	}

	return rows;
}

/** Moves the cursor step by step, as the picker will, carrying each window's start into the next. */
function walk(entryCount: number, visibleRows: number, cursors: number[]): PickerWindow[] {
	const windows: PickerWindow[] = [];
	let previousStart = 0;
	for (const cursor of cursors) {
		const window = pickerWindow({entryCount, cursor, visibleRows, previousStart});
		windows.push(window);
		previousStart = window.start;
	}

	return windows;
}

describe('pickerWindow', () => {
	it('shows every entry, with nothing hidden, when they fit', () => {
		assert.deepEqual(pickerWindow({entryCount: 5, cursor: 4, visibleRows: 5}), {start: 0, end: 5, hiddenAbove: 0, hiddenBelow: 0});
		assert.deepEqual(pickerWindow({entryCount: 0, cursor: 0, visibleRows: 5}), {start: 0, end: 0, hiddenAbove: 0, hiddenBelow: 0});
	});

	it('shows the first entries of 1000 and leaves a row for "↓ … more"', () => {
		assert.deepEqual(pickerWindow({entryCount: 1000, cursor: 0, visibleRows: 10}), {start: 0, end: 9, hiddenAbove: 0, hiddenBelow: 991});
	});

	it('does not scroll while the cursor moves inside the window', () => {
		const windows = walk(1000, 10, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
		assert.ok(windows.every(window => window.start === 0 && window.end === 9));
	});

	it('scrolls just enough to keep the cursor on screen when it moves past the last row', () => {
		const [, below] = walk(1000, 10, [8, 9]);
		// The "↑ … more" line takes a row too, so the cursor is the last entry drawn.
		assert.deepEqual(below, {start: 2, end: 10, hiddenAbove: 2, hiddenBelow: 990});
		const [, , next] = walk(1000, 10, [8, 9, 10]);
		assert.deepEqual(next, {start: 3, end: 11, hiddenAbove: 3, hiddenBelow: 989});
	});

	it('scrolls just enough when the cursor moves up past the first row', () => {
		const [, , up] = walk(1000, 10, [500, 499, 491]);
		assert.equal(up?.start, 491);
		assert.equal(up?.end, 499);
	});

	it('keeps the cursor in view and every window within its rows, whatever the moves', () => {
		const cursors = [0, 5, 9, 10, 200, 199, 998, 999, 0, 999, 500, 3, 1, 0];
		for (const visibleRows of [1, 2, 3, 4, 10, 24]) {
			for (const [index, window] of walk(1000, visibleRows, cursors).entries()) {
				const cursor = cursors[index]!;
				assert.ok(window.start <= cursor && cursor < window.end, `cursor ${cursor} outside ${JSON.stringify(window)} at ${visibleRows} rows`);
				assert.equal(window.hiddenAbove + (window.end - window.start) + window.hiddenBelow, 1000);
				// One entry is always shown, even where its indicator lines leave it no room.
				assert.ok(rowsDrawn(window) <= Math.max(visibleRows, 3), `${rowsDrawn(window)} rows drawn in ${visibleRows}`);
				if (visibleRows >= 3) {
					assert.equal(rowsDrawn(window), visibleRows, `the window fills its ${visibleRows} rows`);
				}
			}
		}
	});

	it('shows the last entries with only "↑ … more" when the cursor is at the end', () => {
		assert.deepEqual(pickerWindow({entryCount: 1000, cursor: 999, visibleRows: 10}), {start: 991, end: 1000, hiddenAbove: 991, hiddenBelow: 0});
	});

	it('starts earlier when the list shrinks, so no rows are left empty', () => {
		// The window stood at the end of 1000 entries; a filter leaves 12.
		assert.deepEqual(pickerWindow({entryCount: 12, cursor: 0, visibleRows: 10, previousStart: 991}), {start: 0, end: 9, hiddenAbove: 0, hiddenBelow: 3});
		assert.deepEqual(pickerWindow({entryCount: 12, cursor: 11, visibleRows: 10, previousStart: 991}), {start: 3, end: 12, hiddenAbove: 3, hiddenBelow: 0});
		// The terminal grew: the same list now fits whole.
		assert.deepEqual(pickerWindow({entryCount: 12, cursor: 11, visibleRows: 30, previousStart: 3}), {start: 0, end: 12, hiddenAbove: 0, hiddenBelow: 0});
	});

	it('clamps a cursor outside the list', () => {
		assert.deepEqual(pickerWindow({entryCount: 20, cursor: 50, visibleRows: 10}), {start: 11, end: 20, hiddenAbove: 11, hiddenBelow: 0});
		assert.deepEqual(pickerWindow({entryCount: 20, cursor: -1, visibleRows: 10, previousStart: 5}), {start: 0, end: 9, hiddenAbove: 0, hiddenBelow: 11});
	});

	it('counts entries that take two rows, as profiles do on a narrow terminal', () => {
		// 100 profiles of two rows each, then the fixed entries of one row.
		const rowsOfEntry = (index: number) => (index < 100 ? 2 : 1);
		const top = pickerWindow({entryCount: 103, cursor: 0, visibleRows: 10, rowsOfEntry});
		assert.deepEqual(top, {start: 0, end: 4, hiddenAbove: 0, hiddenBelow: 99});
		const bottom = pickerWindow({entryCount: 103, cursor: 102, visibleRows: 10, previousStart: top.start, rowsOfEntry});
		assert.deepEqual(bottom, {start: 97, end: 103, hiddenAbove: 97, hiddenBelow: 0});
		assert.ok(rowsDrawn(bottom, rowsOfEntry) <= 10);
		const middle = pickerWindow({entryCount: 103, cursor: 50, visibleRows: 10, previousStart: bottom.start, rowsOfEntry});
		assert.ok(middle.start === 50 && rowsDrawn(middle, rowsOfEntry) <= 10, JSON.stringify(middle));
	});
});
