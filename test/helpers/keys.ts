// What a terminal sends for the keys the tests press, in-process and in a pseudo-terminal alike.
export const keys = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;
