// The forms a token is handed to other tools in: pure functions of their text, shared by scripting mode and the result screen.

export const handOffFormats = ['token', 'json', 'header', 'env', 'curl'] as const;

export type HandOffFormat = (typeof handOffFormats)[number];

export function isHandOffFormat(value: string): value is HandOffFormat {
	return (handOffFormats as readonly string[]).includes(value);
}

/** The name of the variable that --format env sets. */
export const tokenVariable = 'UAA_TOKEN';

/**
 * One word for POSIX shells (sh, bash, zsh), whatever it holds: inside single quotes nothing is special, and a
 * single quote itself is closed, escaped and reopened. Always quoted, so what scripts see never depends on the token.
 */
export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", String.raw`'\''`)}'`;
}

export function authorizationHeader(token: string): string {
	return `Authorization: Bearer ${token}`;
}

/** A line to eval: eval "$(uaa-token --profile p --format env)". */
export function envExport(token: string): string {
	return `export ${tokenVariable}=${shellQuote(token)}`;
}

/** curl and -H are written bare, as they are fixed words with nothing a shell would read; both values are quoted. */
export function curlCommand(token: string, apiUrl: string): string {
	return `curl -H ${shellQuote(authorizationHeader(token))} ${shellQuote(apiUrl)}`;
}
