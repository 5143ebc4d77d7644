import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isSingleEditOf, valueAfterEdit} from '../../source/ui/use-latest-value-change.js';

describe('isSingleEditOf', () => {
	it('accepts what ink-text-input makes of a value: one insertion anywhere, or one character deleted', () => {
		assert.ok(isSingleEditOf('abcd', 'abc'));
		assert.ok(isSingleEditOf('aXYZbc', 'abc'));
		assert.ok(isSingleEditOf('ab', 'abc'));
		assert.ok(isSingleEditOf('ac', 'abc'));
		assert.ok(isSingleEditOf('abc', 'abc'));
	});

	it('refuses anything else', () => {
		assert.ok(!isSingleEditOf('Vb', 'Va'));
		assert.ok(!isSingleEditOf('a', 'abc'));
		assert.ok(!isSingleEditOf('xbc', 'abc'));
	});
});

/** Feeds edits to valueAfterEdit as ink-text-input would make them, each on the value of the render it saw. */
function replay(initial: string, edits: Array<{render?: true; make: (seen: string) => string}>): string {
	const rendered = [initial];
	let latest = initial;
	for (const edit of edits) {
		if (edit.render) {
			rendered.push(latest);
		}

		latest = valueAfterEdit(edit.make(rendered.at(-1)!), rendered, latest);
	}

	return latest;
}

const append = (text: string) => ({make: (seen: string) => seen + text});
const backspace = {make: (seen: string) => seen.slice(0, -1)};
const rendering = <T extends object>(edit: T) => ({...edit, render: true as const});

describe('valueAfterEdit', () => {
	it('keeps every piece of a paste that arrives in chunks before a render', () => {
		assert.equal(replay('', [append('x'.repeat(4095)), append('y'.repeat(1715))]), `${'x'.repeat(4095)}${'y'.repeat(1715)}`);
		assert.equal(replay('htt', [append('{"a": '), append('"b"}')]), 'htt{"a": "b"}');
	});

	it('keeps keys typed faster than renders, and takes edits on a fresh render as they are', () => {
		assert.equal(replay('', [append('a'), append('b'), append('c')]), 'abc');
		assert.equal(replay('', [append('a'), rendering(append('a')), append('a')]), 'aaa');
		assert.equal(replay('abc', [rendering(backspace), rendering(append('d'))]), 'abd');
	});

	it('deletes one character per backspace however fast they come, never bringing text back', () => {
		const typed = 'htt{"uaa": {"clientsecret": "abc"';
		assert.equal(replay(typed, Array.from({length: 10}, () => backspace)), typed.slice(0, -10));
		assert.equal(replay(typed, [backspace, rendering(backspace), backspace, backspace]), typed.slice(0, -4));
		assert.equal(replay('ab', [backspace, backspace, backspace]), '');
	});
});
