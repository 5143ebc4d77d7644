// Text that came from a server, made safe to show: a server must not be able to drive the terminal or to put a
// secret it echoes back on the screen.

import {cleanOutsideText, hasUnsafeCharacters, withoutUnsafeCharacters} from '../format/outside-text.js';

const maxServerTextLength = 300;

function escapeRegExp(text: string): string {
	return text.replaceAll(/[$()*+.?[\\\]^{|}]/g, '\\$&');
}

/** The forms a secret takes when a server echoes it: as sent in a form body. */
function secretForms(secrets: readonly string[]): string[] {
	return [...new Set(secrets.filter(secret => secret.length >= 4).flatMap(secret => [secret, new URLSearchParams({s: secret}).toString().slice(2)]))];
}

/** Longer than this, a form is cut out as it is: a case-insensitive pattern of it may exceed what V8 compiles. */
const maxPatternLength = 1000;

/** The text with one form of a secret cut out, in any letter case. */
function withoutForm(text: string, form: string): string {
	if (form.length > text.length) {
		return text;
	}

	return form.length > maxPatternLength ? text.split(form).join('[redacted]') : text.replace(new RegExp(escapeRegExp(form), 'gi'), '[redacted]');
}

export function hasControlCharacters(text: string): boolean {
	return hasUnsafeCharacters(text);
}

export function withoutControlCharacters(text: string): string {
	return withoutUnsafeCharacters(text);
}

/** Cuts out secrets, turns control characters into spaces and caps the length. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let redacted = text;
	for (const form of secretForms(secrets)) {
		redacted = withoutForm(redacted, form);
	}

	redacted = cleanOutsideText(redacted);
	return redacted.length > maxServerTextLength ? `${redacted.slice(0, maxServerTextLength)}…` : redacted;
}

/** Every string in a value (a Failure, say), cleaned as redactSecrets does; numbers and the shape stay. */
export function redactedCopy<T>(value: T, secrets: readonly string[]): T {
	if (typeof value === 'string') {
		return redactSecrets(value, secrets) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => redactedCopy(item, secrets) as unknown) as T;
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactedCopy(item, secrets)])) as T;
	}

	return value;
}
