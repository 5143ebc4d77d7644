import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {initialScrollState, type ScrollAction, type ScrollBy, scrollActionForKey, scrollReducer, type ScrollState, scrollWindow} from '../../source/ui/scroll-view/index.js';

function run(actions: ScrollAction[], start: ScrollState = initialScrollState): ScrollState {
	return actions.reduce(scrollReducer, start);
}

const measured = (contentRows: number, viewportRows: number): ScrollAction => ({type: 'measured', contentRows, viewportRows});
const scroll = (by: ScrollBy): ScrollAction => ({type: 'scroll', by});
const times = (count: number, action: ScrollAction) => Array.from({length: count}, () => action);

/** The content rows a viewport shows, numbered from 1 as the tests' lines are. */
function shownRows(state: ScrollState): number[] {
	const {offset, bodyRows} = scrollWindow(state);
	return Array.from({length: bodyRows}, (_, index) => offset + index + 1);
}

describe('scrollWindow', () => {
	it('shows everything, with no indicator lines, when the content fits', () => {
		assert.deepEqual(scrollWindow({contentRows: 10, viewportRows: 10, offset: 4}), {offset: 0, bodyRows: 10, hiddenAbove: 0, hiddenBelow: 0, isScrollable: false});
	});

	it('gives a row to each indicator line only where something is hidden', () => {
		// At the top only "↓ … more" is drawn, in the middle both, at the bottom only "↑ … more".
		assert.deepEqual(scrollWindow({contentRows: 100, viewportRows: 10, offset: 0}), {offset: 0, bodyRows: 9, hiddenAbove: 0, hiddenBelow: 91, isScrollable: true});
		assert.deepEqual(scrollWindow({contentRows: 100, viewportRows: 10, offset: 50}), {offset: 50, bodyRows: 8, hiddenAbove: 50, hiddenBelow: 42, isScrollable: true});
		assert.deepEqual(scrollWindow({contentRows: 100, viewportRows: 10, offset: 91}), {offset: 91, bodyRows: 9, hiddenAbove: 91, hiddenBelow: 0, isScrollable: true});
	});

	it('never scrolls past the last row', () => {
		assert.equal(scrollWindow({contentRows: 100, viewportRows: 10, offset: 500}).offset, 91);
		assert.equal(scrollWindow({contentRows: 100, viewportRows: 10, offset: -3}).offset, 0);
	});

	it('accounts for every row at every offset: shown plus hidden is the content', () => {
		for (let offset = 0; offset <= 100; offset++) {
			const window = scrollWindow({contentRows: 40, viewportRows: 7, offset});
			const indicatorRows = (window.hiddenAbove > 0 ? 1 : 0) + (window.hiddenBelow > 0 ? 1 : 0);
			assert.equal(window.hiddenAbove + window.bodyRows + window.hiddenBelow, 40, `offset ${offset}`);
			assert.equal(window.bodyRows + indicatorRows, 7, `offset ${offset} must fill the viewport exactly`);
		}
	});
});

describe('scrollReducer', () => {
	it('moves a line at a time and stops at both ends', () => {
		const start = run([measured(100, 10)]);
		assert.equal(run([scroll('line-up')], start).offset, 0);
		assert.equal(run([scroll('line-down'), scroll('line-down')], start).offset, 2);
		assert.equal(run(times(200, scroll('line-down')), start).offset, 91);
		assert.equal(run([...times(200, scroll('line-down')), scroll('line-up')], start).offset, 90);
	});

	it('pages by the rows shown less one, so the last row of one page is the first of the next', () => {
		const top = run([measured(100, 10)]);
		const before = shownRows(top);
		const next = run([scroll('page-down')], top);
		assert.equal(shownRows(next)[0], before.at(-1));
		const back = run([scroll('page-up')], next);
		assert.equal(shownRows(back).at(-1), shownRows(next)[0]);
		assert.equal(run(times(30, scroll('page-down')), top).offset, 91);
		assert.equal(run([...times(30, scroll('page-down')), ...times(30, scroll('page-up'))], top).offset, 0);
	});

	it('goes to the top and to the bottom', () => {
		const start = run([measured(100, 10), scroll('line-down'), scroll('line-down')]);
		assert.equal(run([scroll('bottom')], start).offset, 91);
		assert.deepEqual(shownRows(run([scroll('bottom')], start)).at(-1), 100);
		assert.equal(run([scroll('bottom'), scroll('top')], start).offset, 0);
	});

	it('reaches every row: paging down from the top shows each row at least once', () => {
		let state = run([measured(57, 11)]);
		const seen = new Set(shownRows(state));
		for (let page = 0; page < 20; page++) {
			state = scrollReducer(state, scroll('page-down'));
			for (const row of shownRows(state)) {
				seen.add(row);
			}
		}

		assert.equal(seen.size, 57);
	});

	it('does not move before anything is measured, nor when the content fits', () => {
		assert.equal(run([scroll('line-down'), scroll('bottom')]).offset, 0);
		assert.equal(run([measured(5, 10), scroll('page-down'), scroll('bottom')]).offset, 0);
	});

	it('keeps the offset valid when the content shrinks or the viewport grows', () => {
		const atBottom = run([measured(100, 10), scroll('bottom')]);
		const shrunk = run([measured(30, 10)], atBottom);
		assert.equal(shrunk.offset, 21);
		assert.equal(shownRows(shrunk).at(-1), 30);
		assert.equal(run([measured(30, 40)], atBottom).offset, 0);
		// Content that grows keeps the reader where they were.
		assert.equal(run([measured(200, 10)], run([measured(100, 10), scroll('page-down')])).offset, 8);
	});

	it('returns the same state when nothing changes, so nothing re-renders', () => {
		const start = run([measured(100, 10)]);
		assert.equal(scrollReducer(start, scroll('line-up')), start);
		assert.equal(scrollReducer(start, measured(100, 10)), start);
	});
});

describe('scrollActionForKey', () => {
	it('maps the arrows, PgUp, PgDn, Home and End', () => {
		assert.equal(scrollActionForKey({name: 'up'}, false), 'line-up');
		assert.equal(scrollActionForKey({name: 'down'}, false), 'line-down');
		assert.equal(scrollActionForKey({name: 'pageup'}, false), 'page-up');
		assert.equal(scrollActionForKey({name: 'pagedown'}, false), 'page-down');
		assert.equal(scrollActionForKey({name: 'home'}, false), 'top');
		assert.equal(scrollActionForKey({name: 'end'}, false), 'bottom');
	});

	it('reads j and k as scrolling only where no text field has focus', () => {
		assert.equal(scrollActionForKey({name: 'text', text: 'k'}, true), 'line-up');
		assert.equal(scrollActionForKey({name: 'text', text: 'j'}, true), 'line-down');
		assert.equal(scrollActionForKey({name: 'j'}, true), 'line-down');
		assert.equal(scrollActionForKey({name: 'text', text: 'j'}, false), undefined);
		assert.equal(scrollActionForKey({name: 'k'}, false), undefined);
		assert.equal(scrollActionForKey({name: 'text', text: 'jj'}, true), undefined);
	});

	it('leaves every other key, and keys held with Ctrl or Alt, alone', () => {
		assert.equal(scrollActionForKey({name: 'return'}, true), undefined);
		assert.equal(scrollActionForKey({name: 'left'}, true), undefined);
		assert.equal(scrollActionForKey({name: 'text', text: 'x'}, true), undefined);
		assert.equal(scrollActionForKey({name: 'up', meta: true}, true), undefined);
		assert.equal(scrollActionForKey({name: 'end', ctrl: true}, true), undefined);
		assert.equal(scrollActionForKey({name: 'j', ctrl: true}, true), undefined);
	});
});
