// The profile picker's cursor, filter and dialogs as a pure reducer; the profiles themselves come in as data.

import type {Profile} from '../../profiles/profile-store.js';

export type PickerEntry = {kind: 'profile'; profile: Profile} | {kind: 'new'} | {kind: 'import'} | {kind: 'demo'};

export type PickerMode = {kind: 'browse'} | {kind: 'confirm-delete'; name: string} | {kind: 'rename'; name: string; value: string; problem?: string};

export type PickerState = {cursor: number; filter: string; mode: PickerMode};

export type PickerAction =
	| {type: 'move'; delta: number; entryCount: number}
	| {type: 'filter-type'; text: string}
	| {type: 'filter-erase'}
	| {type: 'filter-clear'}
	| {type: 'ask-delete'; name: string}
	| {type: 'ask-rename'; name: string}
	| {type: 'rename-change'; value: string}
	| {type: 'rename-failed'; problem: string}
	| {type: 'close-dialog'};

export const initialPickerState: PickerState = {cursor: 0, filter: '', mode: {kind: 'browse'}};

/** Profiles matching the filter by name or host, then the fixed entries, which never filter away. */
export function pickerEntries(profiles: readonly Profile[], filter: string, canTryDemo: boolean): PickerEntry[] {
	const needle = filter.trim().toLowerCase();
	const matching = profiles.filter(profile => {
		if (needle === '') {
			return true;
		}

		let host = '';
		try {
			host = new URL(profile.url).host;
		} catch {}

		return profile.name.toLowerCase().includes(needle) || host.toLowerCase().includes(needle);
	});
	return [...matching.map(profile => ({kind: 'profile', profile}) as const), {kind: 'new'}, {kind: 'import'}, ...(canTryDemo ? [{kind: 'demo'} as const] : [])];
}

export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
	switch (action.type) {
		case 'move': {
			const last = Math.max(0, action.entryCount - 1);
			return {...state, cursor: Math.min(last, Math.max(0, state.cursor + action.delta))};
		}

		case 'filter-type': {
			return {...state, filter: state.filter + action.text, cursor: 0};
		}

		case 'filter-erase': {
			return {...state, filter: state.filter.slice(0, -1), cursor: 0};
		}

		case 'filter-clear': {
			return {...state, filter: '', cursor: 0};
		}

		case 'ask-delete': {
			return {...state, mode: {kind: 'confirm-delete', name: action.name}};
		}

		case 'ask-rename': {
			return {...state, mode: {kind: 'rename', name: action.name, value: action.name}};
		}

		case 'rename-change': {
			return state.mode.kind === 'rename' ? {...state, mode: {...state.mode, value: action.value, problem: undefined}} : state;
		}

		case 'rename-failed': {
			return state.mode.kind === 'rename' ? {...state, mode: {...state.mode, problem: action.problem}} : state;
		}

		case 'close-dialog': {
			return {...state, mode: {kind: 'browse'}};
		}

		default: {
			const unhandled: never = action;
			return unhandled;
		}
	}
}
