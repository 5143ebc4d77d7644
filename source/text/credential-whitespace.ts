// One rule for whitespace in url, clientid and clientsecret, wherever they come from: typed, pasted, env, stdin, a key file.

export type CredentialField = 'url' | 'clientid' | 'clientsecret';

export type CleanedCredential = {
	/** The value with leading and trailing whitespace, newlines and invisible characters removed. */
	value: string;
	/** True when something was removed from either end. */
	wasTrimmed: boolean;
	/** True when whitespace is left inside the value: kept, since it may be real, but worth a warning. */
	hasInnerWhitespace: boolean;
};

// Zero-width characters and the byte-order mark ride along with copies from web pages and editors, and no XSUAA value holds them.
const invisible = '\u200B\u200C\u200D\u2060\uFEFF';
const edges = new RegExp(`^[\\s${invisible}]+|[\\s${invisible}]+$`, 'gu');
const inner = new RegExp(`[\\s${invisible}]`, 'u');

/** Trims a credential value at both ends and says what it found; the value itself is never put in any message. */
export function cleanCredential(_field: CredentialField, raw: string): CleanedCredential {
	const value = raw.replaceAll(edges, '');
	return {value, wasTrimmed: value !== raw, hasInnerWhitespace: inner.test(value)};
}

/**
 * The lines to tell a user about a cleaned value, naming the field and where it came from but never the value,
 * e.g. `removed whitespace around the clientsecret from UAA_TOKEN_CLIENT_SECRET.`; empty when nothing is worth saying.
 */
export function credentialWhitespaceNotes(field: CredentialField | 'certurl', source: string, cleaned: CleanedCredential): string[] {
	const notes: string[] = [];
	if (cleaned.wasTrimmed) {
		notes.push(`removed whitespace around the ${field} from ${source}.`);
	}

	if (cleaned.hasInnerWhitespace) {
		notes.push(`the ${field} from ${source} has whitespace inside it; it is sent as is, but XSUAA values hold none, so check it was copied whole.`);
	}

	return notes;
}
