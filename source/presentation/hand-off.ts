// The forms a token is handed to other tools in: pure functions of their text, shared by scripting mode and the result screen.

import {hasControlCharacters} from '../errors/server-text.js';
import {isLocalhostSubdomain, isLoopbackHost} from '../oauth/uaa-url.js';

/** refresh-token is the one way a refresh token is ever printed: only when asked for by name. */
export const handOffFormats = ['token', 'json', 'header', 'env', 'curl', 'refresh-token'] as const;

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
	// -g: curl would otherwise read {a,b} and [1-9] in the url as a list of urls and send the token to each.
	return `curl -g -H ${shellQuote(authorizationHeader(token))} ${shellQuote(apiUrl)}`;
}

export type ApiUrlProblem = 'not-a-url' | 'plain-http';

/** RFC 3986's characters only: no space, quote, brace, backslash, caret, backtick, bar or angle bracket. */
const urlCharacters = /^https?:\/\/[\w\-.~:/?#@!$&'()*+,;=%]+$/i;
/** Square brackets belong only around an IPv6 host; the check above sees that host without them. */
const ipv6Authority = /^(https?:\/\/(?:[^@/?#]*@)?)\[[\da-f:.]+\]/i;

/**
 * Why a service key's top-level url cannot go into a command, if it cannot: it goes into a shell command and onto
 * the terminal, so it must be one plain word of an http(s) url; and like the uaa url, plain http: only to loopback,
 * as the command would send the token unencrypted.
 */
export function apiUrlProblem(apiUrl: string): ApiUrlProblem | undefined {
	if (!urlCharacters.test(apiUrl.replace(ipv6Authority, '$1')) || hasControlCharacters(apiUrl) || !URL.canParse(apiUrl)) {
		return 'not-a-url';
	}

	const {protocol, hostname} = new URL(apiUrl);
	// curl itself sends every *.localhost name to loopback, so for the command, the name is enough.
	return protocol === 'http:' && !isLoopbackHost(hostname) && !isLocalhostSubdomain(hostname) ? 'plain-http' : undefined;
}
