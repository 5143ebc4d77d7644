// What is said about saved profiles on either front-end.

/** --profile or profiles remove named a profile that is not there: which ones are. */
export function unknownProfileMessage(name: string, savedNames: readonly string[]): string {
	const known = savedNames.length === 0 ? 'There are no saved profiles yet.' : `Saved profiles: ${savedNames.join(', ')}.`;
	return `There is no profile named "${name}". ${known}`;
}
