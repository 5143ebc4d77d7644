// The picker's list cursor, filter and dialogs, and how its keys act on the newest state, all without Ink.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import type {Profile} from '../../source/profiles/profile-store.js';
import type {Keypress} from '../../source/ui/keys/decode-keys.js';
import {handlePickerKey, type PickerCommands} from '../../source/ui/picker/picker-keys.js';
import {initialPickerState, type PickerAction, pickerEntries, pickerReducer, type PickerState} from '../../source/ui/picker/picker-state.js';
import {realSecretLike, serviceKeyText} from '../helpers/fuzz-arbitraries.js';

const text = (value: string, isPaste = false): Keypress => ({kind: 'text', text: value, isPaste});
const key = (name: string, modifiers: {ctrl?: boolean; meta?: boolean} = {}): Keypress => ({kind: 'key', name, ctrl: modifiers.ctrl ?? false, meta: modifiers.meta ?? false, shift: false});
const typed = (value: string): Keypress[] => [...value].map(character => text(character));

function profile(name: string, url = `https://${name}.authentication.eu10.hana.ondemand.com`): Profile {
	return {name, url, clientId: `sb-${name}!t1`, createdAt: '2025-01-01T00:00:00.000Z', lastUsedAt: '2025-01-01T00:00:00.000Z'};
}

// In the order the store lists them: natural order for a tie in recency.
const profiles = ['sub1', 'sub2', 'sub10', 'sub11', 'prod-eu', 'prod-us'].map(name => profile(name));

function reduce(state: PickerState, ...actions: PickerAction[]): PickerState {
	return actions.reduce(pickerReducer, state);
}

function filterKeys(state: PickerState, ...keypresses: Keypress[]): PickerState {
	return reduce(state, ...keypresses.map(keypress => ({type: 'filter-key', keypress}) as const));
}

/** The filter written with a | at its cursor. */
function shownFilter(state: PickerState): string {
	const characters = [...state.filter.value];
	return [...characters.slice(0, state.filter.cursor), '|', ...characters.slice(state.filter.cursor)].join('');
}

type Call = [command: keyof PickerCommands, ...args: unknown[]];

/** The picker as the app runs it: each key reads the state the key before it left, and commands are recorded. */
function picker({list = profiles, pageSize = 3, canTryDemo = false}: {list?: Profile[]; pageSize?: number; canTryDemo?: boolean} = {}) {
	let state = initialPickerState;
	const calls: Call[] = [];
	const record =
		(command: keyof PickerCommands) =>
		(...args: unknown[]) => {
			calls.push([command, ...args]);
			return undefined;
		};
	const commands: PickerCommands = {
		onChoose: record('onChoose'),
		onNew: record('onNew'),
		onImport: record('onImport'),
		onSignInAsUser: record('onSignInAsUser'),
		onDemo: record('onDemo'),
		onEdit: record('onEdit'),
		onDelete: record('onDelete'),
		onRename: record('onRename') as PickerCommands['onRename'],
		onQuit: record('onQuit'),
		onToggleGuide: record('onToggleGuide'),
		onPasteKey: record('onPasteKey'),
	};
	return {
		calls,
		get state() {
			return state;
		},
		press(...keypresses: Keypress[]) {
			for (const keypress of keypresses) {
				handlePickerKey(keypress, {
					state,
					entries: pickerEntries(list, state.filter.value, canTryDemo),
					pageSize,
					dispatch(action) {
						state = pickerReducer(state, action);
					},
					commands,
				});
			}
		},
		selected() {
			const entries = pickerEntries(list, state.filter.value, canTryDemo);
			const entry = entries[Math.min(state.cursor, entries.length - 1)];
			return entry?.kind === 'profile' ? entry.profile.name : entry?.kind;
		},
	};
}

describe('pickerEntries', () => {
	it('lists every profile, then New and Import, and the demo only when it can run', () => {
		assert.deepEqual(
			pickerEntries(profiles, '', false).map(entry => (entry.kind === 'profile' ? entry.profile.name : entry.kind)),
			['sub1', 'sub2', 'sub10', 'sub11', 'prod-eu', 'prod-us', 'new', 'user', 'import'],
		);
		assert.equal(pickerEntries(profiles, '', true).at(-1)?.kind, 'demo');
	});

	it('filters by name or host, ignoring case and the spaces around the filter, and never filters the fixed entries away', () => {
		const names = (filter: string) => pickerEntries(profiles, filter, false).map(entry => (entry.kind === 'profile' ? entry.profile.name : entry.kind));
		assert.deepEqual(names('sub1'), ['sub1', 'sub10', 'sub11', 'new', 'user', 'import']);
		assert.deepEqual(names(' PROD '), ['prod-eu', 'prod-us', 'new', 'user', 'import']);
		assert.deepEqual(names('sub2.authentication'), ['sub2', 'new', 'user', 'import'], 'the host matches too');
		assert.deepEqual(names('~nothing~'), ['new', 'user', 'import']);
	});
});

describe('the filter', () => {
	it('takes typed text, and drops control characters from it', () => {
		assert.equal(shownFilter(filterKeys(initialPickerState, text('su'), text('b\u0007\r1'))), 'sub1|');
	});

	it('is edited with the same keys as every text field', () => {
		const typedFilter = filterKeys(initialPickerState, ...typed('prod eu'));
		assert.equal(shownFilter(filterKeys(typedFilter, key('backspace'))), 'prod e|');
		assert.equal(shownFilter(filterKeys(typedFilter, key('left'), key('left'), key('delete'))), 'prod |u');
		assert.equal(shownFilter(filterKeys(typedFilter, key('a', {ctrl: true}), text('x'))), 'x|prod eu');
		assert.equal(shownFilter(filterKeys(typedFilter, key('a', {ctrl: true}), key('e', {ctrl: true}))), 'prod eu|');
		assert.equal(shownFilter(filterKeys(typedFilter, key('w', {ctrl: true}))), 'prod |');
		assert.equal(shownFilter(filterKeys(typedFilter, key('u', {ctrl: true}))), '|');
		assert.equal(shownFilter(filterKeys(typedFilter, key('left', {ctrl: true}), key('k', {ctrl: true}))), 'prod |');
		assert.equal(shownFilter(filterKeys(typedFilter, key('backspace', {meta: true}))), 'prod |');
		assert.equal(shownFilter(filterKeys(typedFilter, key('b', {meta: true}), key('d', {meta: true}))), 'prod |');
	});

	it('never types a letter for a Ctrl or Alt key', () => {
		const state = filterKeys(initialPickerState, text('ab'), key('z', {ctrl: true}), key('x', {meta: true}), key('q', {ctrl: true}), key('unknown'));
		assert.equal(shownFilter(state), 'ab|');
	});

	it('puts the list cursor back on the first entry whenever the filter text changes', () => {
		const moved = reduce(initialPickerState, {type: 'move', delta: 3, entryCount: 8});
		assert.equal(moved.cursor, 3);
		assert.equal(filterKeys(moved, text('s')).cursor, 0, 'typing');
		const filtered = reduce(filterKeys(initialPickerState, ...typed('sub')), {type: 'move', delta: 2, entryCount: 6});
		assert.equal(filterKeys(filtered, key('backspace')).cursor, 0, 'Backspace');
		assert.equal(filterKeys(filtered, key('u', {ctrl: true})).cursor, 0, 'Ctrl+U');
		assert.equal(reduce(filtered, {type: 'filter-clear'}).cursor, 0, 'Esc');
	});

	it('keeps the list cursor where it is for keys that only move in the filter, or change nothing', () => {
		const filtered = reduce(filterKeys(initialPickerState, ...typed('sub')), {type: 'move', delta: 2, entryCount: 6});
		assert.equal(filterKeys(filtered, key('left')).cursor, 2);
		assert.equal(filterKeys(filtered, key('a', {ctrl: true})).cursor, 2);
		assert.equal(filterKeys(filtered, key('delete')).cursor, 2, 'Delete at the end deletes nothing');
		assert.equal(filterKeys(filtered, key('z', {ctrl: true})), filtered, 'an ignored key gives back the same state');
	});

	it('is emptied by filter-clear', () => {
		const cleared = reduce(filterKeys(initialPickerState, ...typed('sub')), {type: 'filter-clear'});
		assert.deepEqual(cleared.filter, {value: '', cursor: 0});
	});
});

describe('moving the list cursor', () => {
	it('moves by a delta and stops at the first and the last entry', () => {
		assert.equal(reduce(initialPickerState, {type: 'move', delta: -1, entryCount: 5}).cursor, 0);
		assert.equal(reduce(initialPickerState, {type: 'move', delta: 1, entryCount: 5}).cursor, 1);
		assert.equal(reduce(initialPickerState, {type: 'move', delta: 100, entryCount: 5}).cursor, 4);
		assert.equal(reduce(initialPickerState, {type: 'move', delta: 4, entryCount: 5}, {type: 'move', delta: -100, entryCount: 5}).cursor, 0);
	});

	it('moves to an index, clamped to the list', () => {
		assert.equal(reduce(initialPickerState, {type: 'move-to', index: 3, entryCount: 5}).cursor, 3);
		assert.equal(reduce(initialPickerState, {type: 'move-to', index: 99, entryCount: 5}).cursor, 4);
		assert.equal(reduce(initialPickerState, {type: 'move-to', index: -4, entryCount: 5}).cursor, 0);
		assert.equal(reduce(initialPickerState, {type: 'move-to', index: 3, entryCount: 0}).cursor, 0);
	});

	it('always lands on an entry, whatever the moves', () => {
		const moveArb = fc.oneof(
			fc.record({type: fc.constant('move' as const), delta: fc.integer({min: -50, max: 50})}),
			fc.record({type: fc.constant('move-to' as const), index: fc.integer({min: -50, max: 50})}),
		);
		fc.assert(
			fc.property(fc.integer({min: 1, max: 40}), fc.array(moveArb, {maxLength: 10}), (entryCount, moves) => {
				const state = reduce(initialPickerState, ...moves.map(move => ({...move, entryCount})));
				assert.ok(state.cursor >= 0 && state.cursor < entryCount, `cursor ${state.cursor} of ${entryCount}`);
			}),
		);
	});
});

describe('handlePickerKey', () => {
	it('moves with Up and Down, a page with PgUp and PgDn, and to the ends with Home and End, clamped', () => {
		const run = picker({pageSize: 3});
		run.press(key('pagedown'));
		assert.equal(run.state.cursor, 3);
		run.press(key('pagedown'), key('pagedown'));
		assert.equal(run.state.cursor, 8, 'PgDn stops at the last entry');
		run.press(key('pageup'));
		assert.equal(run.state.cursor, 5);
		run.press(key('pageup'), key('pageup'));
		assert.equal(run.state.cursor, 0, 'PgUp stops at the first');
		run.press(key('end'));
		assert.equal(run.selected(), 'import');
		run.press(key('down'));
		assert.equal(run.selected(), 'import');
		run.press(key('home'), key('up'));
		assert.equal(run.selected(), 'sub1');
	});

	it('moves over the filtered list only', () => {
		const run = picker();
		run.press(...typed('prod'), key('end'));
		assert.equal(run.selected(), 'import');
		run.press(key('home'), key('down'));
		assert.equal(run.selected(), 'prod-us');
	});

	it('chooses sub10 for the burst "sub1", Down, Enter, as the same keys typed slowly would', () => {
		const run = picker();
		run.press(text('sub1'), key('down'), key('return'));
		assert.deepEqual(run.calls, [['onChoose', 'sub10']]);
	});

	it('opens New profile through a filter that matches nothing', () => {
		const run = picker();
		run.press(...typed('~no~'), key('return'));
		assert.deepEqual(run.calls, [['onNew']]);
	});

	it('clears the filter with Esc, and then letters are commands again', () => {
		const run = picker();
		run.press(...typed('sub'), key('escape'));
		assert.equal(run.state.filter.value, '');
		run.press(key('down'), text('e'));
		assert.deepEqual(run.calls, [['onEdit', 'sub2']]);
	});

	it('types d, r, e and q into a filter that has text, instead of acting on them', () => {
		const run = picker();
		run.press(text('p'), text('r'), text('o'), text('d'), text('-'), text('e'), text('q'));
		assert.equal(run.state.filter.value, 'prod-eq');
		assert.deepEqual(run.calls, []);
	});

	it('opens the wizard with a service key pasted into the filter, and never keeps it as filter text', () => {
		const keyText = serviceKeyText({url: 'https://x.authentication.eu10.hana.ondemand.com', clientid: 'sb-x!t1', clientsecret: realSecretLike}, 'plain');
		for (const isPaste of [true, false]) {
			const run = picker();
			run.press(text('su'), text(keyText, isPaste));
			assert.deepEqual(run.calls, [['onPasteKey', keyText]]);
			assert.ok(!JSON.stringify(run.state).includes(realSecretLike));
		}
	});

	it('opens the wizard with a service key pasted into a rename, closing the dialog', () => {
		const keyText = serviceKeyText({url: 'https://x.authentication.eu10.hana.ondemand.com', clientid: 'sb-x!t1', clientsecret: realSecretLike}, 'cf-service-key');
		const run = picker();
		run.press(text('r'));
		assert.equal(run.state.mode.kind, 'rename');
		run.press(text(keyText, true));
		assert.deepEqual(run.calls, [['onPasteKey', keyText]]);
		assert.equal(run.state.mode.kind, 'browse');
		assert.ok(!JSON.stringify(run.state).includes(realSecretLike));
	});

	describe('rename', () => {
		it('starts with the name, edited with the same keys as every field, and submits the trimmed name', () => {
			const run = picker();
			run.press(key('down'), text('r'));
			assert.deepEqual(run.state.mode, {kind: 'rename', name: 'sub2', field: {value: 'sub2', cursor: 4}});
			run.press(key('backspace'), text('3'), key('a', {ctrl: true}), text('my-'), key('e', {ctrl: true}), key('w', {ctrl: true}), ...typed('new '));
			assert.ok(run.state.mode.kind === 'rename');
			assert.equal(run.state.mode.field.value, 'new ');
			run.press(key('return'));
			assert.deepEqual(run.calls, [['onRename', 'sub2', 'new']]);
		});

		it('closes with Esc and keeps the filter and list as they were', () => {
			const run = picker();
			run.press(key('down'), text('r'), text('x'), key('escape'));
			assert.equal(run.state.mode.kind, 'browse');
			assert.equal(run.state.cursor, 1);
			assert.deepEqual(run.calls, []);
		});

		it('shows a rename problem until the name changes', () => {
			const state = reduce(initialPickerState, {type: 'ask-rename', name: 'sub1'}, {type: 'rename-failed', problem: 'taken'});
			assert.ok(state.mode.kind === 'rename' && state.mode.problem === 'taken');
			const moved = reduce(state, {type: 'rename-key', keypress: key('left')});
			assert.ok(moved.mode.kind === 'rename' && moved.mode.problem === 'taken', 'moving the cursor is no new name');
			const edited = reduce(state, {type: 'rename-key', keypress: text('x')});
			assert.ok(edited.mode.kind === 'rename' && edited.mode.problem === undefined);
		});
	});

	describe('delete', () => {
		it('deletes only on y, and any other key keeps the profile', () => {
			const run = picker();
			run.press(text('d'), text('n'));
			assert.equal(run.state.mode.kind, 'browse');
			run.press(text('d'), key('return'));
			run.press(text('d'), text('y'));
			assert.deepEqual(run.calls, [['onDelete', 'sub1']]);
		});
	});
});
