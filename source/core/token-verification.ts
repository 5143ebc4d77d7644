// Verifies a token for both front-ends: against the keys of the zone its credentials name, fetched through the same
// network as token requests (proxies, --ca). jose loads only here, and only when a token is to be verified.

import type {CredentialFields} from '../oauth/credentials.js';
import {fetchTokenKeys} from '../oauth/fetch-token.js';
import type {Token} from '../oauth/token-client.js';
import type {TokenVerification} from '../oauth/verify-token.js';

export type VerificationSettings = {
	/** --ca, which wins over the credentials' own. */
	ca?: string;
	env: NodeJS.ProcessEnv;
	timeoutMs: number;
	now: number;
};

export async function verifyTokenOf(token: Pick<Token, 'accessToken'>, fields: CredentialFields, settings: VerificationSettings): Promise<TokenVerification> {
	const {verifyToken} = await import('../oauth/verify-token.js');
	const ca = settings.ca ?? fields.ca;
	return verifyToken({
		accessToken: token.accessToken,
		url: fields.url,
		uaaDomain: fields.uaaDomain,
		clientId: fields.clientId,
		xsappname: fields.xsappname,
		now: settings.now,
		fetchKeys: async url => fetchTokenKeys(url, {ca, env: settings.env, timeoutMs: settings.timeoutMs}),
	});
}
