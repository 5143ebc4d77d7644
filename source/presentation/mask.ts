// Shows enough of a token to recognise it, and never enough to use it.

export function maskToken(token: string): string {
	// Below this length the first 8 and last 6 characters would give most of it away.
	if (token.length < 32) {
		return `${token.slice(0, 2)}…(${token.length} characters)`;
	}

	return `${token.slice(0, 8)}…${token.slice(-6)}`;
}
