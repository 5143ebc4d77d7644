// The keys of the user's side: choosing how to sign in, and the user's steps, whose field takes the rest.

import {anyKey, handledElsewhere, type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

type Choose = ScreenState<'choose-sign-in'>;
type UserStepState = ScreenState<'user-step'>;

export const chooseSignInKeys: KeyTable<Choose, ScreenContext> = [
	{keys: 'b', hint: 'browser', matches: typed('b', 'B'), run: (_state, {dispatch}) => dispatch({type: 'choose-sign-in', method: 'code'})},
	{keys: 'p', hint: 'password', matches: typed('p', 'P'), run: (_state, {dispatch}) => dispatch({type: 'choose-sign-in', method: 'password'})},
	{keys: 'o', hint: 'one-time passcode', matches: typed('o', 'O'), run: (_state, {dispatch}) => dispatch({type: 'choose-sign-in', method: 'passcode'})},
	{keys: 'Esc', hint: 'back', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	{keys: 'q', hint: 'quit', matches: typed('q'), run: (_state, {quit}) => quit()},
	{keys: '', matches: anyKey},
];

export const userStepKeys: KeyTable<UserStepState, ScreenContext> = [
	{keys: 'Enter', hint: state => (state.field === 'username' ? 'next' : 'sign in'), matches: named('return'), run: (_state, {dispatch}) => dispatch({type: 'submit'})},
	{keys: 'Esc', hint: 'back', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	{
		keys: 'Tab',
		hint: (state, {demoUser}) => (demoUser && state.field !== 'passcode' ? 'fill demo value' : undefined),
		matches: named('tab'),
		run(state, {dispatch, demoUser}) {
			if (demoUser && state.field !== 'passcode') {
				dispatch({type: 'change', value: state.field === 'username' ? demoUser.username : demoUser.password});
			}
		},
	},
	{keys: 'Ctrl+C', hint: 'quit', matches: handledElsewhere},
	{keys: '', matches: anyKey, run: (_state, {dispatch}, keypress) => dispatch({type: 'key', keypress})},
];
