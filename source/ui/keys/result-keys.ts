// The result screen's keys: the save dialog's while it asks, and the answer's (or the decoded token's) otherwise.

import {defaultProfileName} from '../../profiles/profile-file.js';
import {looksLikeServiceKey} from '../../service-key/parse-service-key.js';
import {anyKey, type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext, ScreenState} from './screen-context.js';

type Result = ScreenState<'result'>;

const isNaming = (state: Result) => state.save?.stage === 'name';
const isAskingSecret = (state: Result) => state.save?.stage === 'secret';
/** The answer's keys, also while a save is under way: keys typed after y in one burst act as they would a moment later. */
const isAnswer = (state: Result) => !isNaming(state) && !isAskingSecret(state);
const onAnswer = (hint: string) => (state: Result) => (isAnswer(state) && !state.isInspecting ? hint : undefined);

export const resultKeys: KeyTable<Result, ScreenContext> = [
	// The name field of the save dialog.
	{keys: 'Enter', hint: state => (isNaming(state) ? 'save' : undefined), matches: (keypress, _text, state) => isNaming(state) && named('return')(keypress), run: (_state, {dispatch, profileNames}) => dispatch({type: 'save-name-submit', takenNames: profileNames()})},
	{keys: 'Esc', hint: state => (isNaming(state) ? 'cancel' : undefined), matches: (keypress, _text, state) => isNaming(state) && named('escape')(keypress), run: (_state, {dispatch}) => dispatch({type: 'save-cancel'})},
	{
		keys: '',
		// A key pasted here would become a name on screen; it is dropped, and the name stays as it was.
		matches: (keypress, _text, state) => isNaming(state) && keypress.kind === 'text' && looksLikeServiceKey(keypress.text),
		run: (_state, {dispatch}) => dispatch({type: 'save-name-submit', problem: 'That looks like a service key, not a name; it was not kept. Type a name for the profile.'}),
	},
	{keys: '', matches: (_keypress, _text, state) => isNaming(state), run: (_state, {dispatch}, keypress) => dispatch({type: 'key', keypress})},
	// Whether to keep the secret.
	{keys: 'y', hint: state => (isAskingSecret(state) ? 'store the secret too' : undefined), matches: (keypress, text, state) => isAskingSecret(state) && typed('y', 'Y')(keypress, text), run: (_state, {dispatch}) => dispatch({type: 'save-secret-answer', keepSecret: true})},
	{keys: 'n', hint: state => (isAskingSecret(state) ? 'do not store it' : undefined), matches: (keypress, text, state) => isAskingSecret(state) && typed('n', 'N')(keypress, text), run: (_state, {dispatch}) => dispatch({type: 'save-secret-answer', keepSecret: false})},
	{keys: 'Esc', hint: state => (isAskingSecret(state) ? 'cancel' : undefined), matches: (keypress, _text, state) => isAskingSecret(state) && named('escape')(keypress), run: (_state, {dispatch}) => dispatch({type: 'save-cancel'})},
	{keys: '', matches: (_keypress, _text, state) => isAskingSecret(state)},
	// The answer, or the decoded token in its place.
	{keys: 'i', hint: state => (isAnswer(state) && state.isInspecting ? 'back to the answer' : undefined), matches: (keypress, text, state) => Boolean(state.isInspecting) && (text === 'i' || named('escape')(keypress)), run: (_state, {dispatch}) => dispatch({type: 'toggle-inspect'})},
	{keys: 'v', hint: state => onAnswer(state.isRevealed ? 'hide token' : 'show token')(state), matches: typed('v'), run: (_state, {dispatch}) => dispatch({type: 'toggle-reveal'})},
	{keys: 'c', hint: state => (isAnswer(state) ? 'copy token' : undefined), matches: typed('c'), run: (_state, {dispatch}) => dispatch({type: 'copy-started', target: 'token'})},
	{keys: 'C', hint: onAnswer('copy curl command'), matches: typed('C'), run: (_state, {dispatch}) => dispatch({type: 'copy-started', target: 'curl'})},
	{keys: 'i', hint: onAnswer('what is inside'), matches: typed('i'), run: (_state, {dispatch, canVerify}) => dispatch({type: 'toggle-inspect', canVerify})},
	{
		keys: 's',
		hint: (state, {canSave}) => (canSave ? onAnswer('save as profile')(state) : undefined),
		matches: typed('s'),
		run(state, {canSave, isDemoValues, dispatch, notify, profileNames}) {
			if (canSave) {
				dispatch({type: 'save-start', name: defaultProfileName(state.values.url, profileNames())});
			} else if (isDemoValues) {
				notify('The practice server\'s values are not saved as a profile: they are the same for everyone and change each time --demo starts. Run uaa-token without --demo to save your own.');
			}
		},
	},
	{keys: 'g', hint: (state, {isTutorial}) => (state.signInAs || isTutorial ? undefined : onAnswer('user token')(state)), matches: (_keypress, text, state) => text === 'g' && !state.signInAs, run: (_state, {dispatch}) => dispatch({type: 'sign-in-as-user'})},
	{keys: 'R', hint: onAnswer('new token'), matches: typed('R'), run: (_state, {dispatch}) => dispatch({type: 'refresh'})},
	{keys: 'Esc', hint: (state, {hasProfiles}) => (hasProfiles ? onAnswer('profiles')(state) : undefined), matches: (keypress, _text, _state, {hasProfiles}) => hasProfiles && named('escape')(keypress), run: (_state, {dispatch}) => dispatch({type: 'open-picker'})},
	{keys: 'q', hint: state => (isAnswer(state) ? 'quit' : undefined), matches: typed('q'), run: (_state, {quit}) => quit()},
	{keys: '', matches: anyKey},
];
