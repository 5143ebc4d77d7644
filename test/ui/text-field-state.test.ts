// The one editing behaviour every text field shares: each key's effect on the value and the cursor.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import type {Keypress} from '../../source/ui/keys/decode-keys.js';
import {editTextField, textField, type TextFieldState} from '../../source/ui/text-field/text-field-state.js';
import {keypressArb, nastyTextArb} from '../helpers/fuzz-arbitraries.js';

const text = (value: string, isPaste = false): Keypress => ({kind: 'text', text: value, isPaste});
const key = (name: string, modifiers: {ctrl?: boolean; meta?: boolean; shift?: boolean} = {}): Keypress => ({
	kind: 'key',
	name,
	ctrl: modifiers.ctrl ?? false,
	meta: modifiers.meta ?? false,
	shift: modifiers.shift ?? false,
});
const ctrl = (name: string) => key(name, {ctrl: true});
const alt = (name: string) => key(name, {meta: true});

/** The field written with a | where the cursor is: "ab|c". */
function show(field: TextFieldState): string {
	const characters = [...field.value];
	return [...characters.slice(0, field.cursor), '|', ...characters.slice(field.cursor)].join('');
}

/** A field from the same notation. */
function at(shown: string): TextFieldState {
	const index = shown.indexOf('|');
	assert.ok(index !== -1, `no cursor in ${shown}`);
	const before = shown.slice(0, index);
	return {value: before + shown.slice(index + 1), cursor: [...before].length};
}

function apply(start: string, ...keypresses: Keypress[]): string {
	let field = at(start);
	for (const keypress of keypresses) {
		const edit = editTextField(field, keypress);
		assert.ok(edit.handled, `${JSON.stringify(keypress)} was not handled in ${show(field)}`);
		field = edit.field;
	}

	return show(field);
}

describe('editTextField', () => {
	it('starts a field with the cursor after its value', () => {
		assert.equal(show(textField('abc')), 'abc|');
		assert.equal(show(textField()), '|');
	});

	describe('typing', () => {
		it('inserts text at the cursor and moves the cursor after it', () => {
			assert.equal(apply('|', text('a'), text('b')), 'ab|');
			assert.equal(apply('ac|', key('left'), text('b')), 'ab|c');
			assert.equal(apply('|world', text('hello ')), 'hello |world');
		});

		it('passes inserted text through the field\'s cleaner', () => {
			const edit = editTextField(at('a|'), text('b\nc'), value => value.replaceAll('\n', ''));
			assert.ok(edit.handled);
			assert.equal(show(edit.field), 'abc|');
		});
	});

	describe('moving', () => {
		it('moves one character with Left and Right, and with Ctrl+B and Ctrl+F', () => {
			assert.equal(apply('abc|', key('left'), key('left')), 'a|bc');
			assert.equal(apply('|abc', key('right')), 'a|bc');
			assert.equal(apply('abc|', ctrl('b')), 'ab|c');
			assert.equal(apply('|abc', ctrl('f')), 'a|bc');
		});

		it('stops at both ends', () => {
			assert.equal(apply('|abc', key('left'), ctrl('b')), '|abc');
			assert.equal(apply('abc|', key('right'), ctrl('f')), 'abc|');
		});

		it('goes to the start with Home and Ctrl+A, to the end with End and Ctrl+E', () => {
			assert.equal(apply('ab|c', key('home')), '|abc');
			assert.equal(apply('ab|c', ctrl('a')), '|abc');
			assert.equal(apply('a|bc', key('end')), 'abc|');
			assert.equal(apply('a|bc', ctrl('e')), 'abc|');
		});

		it('moves by words with Ctrl+Left/Right and Alt+B/F (and Alt+Left/Right)', () => {
			assert.equal(apply('https://sub.example|', ctrl('left')), 'https://sub.|example');
			assert.equal(apply('https://sub.example|', ctrl('left'), ctrl('left')), 'https://|sub.example');
			assert.equal(apply('https://sub.example|', alt('b')), 'https://sub.|example');
			assert.equal(apply('https://sub.example|', alt('left')), 'https://sub.|example');
			assert.equal(apply('|https://sub.example', ctrl('right')), 'https|://sub.example');
			assert.equal(apply('https|://sub.example', alt('f')), 'https://sub|.example');
			assert.equal(apply('https|://sub.example', alt('right')), 'https://sub|.example');
		});

		it('stops a word move at the ends', () => {
			assert.equal(apply('|abc def', ctrl('left'), alt('b')), '|abc def');
			assert.equal(apply('abc def|', ctrl('right'), alt('f')), 'abc def|');
		});
	});

	describe('deleting', () => {
		it('deletes the character before the cursor with Backspace, and nothing at the start', () => {
			assert.equal(apply('abc|', key('backspace')), 'ab|');
			assert.equal(apply('a|bc', key('backspace')), '|bc');
			assert.equal(apply('|abc', key('backspace')), '|abc');
		});

		it('deletes the character under the cursor with Delete and Ctrl+D, and nothing at the end', () => {
			assert.equal(apply('a|bc', key('delete')), 'a|c');
			assert.equal(apply('a|bc', ctrl('d')), 'a|c');
			assert.equal(apply('abc|', key('delete'), ctrl('d')), 'abc|');
		});

		it('deletes to the start with Ctrl+U and to the end with Ctrl+K', () => {
			assert.equal(apply('https://abc|', ctrl('u')), '|');
			assert.equal(apply('ab|cd', ctrl('u')), '|cd');
			assert.equal(apply('ab|cd', ctrl('k')), 'ab|');
			assert.equal(apply('|abcd', ctrl('k')), '|');
		});

		it('deletes the word before the cursor with Ctrl+W, up to whitespace', () => {
			assert.equal(apply('one two.three|', ctrl('w')), 'one |');
			assert.equal(apply('one two   |', ctrl('w')), 'one |');
			assert.equal(apply('one two|rest', ctrl('w')), 'one |rest');
			assert.equal(apply('|one', ctrl('w')), '|one');
		});

		it('deletes the word before the cursor with Alt+Backspace, up to punctuation', () => {
			assert.equal(apply('https://sub.example|', alt('backspace')), 'https://sub.|');
			assert.equal(apply('https://sub.|', alt('backspace')), 'https://|');
			assert.equal(apply('|abc', alt('backspace')), '|abc');
		});

		it('deletes the word after the cursor with Alt+D', () => {
			assert.equal(apply('https|://sub.example', alt('d')), 'https|.example');
			assert.equal(apply('abc|', alt('d')), 'abc|');
		});

		it('gives the readline result for https://abc, Ctrl+U, Ctrl+W, Ctrl+A (which once typed "uwa")', () => {
			assert.equal(apply('https://abc|', ctrl('u'), ctrl('w'), ctrl('a')), '|');
			assert.equal(apply('https://abc|', ctrl('w'), text('x')), 'x|');
		});
	});

	describe('code points', () => {
		it('moves over and deletes a character outside the BMP whole', () => {
			assert.equal(apply('a🔑b|', key('left'), key('left')), 'a|🔑b');
			assert.equal(apply('a🔑|b', key('backspace')), 'a|b');
			assert.equal(apply('a|🔑b', key('delete')), 'a|b');
			assert.equal(apply('a|🔑b', key('right'), text('x')), 'a🔑x|b');
		});

		it('counts the cursor in code points', () => {
			const edit = editTextField(textField('👩🏽‍💻'), key('home'));
			assert.ok(edit.handled);
			assert.equal(textField('🔑🔑').cursor, 2);
			const end = editTextField(edit.field, key('end'));
			assert.ok(end.handled && end.field.cursor === [...'👩🏽‍💻'].length);
		});

		it('never leaves half a surrogate pair in the value', () => {
			fc.assert(
				fc.property(fc.string({unit: 'grapheme', maxLength: 8}), fc.array(keypressArb(fc.string({unit: 'grapheme', maxLength: 3})), {maxLength: 12}), (start, keypresses) => {
					let field = textField(start);
					for (const keypress of keypresses) {
						const edit = editTextField(field, keypress);
						if (edit.handled) {
							field = edit.field;
						}
					}

					assert.doesNotMatch(field.value, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, `half a character left in ${JSON.stringify(field.value)}`);
				}),
			);
		});
	});

	describe('a cursor out of range', () => {
		it('is clamped into the value before a key applies', () => {
			assert.equal(show(edit({value: 'abc', cursor: 99}, key('backspace'))), 'ab|');
			assert.equal(show(edit({value: 'abc', cursor: -5}, text('x'))), 'x|abc');
			assert.equal(show(edit({value: 'abc', cursor: 99}, key('left'))), 'ab|c');
		});

		it('stays within the value after any keys', () => {
			fc.assert(
				fc.property(nastyTextArb, fc.nat({max: 40}), fc.array(keypressArb(nastyTextArb), {maxLength: 10}), (value, cursor, keypresses) => {
					let field: TextFieldState = {value, cursor: Math.min(cursor, [...value].length)};
					for (const keypress of keypresses) {
						const next = editTextField(field, keypress);
						if (next.handled) {
							field = next.field;
							assert.ok(field.cursor >= 0 && field.cursor <= [...field.value].length, `cursor ${field.cursor} in ${JSON.stringify(field.value)}`);
						}
					}
				}),
			);
		});
	});

	describe('keys that are not for the field', () => {
		it('leaves Enter, Tab, Esc, Up, Down, PgUp, PgDn and Ctrl+C to the screen', () => {
			for (const keypress of [key('return'), key('tab'), key('escape'), key('up'), key('down'), key('pageup'), key('pagedown'), ctrl('c'), alt('escape'), alt('return')]) {
				assert.deepEqual(editTextField(at('ab|c'), keypress), {handled: false}, JSON.stringify(keypress));
			}
		});

		it('takes unknown keys and leaves the field as it was', () => {
			for (const keypress of [key('unknown'), key('f1'), ctrl('z'), ctrl('unknown'), alt('x'), alt('q'), key('left', {ctrl: true, meta: true})]) {
				const result = editTextField(at('ab|c'), keypress);
				assert.ok(result.handled, JSON.stringify(keypress));
				assert.equal(show(result.field), 'ab|c', JSON.stringify(keypress));
			}
		});

		it('never inserts anything for a Ctrl or Alt key, whatever its name', () => {
			fc.assert(
				fc.property(
					fc.string({maxLength: 6}),
					fc.nat({max: 6}),
					fc.record({name: fc.oneof(fc.string({minLength: 1, maxLength: 6}), fc.constantFrom('a', 'x', 'space', 'return', 'left')), ctrl: fc.boolean(), meta: fc.boolean(), shift: fc.boolean()}).filter(({ctrl, meta}) => ctrl || meta),
					(value, cursor, modifiers) => {
						const before = {value, cursor: Math.min(cursor, [...value].length)};
						const result = editTextField(before, {kind: 'key', ...modifiers});
						if (result.handled) {
							assert.ok([...result.field.value].length <= [...value].length, `${JSON.stringify(modifiers)} made ${JSON.stringify(value)} into ${JSON.stringify(result.field.value)}`);
							assert.ok(value.includes(result.field.value) || isSubsequence(result.field.value, value), 'a key only removes characters');
						}
					},
				),
			);
		});

		it('never inserts anything for Shift with a named key either', () => {
			assert.equal(apply('ab|c', key('left', {shift: true})), 'a|bc');
			assert.equal(apply('ab|c', key('unknown', {shift: true})), 'ab|c');
		});
	});
});

function edit(field: TextFieldState, keypress: Keypress): TextFieldState {
	const result = editTextField(field, keypress);
	assert.ok(result.handled);
	return result.field;
}

function isSubsequence(small: string, big: string): boolean {
	const rest = [...big];
	return [...small].every(character => {
		const index = rest.indexOf(character);
		if (index === -1) {
			return false;
		}

		rest.splice(0, index + 1);
		return true;
	});
}
