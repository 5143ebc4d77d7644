// The one boundary for text that comes from outside: service keys from any source, profile files, server answers and
// environment variables. Every view and stderr message shows such text only through cleanOutsideText, so a key file, a
// profile or a server cannot retitle the terminal (OSC 0), write the clipboard (OSC 52), colour the screen (SGR) or
// reorder what the user reads (bidi controls).

// ESC-introduced sequences, whole: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings up to BEL or ST, and two-character
// escapes. Removing only the ESC would leave "]0;title" on the screen.
// eslint-disable-next-line no-control-regex -- these are the sequences to remove
const escapeSequences = /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|\u001B[\]PX^_][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|\u009B[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|[\u0090\u0098\u009D-\u009F][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;

// C0, DEL, C1, the bidi embeddings, overrides and isolates, and the line and paragraph separators: every character
// that can move the cursor, start a sequence, end a line or turn the order of the text around.
// eslint-disable-next-line no-control-regex -- the characters to remove
const unsafeCharacters = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the same set, for a test without the g flag's state
const unsafeCharacter = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * The text as one safe line: escape sequences removed whole, and every other unsafe character (a line break, a tab,
 * a bidi control) turned into a space, so words around it stay apart.
 */
export function cleanOutsideText(text: string): string {
	return text.replace(escapeSequences, '').replace(unsafeCharacters, ' ');
}

/** Whether the text holds anything cleanOutsideText would change: for values that must be used as they are, or refused. */
export function hasUnsafeCharacters(text: string): boolean {
	return unsafeCharacter.test(text);
}

/** As cleanOutsideText, but unsafe characters are dropped rather than spaced: for one word, such as a scope or a jti. */
export function withoutUnsafeCharacters(text: string): string {
	return text.replace(escapeSequences, '').replace(unsafeCharacters, '');
}
