// ink-text-input builds each change on the value of a render that may be gone: keys or pieces of text that arrive
// before Ink renders again (a terminal hands a paste over in pieces of 4 kB; fast typing on a busy machine) reach a
// handler that has not seen the ones before them, and each would undo the last. Such an edit is replayed here on
// the newest value instead.

import {useCallback, useRef} from 'react';

const renderedValuesKept = 8;

function commonPrefixLength(a: string, b: string): number {
	let length = 0;
	while (length < a.length && length < b.length && a[length] === b[length]) {
		length++;
	}

	return length;
}

/** Whether next is value with one insertion or one deleted character, the only edits ink-text-input makes. */
export function isSingleEditOf(next: string, value: string): boolean {
	const [longer, shorter] = next.length >= value.length ? [next, value] : [value, next];
	if (next.length === value.length || (next.length < value.length && value.length - next.length !== 1)) {
		return next === value;
	}

	const prefix = commonPrefixLength(longer, shorter);
	return longer.endsWith(shorter.slice(prefix));
}

/**
 * The value an edit should leave: next as it is when it was made on the newest value, or, when it was made on an
 * older render's value, the same append or the same deletion at the end replayed on the newest value.
 * @param renderedValues The values of the last renders, oldest first.
 */
export function valueAfterEdit(next: string, renderedValues: readonly string[], latest: string): string {
	const base = [...renderedValues].reverse().find(candidate => isSingleEditOf(next, candidate));
	if (base === undefined || base === latest) {
		return next;
	}

	if (next.length > base.length && next.startsWith(base)) {
		return latest + next.slice(base.length);
	}

	if (next === base.slice(0, -1)) {
		return latest.slice(0, -1);
	}

	return next;
}

export function useLatestValueChange(renderedValue: string, onChange: (value: string) => void): (value: string) => void {
	const rendered = useRef<string[]>([renderedValue]);
	const latest = useRef(renderedValue);
	if (rendered.current.at(-1) !== renderedValue) {
		rendered.current = [...rendered.current, renderedValue].slice(-renderedValuesKept);
		latest.current = renderedValue;
	}

	return useCallback(
		(next: string) => {
			latest.current = valueAfterEdit(next, rendered.current, latest.current);
			onChange(latest.current);
		},
		[onChange],
	);
}
