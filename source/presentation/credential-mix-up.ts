// Names the likely slip of putting the clientid where the clientsecret goes, or the other way round, before either is
// sent: a 401 says only "wrong credentials", while the shapes of XSUAA's values tell them apart.

import type {CredentialField} from '../text/credential-whitespace.js';

/** XSUAA clientids start with sb- or carry a plan marker such as !t1234 or !b5678. */
export function looksLikeClientId(value: string): boolean {
	return /^sb-/i.test(value) || /![a-z]\d+/i.test(value);
}

/**
 * Binding secrets are uuid$base64url=, and no clientid holds a "$"; older instance secrets are standard base64 of
 * 20 characters or more, mixing cases and digits as no clientid does.
 */
export function looksLikeClientSecret(value: string): boolean {
	if (looksLikeClientId(value) || /\s/.test(value)) {
		return false;
	}

	return value.includes('$') || (/^[A-Za-z\d+/]{20,}={0,2}$/.test(value) && /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value));
}

/** What to say when a value has the other field's shape, or undefined when it looks right or unknown. */
export function credentialMixUp(field: CredentialField, value: string): string | undefined {
	if (field === 'clientid' && looksLikeClientSecret(value)) {
		return 'This looks like a clientsecret (it has the shape of one), not a clientid, which usually starts with "sb-" and holds a marker such as "!t1234".';
	}

	if (field === 'clientsecret' && looksLikeClientId(value)) {
		return 'This looks like a clientid (it starts with "sb-" or holds a marker such as "!t1234"), not a clientsecret.';
	}

	return undefined;
}
