// The keys while the token request is under way: Esc abandons it; c copies the browser sign-in's page while it is out.

import {handledElsewhere, type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

export const signingInKeys: KeyTable<ScreenState<'signing-in'>, ScreenContext> = [
	{keys: 'Esc', hint: 'cancel', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	// The browser sign-in's page, for a browser on another machine (over SSH), where the url wraps across rows.
	{keys: 'c', hint: state => (state.browser ? 'copy the page' : undefined), matches: (keypress, text, state) => Boolean(state.browser) && typed('c')(keypress, text), run: (_state, {dispatch}) => dispatch({type: 'copy-started', target: 'sign-in page'})},
	{keys: 'Ctrl+C', hint: 'quit', matches: handledElsewhere},
];
