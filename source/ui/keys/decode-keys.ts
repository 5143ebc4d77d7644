// Turns what the terminal sends into single keypresses, in order. Ink's parser already splits a read at escape
// sequences, but leaves a run of plain bytes whole: "sub1\r" or "\t\r" from one burst (tmux send-keys, a password
// manager's auto-type, a fast typist over SSH) would reach a handler as one odd string. Here every key in a run is a
// key of its own, and a paste stays one piece of text.

import {looksLikeServiceKey} from '../../service-key/parse-service-key.js';

export type KeyName =
	| 'return'
	| 'tab'
	| 'escape'
	| 'backspace'
	| 'delete'
	| 'up'
	| 'down'
	| 'left'
	| 'right'
	| 'home'
	| 'end'
	| 'pageup'
	| 'pagedown'
	| 'unknown';

export type Keypress =
	/** Printable text: one typed character, a run of them, or a paste (bracketed, or a service key's shape). */
	| {kind: 'text'; text: string; isPaste: boolean}
	/** A named key, or a letter held with Ctrl or Alt (name is then the lower-case letter). */
	| {kind: 'key'; name: KeyName | string; ctrl: boolean; meta: boolean; shift: boolean};

const escape = '\u001B';
const pasteStart = `${escape}[200~`;
const pasteEnd = `${escape}[201~`;
const ctrlC = '\u0003';

function key(name: KeyName | string, modifiers: {ctrl?: boolean; meta?: boolean; shift?: boolean} = {}): Keypress {
	return {kind: 'key', name, ctrl: modifiers.ctrl ?? false, meta: modifiers.meta ?? false, shift: modifiers.shift ?? false};
}

const csiNames: Record<string, KeyName> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	H: 'home',
	F: 'end',
};

const tildeNames: Record<string, KeyName> = {
	'1': 'home',
	'7': 'home',
	'4': 'end',
	'8': 'end',
	'3': 'delete',
	'5': 'pageup',
	'6': 'pagedown',
};

/** xterm's modifier parameter: 1 + shift(1) + alt(2) + ctrl(4). */
function modifiersOf(parameter: string | undefined): {ctrl: boolean; meta: boolean; shift: boolean} {
	const value = Math.max(0, Number.parseInt(parameter ?? '1', 10) - 1) || 0;
	return {shift: (value & 1) !== 0, meta: (value & 2) !== 0, ctrl: (value & 4) !== 0};
}

/** The keys whose Alt form means something here; Esc before any other key is Esc pressed before it, in one burst. */
const altBindings = new Set(['backspace', 'b', 'f', 'd', 'left', 'right']);

/**
 * One escape sequence as Ink's parser delivers it: CSI, SS3, Alt+key, or Esc alone. A terminal sends Alt+key as Esc
 * and the key, which is also what Esc and then the key in one burst look like; only keys with an Alt binding are read
 * as Alt, so Esc followed by Enter, a letter or an arrow in one write acts as the same keys pressed slowly.
 */
function decodeEscapeSequence(sequence: string): Keypress[] {
	const [decoded] = decodeAltOrSequence(sequence);
	const isEscPrefixed = sequence.length > 1 && (sequence[1] === escape || !/^[[O]/.test(sequence.slice(1)));
	if (decoded?.kind === 'key' && decoded.meta && isEscPrefixed && !altBindings.has(decoded.name)) {
		const plain = decodeAltOrSequence(sequence.slice(1));
		return [key('escape'), ...plain];
	}

	return decoded ? [decoded] : [];
}

function decodeAltOrSequence(sequence: string): Keypress[] {
	if (!sequence.startsWith(escape)) {
		return decodeRun(sequence);
	}

	return [decodeSequence(sequence)];
}

function decodeSequence(sequence: string): Keypress {
	if (sequence === escape) {
		return key('escape');
	}

	let body = sequence.slice(1);
	let isMeta = false;
	if (body.startsWith(escape)) {
		// Esc before a sequence is how some terminals send Alt with it.
		isMeta = true;
		body = body.slice(1);
		if (body === '') {
			return key('escape', {meta: true});
		}
	}

	const csi = /^\[\[?([\d;]*)([A-Za-z~])$/.exec(body);
	if (csi) {
		const [, parameters = '', final = ''] = csi;
		const [first, modifier] = parameters.split(';');
		const modifiers = modifiersOf(modifier);
		const withMeta = {...modifiers, meta: modifiers.meta || isMeta};
		if (final === '~') {
			return key(tildeNames[first ?? ''] ?? 'unknown', withMeta);
		}

		if (final === 'Z') {
			return key('tab', {...withMeta, shift: true});
		}

		return key(csiNames[final] ?? 'unknown', withMeta);
	}

	const ss3 = /^O([A-Za-z])$/.exec(body);
	if (ss3) {
		return key(csiNames[ss3[1] ?? ''] ?? 'unknown', {meta: isMeta});
	}

	if (body.length === 1 || (body.length === 2 && body.codePointAt(0)! > 0xff_ff)) {
		// Alt with a key: Alt+Backspace, Alt+b, Alt+Enter and so on.
		const [inner] = decodeRun(body);
		if (inner?.kind === 'key') {
			return {...inner, meta: true};
		}

		return key(body.toLowerCase(), {meta: true, shift: body !== body.toLowerCase()});
	}

	return key('unknown');
}

function decodeControl(character: string): Keypress {
	switch (character) {
		case '\r':
		case '\n': {
			return key('return');
		}

		case '\t': {
			return key('tab');
		}

		case '\u007F':
		case '\b': {
			return key('backspace');
		}

		case '\u0000': {
			return key('space', {ctrl: true});
		}

		default: {
			const code = character.codePointAt(0)!;
			// Ctrl+A is 1, Ctrl+Z is 26; the few above are Ctrl with punctuation, which no field uses.
			return code <= 26 ? key(String.fromCodePoint(code + 96), {ctrl: true}) : key('unknown', {ctrl: true});
		}
	}
}

// eslint-disable-next-line no-control-regex -- control characters are what splits a run
const controlCharacter = /[\u0000-\u001F\u007F]/;

/** A run of plain bytes: each control character is a key, the printable text between them is text. */
function decodeRun(run: string): Keypress[] {
	const keypresses: Keypress[] = [];
	let text = '';
	for (const character of run) {
		if (controlCharacter.test(character)) {
			if (text !== '') {
				keypresses.push({kind: 'text', text, isPaste: false});
				text = '';
			}

			keypresses.push(decodeControl(character));
		} else if (!/[\u0080-\u009F]/.test(character)) {
			text += character;
		}
	}

	if (text !== '') {
		keypresses.push({kind: 'text', text, isPaste: false});
	}

	return keypresses;
}

/**
 * How long a bracketed paste may go quiet before its end marker counts as lost. A terminal sends a paste in one burst
 * (over SSH, in chunks a round trip apart); a second with nothing more means the marker will not come (a terminal or
 * multiplexer that died mid-paste, a cut-off stream), and every key after it, Esc and Ctrl+C included, would be
 * swallowed as pasted text.
 */
export const unfinishedPasteMs = 1000;

/**
 * How long a paste that holds a Ctrl+C waits for its end marker. The key may arrive in one read with the last of a
 * paste whose marker was lost, so it is the user's unless the marker follows within the same read (Ink hands a read
 * over at once, and a split escape sequence a tick later): then it was the paste's own text.
 */
export const interruptedPasteMs = 20;

/** The text of a paste as a field gets it: escape sequences inside a paste are not keys. */
function pastedText(text: string): Keypress {
	// eslint-disable-next-line no-control-regex -- escape sequences inside a paste are not keys
	return {kind: 'text', text: text.replaceAll(/\u001B\[[\d;?]*[ -/]*[@-~]/g, ''), isPaste: true};
}

export type KeyDecoder = {
	decode: (event: string) => Keypress[];
	/** Whether a bracketed paste has begun and its end marker has not come yet: unfinished, or with a Ctrl+C in it. */
	pasteState: () => 'none' | 'unfinished' | 'interrupted';
	/**
	 * Ends a paste whose end marker was lost, with what came of it; a Ctrl+C in it, and what followed, are keys. The
	 * caller decides when it is lost.
	 */
	endUnfinishedPaste: () => Keypress[];
};

/**
 * Decodes Ink's input events one after another. It keeps state: a bracketed paste (ESC [200~ … ESC [201~) can span
 * several reads, and its text, line breaks and all, is one keypress however it was split.
 */
export function createKeyDecoder(): KeyDecoder {
	let paste: string | undefined;
	function decode(event: string): Keypress[] {
		if (paste !== undefined) {
			// The end marker is looked for in all that came, as Ink may hand it over in two pieces (ESC [2, then 01~).
			paste += event;
			const end = paste.indexOf(pasteEnd);
			if (end === -1) {
				return [];
			}

			const text = paste.slice(0, end);
			const rest = paste.slice(end + pasteEnd.length);
			paste = undefined;
			return [pastedText(text), ...(rest === '' ? [] : decode(rest))];
		}

		if (event === pasteStart) {
			paste = '';
			return [];
		}

		if (event === pasteEnd) {
			return [];
		}

		// Esc pressed just before a paste reaches Ink as one sequence: it is Esc, then the paste.
		if (event.startsWith(escape + pasteStart) || event.startsWith(escape + pasteEnd)) {
			return [key('escape'), ...decode(event.slice(1))];
		}

		if (event.startsWith(escape)) {
			return decodeEscapeSequence(event);
		}

		// Without bracketed paste, a run that holds line breaks and has a service key's shape is a pasted key: its
		// line breaks are part of it, not Enter.
		if (event.length > 1 && /[\r\n]/.test(event) && looksLikeServiceKey(event)) {
			return [{kind: 'text', text: event, isPaste: true}];
		}

		return decodeRun(event);
	}

	function endUnfinishedPaste(): Keypress[] {
		if (paste === undefined) {
			return [];
		}

		const interrupt = paste.indexOf(ctrlC);
		if (interrupt !== -1) {
			const text = paste.slice(0, interrupt);
			const keys = paste.slice(interrupt);
			paste = undefined;
			return [...(text === '' ? [] : [pastedText(text)]), ...decode(keys)];
		}

		// The first part of an end marker split between reads is not text.
		let partialEndLength = pasteEnd.length - 1;
		while (partialEndLength > 0 && !paste.endsWith(pasteEnd.slice(0, partialEndLength))) {
			partialEndLength--;
		}

		const text = paste.slice(0, paste.length - partialEndLength);
		paste = undefined;
		return text === '' ? [] : [pastedText(text)];
	}

	return {
		decode,
		pasteState: () => (paste === undefined ? 'none' : paste.includes(ctrlC) ? 'interrupted' : 'unfinished'),
		endUnfinishedPaste,
	};
}

/** The printable text of a keypress, or '' for a named key: what a field inserts. */
export function textOf(keypress: Keypress): string {
	return keypress.kind === 'text' ? keypress.text : '';
}

export function isKey(keypress: Keypress, name: KeyName | string, modifiers: {ctrl?: boolean; meta?: boolean} = {}): boolean {
	return (
		keypress.kind === 'key' &&
		keypress.name === name &&
		keypress.ctrl === (modifiers.ctrl ?? false) &&
		keypress.meta === (modifiers.meta ?? false)
	);
}
