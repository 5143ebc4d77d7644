import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isSingleEditOf} from '../../source/ui/use-latest-value-change.js';

describe('isSingleEditOf', () => {
	it('accepts what ink-text-input makes of a value: one insertion anywhere, or one character deleted', () => {
		assert.ok(isSingleEditOf('abcd', 'abc'));
		assert.ok(isSingleEditOf('aXYZbc', 'abc'));
		assert.ok(isSingleEditOf('ab', 'abc'));
		assert.ok(isSingleEditOf('ac', 'abc'));
		assert.ok(isSingleEditOf('abc', 'abc'));
	});

	it('refuses what only a handler holding an older value makes: a different piece after the same start', () => {
		assert.ok(!isSingleEditOf('Vb', 'Va'));
		assert.ok(!isSingleEditOf('V' + 'y'.repeat(10), 'V' + 'x'.repeat(4095)));
		assert.ok(!isSingleEditOf('a', 'abc'));
		assert.ok(!isSingleEditOf('xbc', 'abc'));
	});
});
