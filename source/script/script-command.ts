// What the command line asks of the scripted path: a token in some format, or the profile list.

import type {RequestSettings} from '../core/request-settings.js';
import type {HandOffFormat} from '../presentation/hand-off.js';

/** Where a script's client secret comes from when there is no --client-secret-stdin; an argument would land in ps. */
export const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
/** A user's sign-in for scripts, from the environment or stdin, never an argument. */
export const usernameVariable = 'UAA_TOKEN_USERNAME';
export const passwordVariable = 'UAA_TOKEN_PASSWORD';
export const passcodeVariable = 'UAA_TOKEN_PASSCODE';

export type TokenCommand = RequestSettings & {
	kind: 'token';
	/** --print is --format token, --json is --format json. */
	format: HandOffFormat;
	/** --decode: add the JWT's header and claims to the JSON. */
	shouldDecode: boolean;
	/**
	 * --verify: check the token's signature, lifetime and audience, and end 0 (valid), 1 (invalid) or 3 (keys not
	 * reachable). alone: the report is the output, on stdout; beside: it goes to stderr, beside the format asked for.
	 */
	verification?: 'alone' | 'beside';
	refresh: boolean;
	/** Either a saved profile, or url and clientId with the secret from the environment or stdin. */
	profile?: string;
	url?: string;
	clientId?: string;
	isSecretFromStdin: boolean;
	/** --password-stdin or --passcode-stdin: the user's password or one-time passcode is on stdin. */
	userSecretFromStdin?: 'password' | 'passcode';
	saveAs?: string;
};

export type ScriptCommand =
	| TokenCommand
	| {kind: 'profiles-list'; isJson: boolean}
	| {kind: 'profiles-remove'; name: string}
	/** Moves the secrets of one profile, or of all, into the system keychain or back into their files. */
	| {kind: 'profiles-store-secrets'; to: 'keychain' | 'file'; name?: string};
