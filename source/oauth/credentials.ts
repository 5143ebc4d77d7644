// The two kinds of client credentials a service key carries, and how each becomes a token request.

export type SecretCredentials = {kind: 'secret'; url: string; clientId: string; clientSecret: string};
export type X509Credentials = {kind: 'x509'; url: string; certUrl: string; clientId: string; certificate: string; key: string};
export type Credentials = SecretCredentials | X509Credentials;

/** The base of the token url: X.509 keys authenticate at the certificate host (authentication.cert.…). */
export function tokenBaseUrl(credentials: Credentials): string {
	return credentials.kind === 'x509' ? credentials.certUrl : credentials.url;
}
