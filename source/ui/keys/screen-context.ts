// What a screen's keys may do beyond dispatching to the reducer: the app hands this to every key table.

import type {WizardAction, WizardState} from '../wizard-state.js';

export type ScreenContext = {
	readonly dispatch: (action: WizardAction) => void;
	readonly hasProfiles: boolean;
	/** The result screen offers s: a store is open and the values are new and not the practice server's. */
	readonly canSave: boolean;
	/** The app was given a way to verify tokens: i then checks the token against its zone's keys. */
	readonly canVerify: boolean;
	/** The values on screen are the practice server's, which are never saved. */
	readonly isDemoValues: boolean;
	/** --demo: Tab fills the step's field with this value. */
	readonly demoValueFor?: (field: Extract<WizardState, {screen: 'step'}>['field']) => string;
	/** --tutorial: the walk through the app's own token, whose key hints stay those of the browser tutorial's path. */
	readonly isTutorial?: boolean;
	/** --demo: the practice user, which Tab fills in at the user's steps. */
	readonly demoUser?: {username: string; password: string};
	readonly profileNames: () => string[];
	/** Reads a service key file named at the url step; undefined when it cannot be read. */
	readonly readKeyFile: (path: string) => string | undefined;
	/** A line above the screen, such as why the practice values are not saved. */
	readonly notify: (notice: string) => void;
	/** q: ends the app, with exit code 4 when a profile could not be written. */
	readonly quit: () => void;
	readonly exitWith: (exitCode: number, reason: string) => void;
};

export type ScreenState<Screen extends WizardState['screen']> = Extract<WizardState, {screen: Screen}>;
