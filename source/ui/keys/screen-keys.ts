// Which key table a screen has. The picker keeps its own (picker/picker.tsx): its filter takes every key first.

import type {KeyHint} from '../key-hints.js';
import type {WizardState} from '../wizard-state.js';
import {confirmKeyKeys} from './confirm-key-keys.js';
import type {Keypress} from './decode-keys.js';
import {failureKeys} from './failure-keys.js';
import {handleKeyWith, hintsOf, type KeyTable} from './key-table.js';
import {resultKeys} from './result-keys.js';
import type {ScreenContext} from './screen-context.js';
import {signingInKeys} from './signing-in-keys.js';
import {stepKeys} from './step-keys.js';
import {chooseSignInKeys, userStepKeys} from './user-sign-in-keys.js';

type NonPicker = Exclude<WizardState, {screen: 'picker'}>;

function withTable<T>(state: NonPicker, use: <S extends NonPicker>(table: KeyTable<S, ScreenContext>, state: S) => T): T {
	switch (state.screen) {
		case 'step': {
			return use(stepKeys, state);
		}

		case 'signing-in': {
			return use(signingInKeys, state);
		}

		case 'result': {
			return use(resultKeys, state);
		}

		case 'failure': {
			return use(failureKeys, state);
		}

		case 'confirm-key': {
			return use(confirmKeyKeys, state);
		}

		case 'choose-sign-in': {
			return use(chooseSignInKeys, state);
		}

		case 'user-step': {
			return use(userStepKeys, state);
		}

		default: {
			const unhandled: never = state;
			return unhandled;
		}
	}
}

export function handleScreenKey(state: NonPicker, keypress: Keypress, context: ScreenContext): void {
	withTable(state, (table, screen) => handleKeyWith(table, keypress, screen, context));
}

export function screenKeyHints(state: NonPicker, context: ScreenContext): KeyHint[] {
	return withTable(state, (table, screen) => hintsOf(table, screen, context));
}
