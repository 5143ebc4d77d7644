// The wizard step's keys: its field takes whatever no row before the last one takes.

import {keyFilePathToRead} from '../wizard-state.js';
import {anyKey, handledElsewhere, type KeyTable, named} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

type Step = ScreenState<'step'>;

/** Esc leaves a step for the one before it, or the profile list; at a new wizard's url step only when there are profiles. */
function backHint(state: Step, context: ScreenContext): string | undefined {
	const canGoBack = state.field !== 'url' || state.origin.kind === 'edit' || (state.origin.kind === 'new' && context.hasProfiles);
	if (!canGoBack) {
		return undefined;
	}

	return state.field === 'url' || state.origin.kind === 'profile' ? 'profiles' : 'back';
}

export const stepKeys: KeyTable<Step, ScreenContext> = [
	{
		keys: 'Enter',
		hint: 'next',
		matches: named('return'),
		run(state, {dispatch, readKeyFile}) {
			const path = keyFilePathToRead(state);
			dispatch({type: 'submit', ...(path === undefined ? {} : {keyFileText: readKeyFile(path)})});
		},
	},
	{
		keys: 'Esc',
		hint: backHint,
		matches: named('escape'),
		run(state, {dispatch, hasProfiles}) {
			// A pasted key is dropped first, so the picker opens only from an empty hand.
			dispatch({type: 'back', hasProfiles: hasProfiles && state.keyText === undefined});
		},
	},
	{
		keys: 'Tab',
		hint: (_state, {demoValueFor}) => (demoValueFor ? 'fill demo value' : undefined),
		matches: named('tab'),
		run(state, {dispatch, demoValueFor}) {
			if (demoValueFor && state.keyText === undefined) {
				dispatch({type: 'change', value: demoValueFor(state.field)});
			}
		},
	},
	{keys: 'Ctrl+C', hint: 'quit', matches: handledElsewhere},
	{
		keys: '',
		matches: anyKey,
		run(_state, {dispatch}, keypress) {
			dispatch({type: 'key', keypress});
		},
	},
];
