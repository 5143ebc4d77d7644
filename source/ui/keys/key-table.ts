// A screen's keys and their hints in one table, so a key and the hint that names it cannot drift apart. Rows are
// tried in order for a key; the hints are the rows that have one now, in the same order.

import type {KeyHint} from '../key-hints.js';
import {isKey, type Keypress} from './decode-keys.js';

export type KeyRow<State, Context> = {
	/** The key as the hint names it. */
	readonly keys: string;
	/** Whether this row takes the key; text is the keypress's text, or '' for a named key. */
	readonly matches: (keypress: Keypress, text: string, state: State, context: Context) => boolean;
	readonly run?: (state: State, context: Context, keypress: Keypress) => void;
	/** What the hint says now; undefined, or no hint at all, leaves the row out of the hints. */
	readonly hint?: string | ((state: State, context: Context) => string | undefined);
};

export type KeyTable<State, Context> = ReadonlyArray<KeyRow<State, Context>>;

/** Runs the first row that takes the key; says whether one did. */
export function handleKeyWith<State, Context>(table: KeyTable<State, Context>, keypress: Keypress, state: State, context: Context): boolean {
	const text = keypress.kind === 'text' ? keypress.text : '';
	const row = table.find(candidate => candidate.matches(keypress, text, state, context));
	row?.run?.(state, context, keypress);
	return row !== undefined;
}

export function hintsOf<State, Context>(table: KeyTable<State, Context>, state: State, context: Context): KeyHint[] {
	return table.flatMap(row => {
		const action = typeof row.hint === 'function' ? row.hint(state, context) : row.hint;
		return action === undefined ? [] : [{keys: row.keys, action}];
	});
}

/** A named key without modifiers: Enter is 'return', Esc 'escape'. */
export const named =
	(name: string) =>
	(keypress: Keypress): boolean =>
		isKey(keypress, name);

/** One of these texts, typed: letters are commands only where no field takes them. */
export const typed =
	(...texts: string[]) =>
	(_keypress: Keypress, text: string): boolean =>
		texts.includes(text);

/** Every key: the last row of a screen whose field takes what is typed. */
export const anyKey = (): boolean => true;

/** A row that only hints, for a key handled before any screen sees it (Ctrl+C). */
export const handledElsewhere = (): boolean => false;
