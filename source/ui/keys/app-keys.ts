// What every key goes through before a screen's table sees it: Ctrl+C, bursts split into single keys, the tutorial's
// intro, the guide's "?", and scrolling. One key is decided on the newest state, the one the key before it left,
// even when both came in one read; keys are never handled by components, whose handlers hold the screen drawn
// before the burst.

import {cancelledExitCode} from '../../errors/exit-codes.js';
import {looksLikeServiceKey} from '../../service-key/parse-service-key.js';
import type {KeyHint} from '../key-hints.js';
import type {WizardState} from '../wizard-state.js';
import {isKey, type Keypress} from './decode-keys.js';
import {handleKeyWith, hintsOf, type KeyTable, named, typed} from './key-table.js';
import type {ScreenContext} from './screen-context.js';
import {handleScreenKey, screenKeyHints} from './screen-keys.js';

export type AppKeyDependencies = {
	readonly getState: () => WizardState;
	readonly isIntroShown: () => boolean;
	readonly closeIntro: () => void;
	readonly toggleGuide: () => void;
	/** Scrolls for a key that scrolls here; says whether it did. lettersScroll: j and k scroll, as no field takes them. */
	readonly scroll: (key: {name: string; text?: string}, lettersScroll: boolean) => boolean;
	readonly exit: (exitCode?: number, reason?: string) => void;
	/** An exit was asked for and waits for its last frame: keys after it, in the same read too, are not acted on. */
	readonly isExiting: () => boolean;
	readonly screenContext: () => ScreenContext;
	readonly handlePickerKey: (keypress: Keypress) => void;
};

/**
 * Where "?" opens the guide: everywhere except in text the user is typing. An empty wizard field takes it (no url,
 * clientid or XSUAA secret starts with "?"); the picker handles it itself, as its filter listens to every key.
 */
export function isGuideKey(state: WizardState): boolean {
	switch (state.screen) {
		case 'step': {
			return state.values[state.field] === '' && state.keyText === undefined && !state.isKept;
		}

		case 'user-step': {
			return state.value === '';
		}

		case 'result': {
			return state.save?.stage !== 'name';
		}

		case 'picker': {
			return false;
		}

		default: {
			return true;
		}
	}
}

/** Whether the screen has a text field that takes a run of typed text whole. */
function hasTextField(state: WizardState): boolean {
	return state.screen === 'step' || state.screen === 'user-step' || (state.screen === 'result' && state.save?.stage === 'name');
}

/** The tutorial's intro, shown before the first step. */
const introKeys: KeyTable<undefined, AppKeyDependencies> = [
	{keys: 'Enter', hint: 'start', matches: named('return'), run: (_state, {closeIntro}) => closeIntro()},
	{keys: 'q', hint: 'quit', matches: typed('q'), run: (_state, {exit}) => exit()},
];

export function appKeyHints(state: WizardState, context: ScreenContext, {isIntroShown, isGuideOpen}: {isIntroShown: boolean; isGuideOpen: boolean}): KeyHint[] {
	if (isIntroShown) {
		return hintsOf(introKeys, undefined, undefined as unknown as AppKeyDependencies);
	}

	if (state.screen === 'picker') {
		return [];
	}

	const guideHint = {keys: '?', action: isGuideOpen && !(state.screen === 'result' && state.isRevealed) ? 'hide guide' : 'guide'};
	return [...screenKeyHints(state, context), ...(isGuideKey(state) ? [guideHint] : [])];
}

export function createKeyHandler(dependencies: AppKeyDependencies): (keypress: Keypress) => void {
	const {getState, isIntroShown, toggleGuide, scroll, exit} = dependencies;
	const handleKey = (keypress: Keypress): void => {
		if (dependencies.isExiting()) {
			return;
		}

		const state = getState();
		if (isKey(keypress, 'c', {ctrl: true})) {
			exit(cancelledExitCode, 'Cancelled.');
			return;
		}

		if (keypress.kind === 'text' && [...keypress.text].length > 1 && !hasTextField(state) && !(state.screen === 'picker' && looksLikeServiceKey(keypress.text))) {
			// Letters typed in a burst are keys one by one. A paste is not, nor a service key pasted on one line without
			// the terminal's paste marks: its letters would act as commands (s saves, c copies, y answers), secret and all.
			if (!keypress.isPaste && !looksLikeServiceKey(keypress.text)) {
				for (const character of keypress.text) {
					handleKey({kind: 'text', text: character, isPaste: false});
				}
			}

			return;
		}

		if (keypress.kind === 'text' && !keypress.isPaste && keypress.text.startsWith('?') && keypress.text.length > 1 && isGuideKey(state) && !isIntroShown()) {
			// A "?" that opens the guide does so also at the head of a burst; the rest is typed after it, as when slow.
			handleKey({kind: 'text', text: '?', isPaste: false});
			handleKey({kind: 'text', text: keypress.text.slice(1), isPaste: false});
			return;
		}

		const text = keypress.kind === 'text' ? keypress.text : '';
		// The scroll reducer reads j and k from a key's text where letters may scroll.
		const scrollKey = keypress.kind === 'key' ? keypress : {name: '', text};
		if (isIntroShown()) {
			if (!scroll(scrollKey, true)) {
				handleKeyWith(introKeys, keypress, undefined, dependencies);
			}

			return;
		}

		if (text === '?' && isGuideKey(state)) {
			toggleGuide();
			return;
		}

		if (state.screen === 'picker') {
			dependencies.handlePickerKey(keypress);
			return;
		}

		// Where a field has focus, Home and End move in it and j and k are typed; elsewhere they scroll too.
		const hasField = hasTextField(state);
		const isFieldKey = hasField && keypress.kind === 'key' && (keypress.name === 'home' || keypress.name === 'end');
		if (!isFieldKey && scroll(scrollKey, !hasField)) {
			return;
		}

		handleScreenKey(state, keypress, dependencies.screenContext());
	};

	return handleKey;
}
