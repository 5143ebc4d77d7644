// The picker's keys and their hints in one table. A key reads the state the key before it left (never a render's),
// so a burst such as "sub1", Down, Enter chooses what the same keys typed slowly would.

import {looksLikeServiceKey} from '../../service-key/parse-service-key.js';
import type {KeyHint} from '../key-hints.js';
import type {Keypress} from '../keys/decode-keys.js';
import {anyKey, handledElsewhere, handleKeyWith, hintsOf, type KeyTable, named, typed} from '../keys/key-table.js';
import type {PickerAction, PickerEntry, PickerState} from './picker-state.js';

/** What the picker's keys do beyond its own state: each opens another screen or changes the saved profiles. */
export type PickerCommands = {
	readonly onChoose: (name: string) => void;
	readonly onNew: () => void;
	readonly onImport: () => void;
	/** "+ Sign in as a user": the wizard, then how the user signs in. */
	readonly onSignInAsUser: () => void;
	readonly onDemo: () => void;
	readonly onEdit: (name: string) => void;
	readonly onDelete: (name: string) => void;
	/** Returns a problem to show, or undefined once renamed. */
	readonly onRename: (from: string, to: string) => string | undefined;
	readonly onQuit: () => void;
	/** Opens or closes the guide panel. */
	readonly onToggleGuide?: () => void;
	/** A whole service key was pasted into the filter or a rename: it is read as a key, never kept as text. */
	readonly onPasteKey: (text: string) => void;
};

type PickerKeyContext = {
	readonly entries: readonly PickerEntry[];
	/** How far PgUp and PgDn move. */
	readonly pageSize: number;
	readonly dispatch: (action: PickerAction) => void;
	readonly commands: PickerCommands;
	/** The list is longer than its window, so PgUp, PgDn, Home and End are worth naming. */
	readonly canJump: boolean;
	readonly hasGuide: boolean;
	readonly isGuideOpen: boolean;
};

type Mode = PickerState['mode']['kind'];
const inMode = (mode: Mode, matches: (keypress: Keypress, text: string) => boolean) => (keypress: Keypress, text: string, state: PickerState) => state.mode.kind === mode && matches(keypress, text);
const onlyIn = (mode: Mode, hint: string) => (state: PickerState) => (state.mode.kind === mode ? hint : undefined);
const isBrowsing = (state: PickerState) => state.mode.kind === 'browse';
const isUnfiltered = (state: PickerState) => isBrowsing(state) && state.filter.value === '';
/** Letters act on the selected profile while no filter is typed; typing anything else starts a filter. */
const command = (letter: string) => (keypress: Keypress, text: string, state: PickerState) => isUnfiltered(state) && typed(letter)(keypress, text);
const browsing = (matches: (keypress: Keypress, text: string) => boolean) => inMode('browse', matches);

function selectedOf(state: PickerState, entries: readonly PickerEntry[]): PickerEntry | undefined {
	return entries[Math.min(state.cursor, entries.length - 1)];
}

/** A command on the selected profile; nothing when the selection is one of the fixed entries. */
function onSelectedProfile(act: (name: string, context: PickerKeyContext) => void) {
	return (state: PickerState, context: PickerKeyContext) => {
		const selected = selectedOf(state, context.entries);
		if (selected?.kind === 'profile') {
			act(selected.profile.name, context);
		}
	};
}

export const pickerKeys: KeyTable<PickerState, PickerKeyContext> = [
	{
		keys: '',
		matches: (keypress, _text, state) => keypress.kind === 'text' && looksLikeServiceKey(keypress.text) && state.mode.kind !== 'confirm-delete',
		run(_state, {dispatch, commands}, keypress) {
			dispatch({type: 'close-dialog'});
			commands.onPasteKey(keypress.kind === 'text' ? keypress.text : '');
		},
	},
	// Deleting: y deletes, any other key keeps.
	{
		keys: 'y',
		hint: onlyIn('confirm-delete', 'delete'),
		matches: inMode('confirm-delete', typed('y', 'Y')),
		run(state, {dispatch, commands}) {
			if (state.mode.kind === 'confirm-delete') {
				commands.onDelete(state.mode.name);
			}

			dispatch({type: 'close-dialog'});
		},
	},
	{keys: 'any other key', hint: onlyIn('confirm-delete', 'keep'), matches: inMode('confirm-delete', anyKey), run: (_state, {dispatch}) => dispatch({type: 'close-dialog'})},
	// Renaming.
	{
		keys: 'Enter',
		hint: onlyIn('rename', 'rename'),
		matches: inMode('rename', named('return')),
		run(state, {dispatch, commands}) {
			if (state.mode.kind === 'rename') {
				const problem = commands.onRename(state.mode.name, state.mode.field.value.trim());
				dispatch(problem ? {type: 'rename-failed', problem} : {type: 'close-dialog'});
			}
		},
	},
	{keys: 'Esc', hint: onlyIn('rename', 'cancel'), matches: inMode('rename', named('escape')), run: (_state, {dispatch}) => dispatch({type: 'close-dialog'})},
	{keys: '', matches: inMode('rename', anyKey), run: (_state, {dispatch}, keypress) => dispatch({type: 'rename-key', keypress})},
	// The list.
	{
		keys: '↑↓',
		hint: state => (isBrowsing(state) ? 'move' : undefined),
		matches: browsing(keypress => named('up')(keypress) || named('down')(keypress)),
		run: (_state, {dispatch, entries}, keypress) => dispatch({type: 'move', delta: named('up')(keypress) ? -1 : 1, entryCount: entries.length}),
	},
	{
		keys: 'PgUp PgDn Home End',
		hint: (state, {canJump}) => (isBrowsing(state) && canJump ? 'jump' : undefined),
		matches: browsing(keypress => ['pageup', 'pagedown', 'home', 'end'].some(name => named(name)(keypress))),
		run(_state, {dispatch, entries, pageSize}, keypress) {
			const entryCount = entries.length;
			if (named('pageup')(keypress) || named('pagedown')(keypress)) {
				dispatch({type: 'move', delta: named('pageup')(keypress) ? -pageSize : pageSize, entryCount});
			} else {
				dispatch({type: 'move-to', index: named('home')(keypress) ? 0 : entryCount - 1, entryCount});
			}
		},
	},
	{
		keys: 'Enter',
		hint: state => (isBrowsing(state) ? 'choose' : undefined),
		matches: browsing(named('return')),
		run(state, {commands, entries}) {
			const selected = selectedOf(state, entries);
			if (selected?.kind === 'profile') {
				commands.onChoose(selected.profile.name);
			} else if (selected?.kind === 'new') {
				commands.onNew();
			} else if (selected?.kind === 'user') {
				commands.onSignInAsUser();
			} else if (selected?.kind === 'import') {
				commands.onImport();
			} else if (selected?.kind === 'demo') {
				commands.onDemo();
			}
		},
	},
	{keys: 'type', hint: state => (isUnfiltered(state) ? 'filter' : undefined), matches: handledElsewhere},
	{keys: 'Esc', hint: state => (isBrowsing(state) && state.filter.value !== '' ? 'clear filter' : undefined), matches: browsing(named('escape')), run: (_state, {dispatch}) => dispatch({type: 'filter-clear'})},
	{keys: 'd', hint: state => (isUnfiltered(state) ? 'delete' : undefined), matches: command('d'), run: onSelectedProfile((name, {dispatch}) => dispatch({type: 'ask-delete', name}))},
	{keys: 'r', hint: state => (isUnfiltered(state) ? 'rename' : undefined), matches: command('r'), run: onSelectedProfile((name, {dispatch}) => dispatch({type: 'ask-rename', name}))},
	{keys: 'e', hint: state => (isUnfiltered(state) ? 'edit' : undefined), matches: command('e'), run: onSelectedProfile((name, {commands}) => commands.onEdit(name))},
	{
		keys: '?',
		hint: (state, {hasGuide, isGuideOpen}) => (hasGuide && isUnfiltered(state) ? (isGuideOpen ? 'hide guide' : 'guide') : undefined),
		// Profile names hold no "?", so it never belongs to a filter.
		matches: (keypress, text, state, {commands}) => isBrowsing(state) && commands.onToggleGuide !== undefined && typed('?')(keypress, text),
		run: (_state, {commands}) => commands.onToggleGuide?.(),
	},
	{keys: 'q', hint: state => (isUnfiltered(state) ? 'quit' : undefined), matches: command('q'), run: (_state, {commands}) => commands.onQuit()},
	{keys: '', matches: anyKey, run: (_state, {dispatch}, keypress) => dispatch({type: 'filter-key', keypress})},
];

/** Applies one key to the picker. */
export function handlePickerKey(
	keypress: Keypress,
	{state, entries, pageSize, dispatch, commands}: {readonly state: PickerState; readonly entries: readonly PickerEntry[]; readonly pageSize: number; readonly dispatch: (action: PickerAction) => void; readonly commands: PickerCommands},
): void {
	handleKeyWith(pickerKeys, keypress, state, {entries, pageSize, dispatch, commands, canJump: false, hasGuide: commands.onToggleGuide !== undefined, isGuideOpen: false});
}

const inertCommands: PickerCommands = {
	onChoose() {},
	onNew() {},
	onImport() {},
	onSignInAsUser() {},
	onDemo() {},
	onEdit() {},
	onDelete() {},
	onRename: () => undefined,
	onQuit() {},
	onPasteKey() {},
};

/** The picker's keys, drawn by the app below everything that scrolls. */
export function pickerKeyHints(state: PickerState, {canJump, hasGuide, isGuideOpen}: {readonly canJump: boolean; readonly hasGuide: boolean; readonly isGuideOpen: boolean}): KeyHint[] {
	return hintsOf(pickerKeys, state, {entries: [], pageSize: 1, dispatch() {}, commands: inertCommands, canJump, hasGuide, isGuideOpen});
}
