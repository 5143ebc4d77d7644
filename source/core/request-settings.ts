// What both front-ends take from the command line for a token request.

import type {AuthMethodChoice} from '../oauth/client-auth.js';

export type RequestSettings = {
	timeoutMs: number;
	authMethod: AuthMethodChoice;
	/** --ca: a PEM file of extra CA certificates. */
	caPath?: string;
	/** --service-key: a service key file, or - for stdin. */
	serviceKeyPath?: string;
	/** --insecure-storage: new profiles keep their secrets in their file, even where a system keychain is reachable. */
	newSecretsIn?: 'file';
	/** Lines for stderr about whitespace removed from or found inside --url and --client-id; never a value. Absent when empty. */
	notices?: string[];
};
