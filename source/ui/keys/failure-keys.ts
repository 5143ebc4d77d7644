// The failure screen's keys: Enter follows the next step the failure's description names.

import {describeFailure} from '../../presentation/describe-failure.js';
import {type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

type Failed = ScreenState<'failure'>;

const nextStepLabels = {'reenter-credentials': 're-enter clientid and clientsecret', 'edit-url': 'edit the url', retry: 'try again', 'sign-in-again': 'sign in again'} as const;

function enterHint(state: Failed): string {
	const {nextAction} = describeFailure(state.failure);
	// A saved profile asks only for its secret again.
	return nextAction === 'reenter-credentials' && state.origin.kind === 'profile' ? 're-enter clientsecret' : nextStepLabels[nextAction];
}

export const failureKeys: KeyTable<Failed, ScreenContext> = [
	{keys: 'Enter', hint: enterHint, matches: named('return'), run: (_state, {dispatch}) => dispatch({type: 'follow-next-step'})},
	{keys: 'r', hint: state => (describeFailure(state.failure).nextAction === 'retry' ? undefined : 'try again'), matches: typed('r'), run: (_state, {dispatch}) => dispatch({type: 'retry'})},
	{keys: 'Esc', hint: 'back', matches: named('escape'), run: (_state, {dispatch}) => dispatch({type: 'back'})},
	{
		keys: 'q',
		hint: 'quit',
		matches: typed('q'),
		run(state, {exitWith}) {
			const {exitCode, title} = describeFailure(state.failure);
			exitWith(exitCode, title);
		},
	},
];
