// What the command line asks of the screens.

import type {RequestSettings} from '../core/request-settings.js';

export type InteractiveCommand = RequestSettings & {
	kind: 'interactive';
	isDemo: boolean;
	/** --tutorial: the browser tutorial's steps in order, with the guide panel open. */
	isTutorial: boolean;
	/** --screen-reader: Ink's linear output; INK_SCREEN_READER=true does the same. */
	isScreenReader: boolean;
	profile?: string;
	refresh: boolean;
	url?: string;
	clientId?: string;
};
