// What both front-ends take from the command line for a token request.

import type {AuthMethodChoice} from '../oauth/client-auth.js';
import type {SignInMethod} from '../oauth/grants.js';

/** --grant password|passcode|code, with who and how: a user's token instead of the client's. */
export type UserSignInSettings = {method: SignInMethod; username?: string; origin?: string};

export type RequestSettings = {
	timeoutMs: number;
	authMethod: AuthMethodChoice;
	/** --ca: a PEM file of extra CA certificates. */
	caPath?: string;
	/** --service-key: a service key file, or - for stdin. */
	serviceKeyPath?: string;
	/** --insecure-storage: new profiles keep their secrets in their file, even where a system keychain is reachable. */
	newSecretsIn?: 'file';
	/** --grant: sign in as a user (new values only; a profile remembers its own sign-in). */
	userSignIn?: UserSignInSettings;
	/** --redirect-port: where the browser sign-in listens, http://localhost:PORT/callback. */
	redirectPort: number;
	/** Not --no-browser: the browser sign-in opens the system browser, besides showing the url. */
	shouldOpenBrowser: boolean;
	/** Lines for stderr about whitespace removed from or found inside --url and --client-id; never a value. Absent when empty. */
	notices?: string[];
};
