// The one shape of client credentials, for every layer: what a token request needs (a client secret, or an X.509
// certificate and key), with what a service key or profile carries beside it. Every conversion between it and the
// shapes that hold credentials (a profile's fields, the wizard's text fields, a key's extras) is in this module.

import type {CredentialField} from '../text/credential-whitespace.js';

/** The X.509 material of a key whose credential-type is x509: the certificate authenticates instead of a secret. */
export type X509Material = {certUrl: string; certificate: string; key: string};

/** What a service key or profile carries beside what authenticates. */
export type CredentialExtras = {
	/** The service key's top-level url: the service's own API, which the curl hand-off calls. */
	serviceUrl?: string;
	/** Extra CA certificates (PEM) from --ca, trusted for these credentials' requests. */
	ca?: string;
	/** The service key's uaadomain: its host serves the keys that verify this client's tokens (token_keys). */
	uaaDomain?: string;
	/** The service key's xsappname: the app's name, an audience a token for this client may carry. */
	xsappname?: string;
};

export type SecretCredentials = CredentialExtras & {kind: 'secret'; url: string; clientId: string; clientSecret: string};
export type X509Credentials = CredentialExtras & X509Material & {kind: 'x509'; url: string; clientId: string};
export type Credentials = SecretCredentials | X509Credentials;

/** How a profile file holds credentials: flat, and the secret only when the user agreed to keep it. */
export type CredentialFields = CredentialExtras & Partial<X509Material> & {url: string; clientId: string; clientSecret?: string};

/**
 * The wizard's three text fields, named as the service key names them, because the screen shows those names
 * ("Enter the clientid"). They become Credentials only through credentialsFromValues.
 */
export type CredentialValues = Record<CredentialField, string>;

/** Beside the three values the wizard asks for: X.509 material that replaces the secret, and the extras. */
export type KeyExtras = CredentialExtras & {x509?: X509Material};

/** The base of the token url: X.509 keys authenticate at the certificate host (authentication.cert.…). */
export function tokenBaseUrl(credentials: Credentials): string {
	return credentials.kind === 'x509' ? credentials.certUrl : credentials.url;
}

export function x509Of(fields: CredentialFields): X509Material | undefined {
	const {certUrl, certificate, key} = fields;
	return certUrl !== undefined && certificate !== undefined && key !== undefined ? {certUrl, certificate, key} : undefined;
}

/** A profile's credentials: its X.509 material when it has some, else its url, clientid and the secret (saved, or given). */
export function credentialsFromFields(fields: CredentialFields, clientSecret = fields.clientSecret): Credentials | undefined {
	const extras = extrasOfFields(fields);
	const x509 = x509Of(fields);
	if (x509) {
		return {kind: 'x509', url: fields.url, clientId: fields.clientId, ...x509, ...extras};
	}

	return clientSecret === undefined ? undefined : {kind: 'secret', url: fields.url, clientId: fields.clientId, clientSecret, ...extras};
}

/** The fields a profile saves; the client secret only with keepSecret (an X.509 key always keeps its private key). */
export function fieldsFromCredentials(credentials: Credentials, {keepSecret}: {keepSecret: boolean}): CredentialFields {
	const fields: CredentialFields = {url: credentials.url, clientId: credentials.clientId, ...extrasOfFields(credentials)};
	if (credentials.kind === 'x509') {
		return {...fields, certUrl: credentials.certUrl, certificate: credentials.certificate, key: credentials.key};
	}

	return keepSecret ? {...fields, clientSecret: credentials.clientSecret} : fields;
}

/** The wizard's values and extras as credentials: an X.509 key's material wins over an (empty) secret field. */
export function credentialsFromValues(values: CredentialValues, extras: KeyExtras = {}): Credentials {
	const {x509, ...rest} = extras;
	const common = {url: values.url, clientId: values.clientid, ...extrasOfFields(rest)};
	return x509 ? {kind: 'x509', ...common, ...x509} : {kind: 'secret', ...common, clientSecret: values.clientsecret};
}

/** The wizard's text fields for saved fields or credentials; a secret that is not there is an empty field. */
export function valuesOfFields(fields: CredentialFields): CredentialValues {
	return {url: fields.url, clientid: fields.clientId, clientsecret: fields.clientSecret ?? ''};
}

/** What saved fields or credentials bring beside the wizard's three values. */
export function keyExtrasOf(fields: CredentialFields): KeyExtras {
	const x509 = x509Of(fields);
	return {...extrasOfFields(fields), ...(x509 ? {x509} : {})};
}

/** Only the extras that are set, so a saved file holds no empty keys. */
function extrasOfFields({serviceUrl, ca, uaaDomain, xsappname}: CredentialExtras): CredentialExtras {
	return {
		...(serviceUrl === undefined ? {} : {serviceUrl}),
		...(ca === undefined ? {} : {ca}),
		...(uaaDomain === undefined ? {} : {uaaDomain}),
		...(xsappname === undefined ? {} : {xsappname}),
	};
}
