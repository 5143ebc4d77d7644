// What a user token says about its user and its refresh token, for the result screen, the i view and --json.

import {decodeJwt} from '../oauth/decode-jwt.js';
import type {Token} from '../oauth/token-client.js';

/** The claims that say who a user token is for, in the order they are shown. */
export const userClaimNames = ['user_name', 'email', 'origin', 'given_name', 'family_name', 'user_uuid'] as const;

export function userClaimsOf(token: Token): Array<[string, string]> {
	const decoded = decodeJwt(token.accessToken);
	if (!decoded.isJwt) {
		return [];
	}

	return userClaimNames.flatMap(name => (typeof decoded.claims[name] === 'string' ? [[name, decoded.claims[name]]] : [])) as Array<[string, string]>;
}

/**
 * When the refresh token stops working, where it says: a JWT refresh token carries exp. XSUAA's are opaque (…-r),
 * and its answer names no lifetime, so theirs is unknown (UAA's default is 28 days, an app may set another).
 */
export function refreshExpiryOf(token: Token): number | undefined {
	if (token.refreshToken === undefined) {
		return undefined;
	}

	const decoded = decodeJwt(token.refreshToken);
	const exp = decoded.isJwt ? decoded.claims['exp'] : undefined;
	return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/** How a profile's token is had, for the picker and the result screen: "via browser", "via password"… */
export const signInLabels = {password: 'password', passcode: 'one-time passcode', code: 'browser'} as const;

/** A user profile in the picker: "user token for jane.doe@example.com via browser". */
export function userTokenLabel(signIn: {method: keyof typeof signInLabels; username?: string}): string {
	return `user token${signIn.username === undefined ? '' : ` for ${signIn.username}`} via ${signInLabels[signIn.method]}`;
}
