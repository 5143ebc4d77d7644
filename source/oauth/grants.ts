// The grants uaa-token asks a token endpoint for: the client's own token, and a user's (by password, one-time passcode,
// authorization code with PKCE, or refresh token). Each becomes form fields beside the client's authentication.

/** How a person signs in for a user token; --grant names them so, client_credentials being the default. */
export type SignInMethod = 'password' | 'passcode' | 'code';
export type GrantChoice = 'client_credentials' | SignInMethod;
export const grantChoices: readonly GrantChoice[] = ['client_credentials', 'password', 'passcode', 'code'];

export type Grant =
	| {type: 'client_credentials'}
	/** origin: the identity provider's key, sent as login_hint; XSUAA allows the password grant only for OIDC providers. */
	| {type: 'password'; username: string; password: string; origin?: string}
	| {type: 'passcode'; passcode: string}
	| {type: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string}
	| {type: 'refresh_token'; refreshToken: string};

/** The grant_type a token of each grant says it came from (the JWT's grant_type claim, and --json's). */
export type GrantType = 'client_credentials' | 'password' | 'authorization_code' | 'refresh_token';

export const clientCredentialsGrant: Grant = {type: 'client_credentials'};

export function grantTypeOf(grant: Grant): GrantType {
	return grant.type === 'passcode' ? 'password' : grant.type;
}

/** login_hint as UAA reads it: a JSON object naming the origin, URL-encoded by the form itself. */
export function loginHint(origin: string): string {
	return JSON.stringify({origin});
}

export function grantFormFields(grant: Grant): Array<[string, string]> {
	switch (grant.type) {
		case 'client_credentials': {
			return [['grant_type', 'client_credentials']];
		}

		case 'password': {
			const fields: Array<[string, string]> = [
				['grant_type', 'password'],
				['username', grant.username],
				['password', grant.password],
			];
			return grant.origin === undefined ? fields : [...fields, ['login_hint', loginHint(grant.origin)]];
		}

		case 'passcode': {
			return [
				['grant_type', 'password'],
				['passcode', grant.passcode],
			];
		}

		case 'authorization_code': {
			return [
				['grant_type', 'authorization_code'],
				['code', grant.code],
				['redirect_uri', grant.redirectUri],
				['code_verifier', grant.codeVerifier],
			];
		}

		case 'refresh_token': {
			return [
				['grant_type', 'refresh_token'],
				['refresh_token', grant.refreshToken],
			];
		}
	}
}

/** What of a grant is secret: never shown, and cleaned out of anything a server says back. */
export function grantSecrets(grant: Grant): string[] {
	switch (grant.type) {
		case 'password': {
			return [grant.password];
		}

		case 'passcode': {
			return [grant.passcode];
		}

		case 'authorization_code': {
			return [grant.code, grant.codeVerifier];
		}

		case 'refresh_token': {
			return [grant.refreshToken];
		}

		default: {
			return [];
		}
	}
}

export type AuthorizeRequest = {clientId: string; redirectUri: string; state: string; codeChallenge: string; origin?: string};

/** Where the browser signs in: <url>/oauth/authorize with the PKCE challenge, as UAA's docs give it. */
export function authorizeUrlFor(baseUrl: string, request: AuthorizeRequest): string {
	const url = new URL(`${baseUrl.replace(/\/+$/, '')}/oauth/authorize`);
	url.search = new URLSearchParams({
		response_type: 'code',
		client_id: request.clientId,
		redirect_uri: request.redirectUri,
		state: request.state,
		code_challenge: request.codeChallenge,
		code_challenge_method: 'S256',
		...(request.origin === undefined ? {} : {login_hint: loginHint(request.origin)}),
	}).toString();
	return url.toString();
}

/** Where a person gets a one-time passcode: <url>/passcode, signing in there with any provider. */
export function passcodeUrlFor(baseUrl: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/passcode`;
}
