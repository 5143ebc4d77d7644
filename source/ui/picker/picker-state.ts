// The profile picker's cursor, filter and dialogs as a pure reducer; the profiles themselves come in as data.

import {hostOfUrl} from '../../profiles/profile-host.js';
import type {Profile} from '../../profiles/profile-store.js';
import type {Keypress} from '../keys/decode-keys.js';
import {editTextField, type TextFieldState} from '../text-field/text-field-state.js';

export type PickerEntry = {kind: 'profile'; profile: Profile} | {kind: 'new'} | {kind: 'user'} | {kind: 'import'} | {kind: 'demo'};

export type PickerMode = {kind: 'browse'} | {kind: 'confirm-delete'; name: string} | {kind: 'rename'; name: string; field: TextFieldState; problem?: string};

export type PickerState = {cursor: number; filter: TextFieldState; mode: PickerMode};

export type PickerAction =
	| {type: 'move'; delta: number; entryCount: number}
	| {type: 'move-to'; index: number; entryCount: number}
	/** A key for the filter: typed text, or an editing key (Backspace, Ctrl+U, Ctrl+W…). */
	| {type: 'filter-key'; keypress: Keypress}
	| {type: 'filter-clear'}
	| {type: 'ask-delete'; name: string}
	| {type: 'ask-rename'; name: string}
	| {type: 'rename-key'; keypress: Keypress}
	| {type: 'rename-failed'; problem: string}
	| {type: 'close-dialog'}
	/** The picker opens afresh each time: no filter, the first entry. */
	| {type: 'reset'};

export const initialPickerState: PickerState = {cursor: 0, filter: {value: '', cursor: 0}, mode: {kind: 'browse'}};

/** Profiles matching the filter by name or host, then the fixed entries, which never filter away. */
export function pickerEntries(profiles: readonly Profile[], filter: string, canTryDemo: boolean): PickerEntry[] {
	const needle = filter.trim().toLowerCase();
	const matching = profiles.filter(profile => {
		if (needle === '') {
			return true;
		}

		// Parsed once per url, not once per profile per keystroke: with 1000 profiles that was most of a filter's repaint.
		const host = hostOfUrl(profile.url) ?? '';
		return profile.name.toLowerCase().includes(needle) || host.toLowerCase().includes(needle);
	});
	return [...matching.map(profile => ({kind: 'profile', profile}) as const), {kind: 'new'}, {kind: 'user'}, {kind: 'import'}, ...(canTryDemo ? [{kind: 'demo'} as const] : [])];
}

export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	switch (action.type) {
		case 'move': {
			const last = Math.max(0, action.entryCount - 1);
			return {...state, cursor: Math.min(last, Math.max(0, state.cursor + action.delta))};
		}

		case 'move-to': {
			return {...state, cursor: Math.min(Math.max(0, action.entryCount - 1), Math.max(0, action.index))};
		}

		case 'filter-key': {
			const edit = editTextField(state.filter, action.keypress);
			if (!edit.handled || (edit.field.value === state.filter.value && edit.field.cursor === state.filter.cursor)) {
				return state;
			}

			// A new filter shows a new list, whose first match is the one to choose.
			return {...state, filter: edit.field, cursor: edit.field.value === state.filter.value ? state.cursor : 0};
		}

		case 'filter-clear': {
			return {...state, filter: {value: '', cursor: 0}, cursor: 0};
		}

		case 'ask-delete': {
			return {...state, mode: {kind: 'confirm-delete', name: action.name}};
		}

		case 'ask-rename': {
			return {...state, mode: {kind: 'rename', name: action.name, field: {value: action.name, cursor: [...action.name].length}}};
		}

		case 'rename-key': {
			if (state.mode.kind !== 'rename') {
				return state;
			}

			const edit = editTextField(state.mode.field, action.keypress);
			return edit.handled ? {...state, mode: {...state.mode, field: edit.field, problem: edit.field.value === state.mode.field.value ? state.mode.problem : undefined}} : state;
		}

		case 'rename-failed': {
			return state.mode.kind === 'rename' ? {...state, mode: {...state.mode, problem: action.problem}} : state;
		}

		case 'close-dialog': {
			return state.mode.kind === 'browse' ? state : {...state, mode: {kind: 'browse'}};
		}

		case 'reset': {
			return initialPickerState;
		}

		default: {
			const unhandled: never = action;
			return unhandled;
		}
	}
}
