// What the guide says, written out as a user reads it, for the tests of the panel, the app and the terminal alike.

export const placeholderBrowserUrl = 'https://<subdomain>.authentication.<region>.hana.ondemand.com/oauth/token?grant_type=client_credentials';

export const glossaryLines = [
	'bearer: anyone holding it can use it',
	'scope: what the token lets you do',
	"jti: the token's unique id (for logs)",
	'expires_in: seconds left, 43199 = 12 h',
	'client credentials: an app, not a user',
];
