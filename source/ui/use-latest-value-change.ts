// ink-text-input builds each change on the value of a render that may be gone: text that arrives in several pieces
// (a terminal hands a paste over in pieces of 4 kB; fast typing on a busy machine) reaches a handler that has not yet
// seen the pieces before it, and would keep only the last. Appended text is rebuilt here on the newest value.

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

export function useLatestValueChange(renderedValue: string, onChange: (value: string) => void): (value: string) => void {
	// The values of the last few renders: a stale handler builds on one of them.
	const rendered = useRef<string[]>([renderedValue]);
	const latest = useRef(renderedValue);
	if (rendered.current.at(-1) !== renderedValue) {
		rendered.current = [...rendered.current, renderedValue].slice(-renderedValuesKept);
		latest.current = renderedValue;
	}

	return useCallback(
		(next: string) => {
			let value = next;
			if (!isSingleEditOf(next, latest.current)) {
				// A stale handler appended to an older value: the same text goes after the newest one.
				const base = rendered.current
					.filter(candidate => next.length > candidate.length && next.startsWith(candidate))
					.reduce<string | undefined>((longest, candidate) => (longest === undefined || candidate.length > longest.length ? candidate : longest), undefined);
				value = base === undefined ? next : latest.current + next.slice(base.length);
			}

			latest.current = value;
			onChange(value);
		},
		[onChange],
	);
}
