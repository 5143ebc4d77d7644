// How the client id and secret travel to the token endpoint: in the form body, or as HTTP Basic.

import {clientCredentialsGrant, type Grant, grantFormFields} from './grants.js';

/** post and basic carry a secret; tls is an X.509 key's client certificate, presented in the TLS handshake. */
export type ClientAuthMethod = 'post' | 'basic' | 'tls';
export type AuthMethodChoice = 'post' | 'basic' | 'auto';

export const authMethodChoices: readonly AuthMethodChoice[] = ['auto', 'post', 'basic'];

export const authMethodLabels: Record<ClientAuthMethod, string> = {
	post: 'client_secret_post (clientid and clientsecret in the form body)',
	basic: 'client_secret_basic (HTTP Basic, as the browser does)',
	tls: 'tls_client_auth (the X.509 client certificate, over mutual TLS)',
};

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks of both parts before Basic encoding. */
export function formUrlEncode(value: string): string {
	return new URLSearchParams([['', value]]).toString().slice(1);
}

export function basicAuthorization(clientId: string, clientSecret: string): string {
	const joined = `${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`;
	return `Basic ${Buffer.from(joined, 'utf8').toString('base64')}`;
}

export type TokenRequestParts = {headers: Record<string, string>; body: string};

/** Never both ways at once: UAA answers 401 to Basic and body credentials together. */
export function tokenRequestParts(method: ClientAuthMethod, clientId: string, clientSecret: string, grant: Grant = clientCredentialsGrant): TokenRequestParts {
	const headers: Record<string, string> = {
		'Content-Type': 'application/x-www-form-urlencoded',
		Accept: 'application/json',
	};
	const form = new URLSearchParams(grantFormFields(grant));
	if (method === 'post') {
		form.set('client_id', clientId);
		form.set('client_secret', clientSecret);
	} else if (method === 'tls') {
		// The certificate proves who the client is; the id still says which client it claims to be.
		form.set('client_id', clientId);
	} else {
		headers['Authorization'] = basicAuthorization(clientId, clientSecret);
		// UAA in its compatibility mode URL-decodes Basic credentials only when told they are encoded.
		headers['X-CF-ENCODED-CREDENTIALS'] = 'true';
	}

	return {headers, body: form.toString()};
}
