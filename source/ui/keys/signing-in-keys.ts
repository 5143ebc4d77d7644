// The keys while the token request is under way: Esc abandons it.

import {handledElsewhere, type KeyTable, named} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

export const signingInKeys: KeyTable<ScreenState<'signing-in'>, ScreenContext> = [
	{keys: 'Esc', hint: 'cancel', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	{keys: 'Ctrl+C', hint: 'quit', matches: handledElsewhere},
];
