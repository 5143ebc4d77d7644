// The keys of the screen that shows what a service key holds before anything is sent.

import {handledElsewhere, type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

type Confirming = ScreenState<'confirm-key'>;

/** An X.509 key's values come with its certificate; there is nothing to edit by hand. */
const canEdit = (state: Confirming) => !state.extras?.x509;

export const confirmKeyKeys: KeyTable<Confirming, ScreenContext> = [
	{keys: 'Enter', hint: 'get a token', matches: named('return'), run: (_state, {dispatch}) => dispatch({type: 'confirm-key'})},
	{keys: 'e', hint: state => (canEdit(state) ? 'edit the values' : undefined), matches: (keypress, text, state) => canEdit(state) && typed('e')(keypress, text), run: (_state, {dispatch}) => dispatch({type: 'edit-key'})},
	{keys: 'Esc', hint: 'back', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	{keys: 'Ctrl+C', hint: 'quit', matches: handledElsewhere},
];
