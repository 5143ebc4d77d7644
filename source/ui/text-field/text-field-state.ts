// One editing behaviour for every text field (url, clientid, clientsecret, the picker's filter, rename, the save
// name): a value and a cursor changed by one key at a time, with the readline keys terminal users' fingers know.

import type {Keypress} from '../keys/decode-keys.js';

export type TextFieldState = {readonly value: string; readonly cursor: number};

export type TextEdit =
	/** The key changed the field (or was an editing key with nothing to do). */
	| {handled: true; field: TextFieldState}
	/** Not an editing key: Enter, Tab, Esc, Up, Down, PgUp, PgDn are the screen's to decide. */
	| {handled: false};

// Pastes and odd keys can carry escape sequences and line breaks, none of which belong in a field.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ansiPattern = /\u001B(?:\[[\d;?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-_])/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlPattern = /[\u0000-\u001F\u007F-\u009F]/g;

export function withoutEscapeSequences(text: string): string {
	return text.replace(ansiPattern, '');
}

/** What any field may hold of a text: no escape sequence and no control character. */
export function sanitizeInput(value: string): string {
	return withoutEscapeSequences(value).replace(controlPattern, '');
}

export function textField(value = ''): TextFieldState {
	return {value, cursor: [...value].length};
}

// Cursor positions count code points, so a character outside the BMP is never split in two.
function chars(value: string): string[] {
	return [...value];
}

function withChars(characters: string[], cursor: number): TextFieldState {
	return {value: characters.join(''), cursor: Math.max(0, Math.min(cursor, characters.length))};
}

/** Where the word before the cursor starts: readline's Ctrl+W stops at whitespace, Alt+Backspace at non-word characters. */
function previousWordStart(characters: string[], cursor: number, isBoundary: (character: string) => boolean): number {
	let start = cursor;
	while (start > 0 && isBoundary(characters[start - 1]!)) {
		start--;
	}

	while (start > 0 && !isBoundary(characters[start - 1]!)) {
		start--;
	}

	return start;
}

function nextWordEnd(characters: string[], cursor: number, isBoundary: (character: string) => boolean): number {
	let end = cursor;
	while (end < characters.length && isBoundary(characters[end]!)) {
		end++;
	}

	while (end < characters.length && !isBoundary(characters[end]!)) {
		end++;
	}

	return end;
}

const isWhitespace = (character: string) => /\s/.test(character);
const isNotWordCharacter = (character: string) => !/[\p{L}\p{N}]/u.test(character);

/**
 * Applies one key to a field. Text is inserted at the cursor after `clean` (which drops what the field cannot hold);
 * every other Ctrl or Alt key is taken and ignored, so none ever types a letter.
 */
export function editTextField(field: TextFieldState, keypress: Keypress, clean: (text: string) => string = sanitizeInput): TextEdit {
	const characters = chars(field.value);
	const cursor = Math.max(0, Math.min(field.cursor, characters.length));
	const done = (next: TextFieldState): TextEdit => ({handled: true, field: next});
	if (keypress.kind === 'text') {
		const inserted = chars(clean(keypress.text));
		return done(withChars([...characters.slice(0, cursor), ...inserted, ...characters.slice(cursor)], cursor + inserted.length));
	}

	const {name, ctrl, meta} = keypress;
	if (ctrl && !meta) {
		switch (name) {
			case 'a': {
				return done({value: field.value, cursor: 0});
			}

			case 'e': {
				return done({value: field.value, cursor: characters.length});
			}

			case 'b': {
				return done({value: field.value, cursor: Math.max(0, cursor - 1)});
			}

			case 'f': {
				return done({value: field.value, cursor: Math.min(characters.length, cursor + 1)});
			}

			case 'u': {
				return done(withChars(characters.slice(cursor), 0));
			}

			case 'k': {
				return done(withChars(characters.slice(0, cursor), cursor));
			}

			case 'w': {
				const start = previousWordStart(characters, cursor, isWhitespace);
				return done(withChars([...characters.slice(0, start), ...characters.slice(cursor)], start));
			}

			case 'd': {
				return done(withChars([...characters.slice(0, cursor), ...characters.slice(cursor + 1)], cursor));
			}

			case 'left': {
				return done({value: field.value, cursor: previousWordStart(characters, cursor, isNotWordCharacter)});
			}

			case 'right': {
				return done({value: field.value, cursor: nextWordEnd(characters, cursor, isNotWordCharacter)});
			}

			default: {
				break;
			}
		}
	}

	if (meta && !ctrl) {
		switch (name) {
			case 'backspace': {
				const start = previousWordStart(characters, cursor, isNotWordCharacter);
				return done(withChars([...characters.slice(0, start), ...characters.slice(cursor)], start));
			}

			case 'd': {
				const end = nextWordEnd(characters, cursor, isNotWordCharacter);
				return done(withChars([...characters.slice(0, cursor), ...characters.slice(end)], cursor));
			}

			case 'b':
			case 'left': {
				return done({value: field.value, cursor: previousWordStart(characters, cursor, isNotWordCharacter)});
			}

			case 'f':
			case 'right': {
				return done({value: field.value, cursor: nextWordEnd(characters, cursor, isNotWordCharacter)});
			}

			default: {
				break;
			}
		}
	}

	if (!ctrl && !meta) {
		switch (name) {
			case 'left': {
				return done({value: field.value, cursor: Math.max(0, cursor - 1)});
			}

			case 'right': {
				return done({value: field.value, cursor: Math.min(characters.length, cursor + 1)});
			}

			case 'home': {
				return done({value: field.value, cursor: 0});
			}

			case 'end': {
				return done({value: field.value, cursor: characters.length});
			}

			case 'backspace': {
				return cursor === 0 ? done(field) : done(withChars([...characters.slice(0, cursor - 1), ...characters.slice(cursor)], cursor - 1));
			}

			case 'delete': {
				return done(withChars([...characters.slice(0, cursor), ...characters.slice(cursor + 1)], cursor));
			}

			case 'return':
			case 'tab':
			case 'escape':
			case 'up':
			case 'down':
			case 'pageup':
			case 'pagedown': {
				return {handled: false};
			}

			default: {
				// Function keys and the like: nothing to type.
				return done(field);
			}
		}
	}

	// Ctrl+C, Esc-prefixed keys and the rest are the app's to decide; they never reach the value.
	return name === 'c' && ctrl ? {handled: false} : keypress.name === 'escape' || keypress.name === 'return' ? {handled: false} : done(field);
}
