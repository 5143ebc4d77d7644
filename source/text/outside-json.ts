// JSON from outside (a token's claims, a server's answer, a service key, a profile file) parsed so that no key can
// change how the result behaves: every object has a null prototype, so "__proto__", "constructor" or "toString" are
// plain keys like any other, and a lookup of a name that is not there is undefined, never Object.prototype's member.

/** Deeper than this, outside JSON is refused: no real key, token or answer nests more than a few levels. */
export const maxJsonDepth = 64;

export class JsonTooDeepError extends Error {
	override readonly name = 'JsonTooDeepError';

	constructor() {
		super(`The JSON nests deeper than ${maxJsonDepth} levels.`);
	}
}

/**
 * The deepest nesting of objects and arrays in the text, counted over its characters without recursion, so that a
 * 10,000-level document is measured without exhausting the stack. Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let isInString = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (isInString) {
			if (code === 92 /* \ */) {
				index++;
			} else if (code === 34 /* " */) {
				isInString = false;
			}
		} else if (code === 34) {
			isInString = true;
		} else if (code === 123 /* { */ || code === 91 /* [ */) {
			depth++;
			deepest = Math.max(deepest, depth);
		} else if (code === 125 /* } */ || code === 93 /* ] */) {
			depth--;
		}
	}

	return deepest;
}

function withNullPrototype(_key: string, value: unknown): unknown {
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		// Object.assign onto a null-prototype target defines "__proto__" as an own key instead of setting a prototype.
		return Object.assign(Object.create(null) as Record<string, unknown>, value);
	}

	return value;
}

/**
 * JSON.parse with null-prototype objects. Throws SyntaxError as JSON.parse does, and JsonTooDeepError past
 * maxJsonDepth, before the reviver (which recurses) could run out of stack.
 */
export function parseOutsideJson(text: string): unknown {
	if (jsonDepth(text) > maxJsonDepth) {
		throw new JsonTooDeepError();
	}

	return JSON.parse(text, withNullPrototype) as unknown;
}

/** record[name] when the record holds it as its own key; for lookup tables that a claim's name must not escape. */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
	return Object.hasOwn(record, name) ? record[name] : undefined;
}
