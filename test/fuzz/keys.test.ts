// Fuzz: however the terminal's bytes are cut into reads, the app gets the same keys, in the same order.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import type {Keypress} from '../../source/ui/keys/decode-keys.js';
import {editTextField, textField} from '../../source/ui/text-field/text-field-state.js';
import {keyBytesArb, keypressesOf, keypressPerCharacter} from '../helpers/fuzz-arbitraries.js';

/** The keys whose Alt form means something: Esc right before one of them in a read is read as Alt with it, by design. */
const altBound = new Set(['b', 'f', 'd', 'backspace', 'left', 'right']);

/** Whether a lone Esc directly before this key makes one read of the two ambiguous (Alt+key, or Esc and key). */
function isAmbiguousAfterEsc(next: string): boolean {
	if (next.startsWith('\u001B') && !/^\u001B[[O]/.test(next)) {
		// ESC ESC x: Esc and Alt+x, or Alt+Esc and x.
		return true;
	}

	const keypresses = keypressesOf([next]);
	const [first] = keypresses;
	return first !== undefined && keypresses.length === 1 && (first.kind === 'text' ? altBound.has(first.text) : altBound.has(first.name));
}

const keysArb = fc.array(keyBytesArb, {minLength: 1, maxLength: 12});

/** Cuts text at the given points (any, inside escape sequences too) into consecutive reads. */
function cut(text: string, points: number[]): string[] {
	const sorted = [...new Set([0, ...points.map(point => point % (text.length + 1)), text.length])].sort((a, b) => a - b);
	return sorted.slice(1).map((end, index) => text.slice(sorted[index], end)).filter(read => read !== '');
}

describe('fuzz: keys from reads cut anywhere', () => {
	it('gives the same keys for bytes cut into reads that arrive together as for one read', () => {
		fc.assert(
			fc.property(keysArb, fc.array(fc.nat(), {maxLength: 6}), (keys, points) => {
				const bytes = keys.join('');
				assert.deepEqual(keypressPerCharacter(keypressesOf(cut(bytes, points))), keypressPerCharacter(keypressesOf([bytes])));
			}),
			{numRuns: 500},
		);
	});

	it('gives the same keys for keys typed slowly, one per read, as for all of them in one read (a burst)', () => {
		const unambiguous = keysArb.filter(keys => keys.every((key, index) => key !== '\u001B' || index === keys.length - 1 || !isAmbiguousAfterEsc(keys[index + 1]!)));
		fc.assert(
			fc.property(unambiguous, keys => {
				const slow = keypressPerCharacter(keypressesOf(keys, {isSlow: true}));
				const burst = keypressPerCharacter(keypressesOf([keys.join('')]));
				assert.deepEqual(burst, slow, `keys ${JSON.stringify(keys)}`);
			}),
			{numRuns: 500},
		);
	});

	it('gives a text field the same value and cursor for keys typed slowly and in one burst', () => {
		const unambiguous = keysArb.filter(keys => keys.every((key, index) => key !== '\u001B' || index === keys.length - 1 || !isAmbiguousAfterEsc(keys[index + 1]!)));
		const apply = (keypresses: Keypress[]) =>
			keypresses.reduce((field, keypress) => {
				const edit = editTextField(field, keypress);
				return edit.handled ? edit.field : field;
			}, textField('start'));
		fc.assert(
			fc.property(unambiguous, keys => {
				// Runs of typed text stay whole here, as the field receives them.
				assert.deepEqual(apply(keypressesOf([keys.join('')])), apply(keypressesOf(keys, {isSlow: true})), `keys ${JSON.stringify(keys)}`);
			}),
			{numRuns: 500},
		);
	});

	it('never lets a control character of a key reach a field as text', () => {
		fc.assert(
			fc.property(keysArb, fc.array(fc.nat(), {maxLength: 4}), (keys, points) => {
				let field = textField();
				for (const keypress of keypressesOf(cut(keys.join(''), points))) {
					const edit = editTextField(field, keypress, text => text.replaceAll(/[\r\n\t]/g, ''));
					field = edit.handled ? edit.field : field;
				}

				// eslint-disable-next-line no-control-regex -- no control character belongs in a field
				assert.doesNotMatch(field.value, /[\u0000-\u001F\u007F-\u009F]/, JSON.stringify(field.value));
			}),
			{numRuns: 300},
		);
	});
});
