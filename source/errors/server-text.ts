// Text that came from a server, made safe to show: a server must not be able to drive the terminal or to put a
// secret it echoes back on the screen.

import {cleanOutsideText, hasUnsafeCharacters, withoutUnsafeCharacters} from '../text/outside-text.js';

const maxServerTextLength = 300;

function escapeRegExp(text: string): string {
	return text.replaceAll(/[$()*+.?[\\\]^{|}]/g, '\\$&');
}

/**
 * Secrets shorter than this are cut only where they stand as a whole value (not inside a longer word): cut
 * everywhere, a secret "a" would shred every message, and a short one is as likely to be a word as an echo.
 */
const minSubstringSecretLength = 4;

/** The forms a secret takes as sent: raw, form-encoded (+ for space) and percent-encoded (%20). */
function secretForms(secret: string): string[] {
	return [...new Set([secret, new URLSearchParams({s: secret}).toString().slice(2), encodeURIComponent(secret)])];
}

/** Longer than this, a form is cut out as it is: a case-insensitive pattern of it may exceed what V8 compiles. */
const maxPatternLength = 1000;

/** A pattern of one form, in any letter case (%2f and %2F); a short secret's only as a whole value. */
function formPattern(form: string, flags: string): RegExp {
	const escaped = escapeRegExp(form);
	return new RegExp(form.length < minSubstringSecretLength ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped, flags);
}

type SecretMatcher = {cut: (text: string) => string; isInDecoded: (text: string) => boolean};

function matcherFor(secrets: readonly string[]): SecretMatcher {
	const forms = [...new Set(secrets.filter(secret => secret !== '').flatMap(secret => secretForms(secret)))];
	const long = forms.filter(form => form.length > maxPatternLength);
	const short = forms.filter(form => form.length <= maxPatternLength);
	const patterns = short.map(form => formPattern(form, 'giu'));
	return {
		cut(text) {
			let cut = text;
			for (const form of long) {
				cut = cut.split(form).join('[redacted]');
			}

			for (const pattern of patterns) {
				cut = cut.replace(pattern, '[redacted]');
			}

			return cut;
		},
		isInDecoded(text) {
			// Any run decodes to some bytes, and random bytes hold a one-letter secret "as a whole value" often: a short
			// secret counts only as all of the decoded text, or as the part after the colon of Basic's clientid:secret.
			return forms.some(form => (form.length < minSubstringSecretLength ? text === form || text.endsWith(`:${form}`) : text.includes(form)));
		},
	};
}

/** Runs of base64 or base64url characters long enough to hold a secret; a Basic header's credentials are one. */
const base64Run = /[A-Za-z\d+/_-]{4,}={0,2}/g;

/**
 * Cuts every base64 run that decodes to a secret in any of its forms: a Basic header echoed back carries
 * base64(clientid:secret). The run is decoded from each of its first four characters, since a server may glue it
 * to other letters and shift where its 4-character groups begin.
 */
function withoutEncodedSecrets(text: string, matcher: SecretMatcher): string {
	return text.replace(base64Run, run => {
		for (let offset = 0; offset < 4 && run.length - offset >= 4; offset++) {
			// Node's base64 decoder reads the url-safe alphabet as well and skips what it cannot read.
			if (matcher.isInDecoded(Buffer.from(run.slice(offset), 'base64').toString('latin1')) || matcher.isInDecoded(Buffer.from(run.slice(offset), 'base64').toString('utf8'))) {
				return '[redacted]';
			}
		}

		return run;
	});
}

export function hasControlCharacters(text: string): boolean {
	return hasUnsafeCharacters(text);
}

export function withoutControlCharacters(text: string): string {
	return withoutUnsafeCharacters(text);
}

/**
 * Cuts out secrets in every form a server may echo them in (raw, form- or percent-encoded, inside base64 as in a
 * Basic header), turns control characters into spaces and caps the length.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let redacted = text;
	if (secrets.some(secret => secret !== '')) {
		const matcher = matcherFor(secrets);
		redacted = withoutEncodedSecrets(matcher.cut(redacted), matcher);
	}

	redacted = cleanOutsideText(redacted);
	return redacted.length > maxServerTextLength ? `${redacted.slice(0, maxServerTextLength)}…` : redacted;
}

/** Fields of a Failure in uaa-token's own words (or Node's error codes), which its descriptions switch on. */
const vocabularyKeys = new Set(['kind', 'reason', 'what', 'code', 'variable']);

/**
 * Every string in a value (a Failure, say), cleaned as redactSecrets does; numbers, the shape, and the fields in
 * uaa-token's own vocabulary stay: a short secret such as "too" must not turn the reason "too-long" into another.
 */
export function redactedCopy<T>(value: T, secrets: readonly string[]): T {
	if (typeof value === 'string') {
		return redactSecrets(value, secrets) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => redactedCopy(item, secrets) as unknown) as T;
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, vocabularyKeys.has(key) ? item : redactedCopy(item, secrets)])) as T;
	}

	return value;
}
