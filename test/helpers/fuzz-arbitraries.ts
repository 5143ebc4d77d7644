// Shared fast-check generators for the fuzz suite: hostile text, secrets, failures, tokens and service keys.
// Ink does not export its input parser; the app's decoder reads exactly the events it produces, so keypressesOf uses it too.
import {createInputParser} from '../../node_modules/ink/build/input-parser.js';
import {createKeyDecoder, type Keypress} from '../../source/ui/keys/decode-keys.js';

import fc from 'fast-check';
import type {Failure, FailureKind} from '../../source/errors/failure.js';
import type {Token} from '../../source/oauth/token-client.js';

/** Shaped like a real XSUAA secret: +, $, / and = break naive encodings, so a leak of it is unmistakable. */
export const realSecretLike = 'Zq9+Uu$3/x=Secret';

export const failureKinds = [
	'bad-credentials',
	'oauth-error',
	'not-found',
	'html-page',
	'not-json',
	'no-access-token',
	'not-bearer',
	'redirect',
	'http-status',
	'insecure-http',
	'connection-refused',
	'connection-reset',
	'dns',
	'tls',
	'timeout',
	'proxy-refused',
	'proxy-unreachable',
	'proxy-misconfigured',
	'unusable-pem',
	'network',
	'answer-too-large',
	'bad-access-token',
	'proxy-unsupported',
	'waited-for-other-process',
	'user-refused',
	'sign-in-failed',
] as const satisfies readonly FailureKind[];

// Fails to compile when the taxonomy gains a kind this list lacks.
const isEveryKindListed: [Exclude<FailureKind, (typeof failureKinds)[number]>] extends [never] ? true : false = true;
void isEveryKindListed;

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64UrlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Secrets as XSUAA issues them: an instance secret (standard base64, may hold + and /) or a binding secret
 * (uuid$base64url=). Every generated secret is at least 20 characters and carries a uuid or "$", so random
 * server text or keystrokes never contain it by chance.
 */
export const secretArb: fc.Arbitrary<string> = fc.oneof(
	fc.constant(realSecretLike),
	fc
		.tuple(fc.uuid(), fc.string({unit: fc.constantFrom(...base64UrlAlphabet), minLength: 4, maxLength: 40}))
		.map(([uuid, tail]) => `${uuid}$${tail}=`),
	fc
		.tuple(fc.string({unit: fc.constantFrom(...base64Alphabet), minLength: 20, maxLength: 44}), fc.uuid())
		.map(([body, uuid]) => `${body}$${uuid.slice(0, 8)}==`),
);

const controlCharacter = fc.integer({min: 0, max: 0x1f}).map(code => String.fromCodePoint(code));
const c1Character = fc.integer({min: 0x7f, max: 0x9f}).map(code => String.fromCodePoint(code));

/** Escape sequences a terminal or a hostile paste might carry: CSI, OSC (title, clipboard, hyperlink), SS3, lone ESC. */
export const ansiSequenceArb: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(
		'\u001B[2J',
		'\u001B[H',
		'\u001B[31m',
		'\u001B[0m',
		'\u001B[1;31;42m',
		'\u001B[?25l',
		'\u001B[?1049h',
		'\u001B]0;pwned\u0007',
		'\u001B]52;c;cHduZWQ=\u0007',
		'\u001B]8;;https://evil.example.test\u001B\\link\u001B]8;;\u001B\\',
		'\u001BOA',
		'\u001B[200~',
		'\u001B[201~',
		'\u001B[3~',
		'\u001B[1;5C',
		'\u001Bc',
		'\u009B31m',
	),
	fc.tuple(fc.array(fc.nat({max: 999}), {maxLength: 4}), fc.constantFrom(...'ABCDHJKmsu~')).map(([parameters, final]) => `\u001B[${parameters.join(';')}${final}`),
);

/** Text a user could paste or a server could send: every kind of Unicode, controls, escapes, whitespace. */
export const nastyTextArb: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: fc.string({unit: 'grapheme', maxLength: 30}), weight: 3},
	{arbitrary: fc.string({unit: 'binary', maxLength: 30}), weight: 3},
	{arbitrary: fc.string({unit: 'grapheme-composite', maxLength: 10}), weight: 1},
	{arbitrary: fc.string({unit: controlCharacter, minLength: 1, maxLength: 6}), weight: 1},
	{arbitrary: fc.string({unit: c1Character, minLength: 1, maxLength: 4}), weight: 1},
	{arbitrary: ansiSequenceArb, weight: 2},
	{arbitrary: fc.constantFrom('', ' ', '   ', '\t', '\n', '\r\n', '\u00A0', '\u2028', '\u200B', '\uFEFF', ' \t \u3000 '), weight: 2},
	{
		// Astral emoji with joiners and skin tones, combining marks, right-to-left text and overrides.
		arbitrary: fc.constantFrom('🔑', '👩🏽‍💻', '🏳️‍🌈', 'e\u0301\u0302\u0303', 'Z̷̡̛̛a̸l̶g̵o̴', 'مرحبا بالعالم', 'שלום', '\u202Eterces\u202C', '\u2066x\u2069', '𝔘𝔄𝔄', '\uD83D', '\uDC00'),
		weight: 2,
	},
	{arbitrary: fc.tuple(fc.string({maxLength: 5}), ansiSequenceArb, fc.string({maxLength: 5})).map(parts => parts.join('')), weight: 2},
);

/** A paste of about 10 kB, written in one chunk, of plain, unicode or hostile text. */
export const bigPasteArb: fc.Arbitrary<string> = fc
	.tuple(fc.constantFrom('x', 'é', '🔑', ' ', '\u001B[2J', 'ab\tc', '{"a":1}', 'https://'), fc.integer({min: 9000, max: 10_500}))
	.map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size));

/** Every string in a value, nested at any depth; for checking where a secret ended up. */
export function stringsIn(value: unknown, path: string[] = [], found: Array<{path: string[]; text: string}> = []): Array<{path: string[]; text: string}> {
	if (typeof value === 'string') {
		found.push({path, text: value});
	} else if (Array.isArray(value)) {
		for (const [index, item] of value.entries()) {
			stringsIn(item, [...path, String(index)], found);
		}
	} else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			found.push({path: [...path, `key:${key}`], text: key});
			stringsIn(item, [...path, key], found);
		}
	}

	return found;
}

/** The paths in value whose strings hold needle, for a message naming where a secret leaked. */
export function pathsHolding(value: unknown, needle: string): string[] {
	return stringsIn(value)
		.filter(({text}) => text.includes(needle))
		.map(({path}) => path.join('.') || '(the value itself)');
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const controlCharacterPattern = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export const tokenArb: fc.Arbitrary<Token> = fc.record({
	accessToken: fc.oneof(fc.constant('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'), fc.string({minLength: 1, maxLength: 60}).filter(text => text.trim() !== '')),
	tokenType: fc.constant('bearer'),
	expiresIn: fc.option(fc.nat({max: 100_000}), {nil: undefined}),
	scopes: fc.array(fc.string({minLength: 1, maxLength: 20}), {maxLength: 4}),
	jti: fc.option(fc.string({unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32}), {nil: undefined}),
	authMethod: fc.constantFrom('post', 'basic', 'tls'),
	tokenUrl: fc.constantFrom('https://sub.authentication.eu10.hana.ondemand.com/oauth/token', 'http://127.0.0.1:8080/oauth/token'),
	receivedAt: fc.integer({min: 1_700_000_000_000, max: 1_900_000_000_000}),
	expiresAt: fc.option(fc.integer({min: 1_700_000_000_000, max: 1_900_000_000_000}), {nil: undefined}),
});

export type FailureTexts = {
	/** Text from the server's JSON body (error, error_description, field names, token_type): any Unicode, and it may echo the secret. */
	server: fc.Arbitrary<string>;
	/** Text from the server's status line and headers (Location, Content-Type): tab, printable ASCII and Latin-1, C1 controls included. */
	header: fc.Arbitrary<string>;
	/** Text from the user's own input or the machine: hosts, urls, error codes. */
	local: fc.Arbitrary<string>;
};

/** What Node's HTTP parser lets through in a header value or reason phrase: tab, printable ASCII, and bytes 0x80–0xFF read as Latin-1. */
export const headerTextArb: fc.Arbitrary<string> = fc.oneof(
	fc.string({maxLength: 30}),
	fc.string({unit: fc.oneof(fc.constant('\t'), fc.integer({min: 0x20, max: 0x7e}).map(code => String.fromCodePoint(code)), fc.integer({min: 0x80, max: 0xff}).map(code => String.fromCodePoint(code))), maxLength: 12}),
);

const defaultTexts: FailureTexts = {server: fc.string({maxLength: 40}), header: headerTextArb, local: fc.string({minLength: 1, maxLength: 40})};

/** One arbitrary per kind of the taxonomy, so a new kind fails to compile here until it is fuzzed too. */
export function failureArb({server, header, local}: FailureTexts = defaultTexts): fc.Arbitrary<Failure> {
	const status = fc.integer({min: 100, max: 599});
	const optionalServer = fc.option(server, {nil: undefined});
	const optionalHeader = fc.option(header, {nil: undefined});
	const host = fc.oneof(fc.constantFrom('127.0.0.1:8080', 'sub.authentication.eu10.hana.ondemand.com', '[::1]:443'), local);
	const byKind: {[Kind in FailureKind]: fc.Arbitrary<Extract<Failure, {kind: Kind}>>} = {
		'bad-credentials': fc.record({kind: fc.constant('bad-credentials'), status, error: optionalServer, description: optionalServer}, {requiredKeys: ['kind', 'status']}),
		'oauth-error': fc.record(
			{kind: fc.constant('oauth-error'), status, error: fc.oneof(fc.constantFrom('invalid_scope', 'unsupported_grant_type', 'invalid_request', 'invalid_client'), server), description: optionalServer},
			{requiredKeys: ['kind', 'status', 'error']},
		),
		'user-refused': fc.record(
			{kind: fc.constant('user-refused'), status, grant: fc.constantFrom('password', 'passcode', 'authorization_code', 'refresh_token'), error: optionalServer, description: optionalServer},
			{requiredKeys: ['kind', 'status', 'grant']},
		),
		'sign-in-failed': fc.record(
			{
				kind: fc.constant('sign-in-failed'),
				reason: fc.constantFrom('state-mismatch', 'denied', 'no-code', 'timeout', 'port-taken', 'invalid-redirect'),
				redirectUri: fc.oneof(fc.constant('http://localhost:8765/callback'), local),
				error: optionalServer,
				description: optionalServer,
				timeoutMs: fc.option(fc.nat({max: 10_000_000}), {nil: undefined}),
			},
			{requiredKeys: ['kind', 'reason', 'redirectUri']},
		),
		'waited-for-other-process': fc.record({kind: fc.constant('waited-for-other-process'), profile: local, timeoutMs: fc.integer({min: 100, max: 3_600_000})}),
		'not-found': fc.record({kind: fc.constant('not-found'), status: fc.constant(404 as const), tokenUrl: local}),
		'html-page': fc.record({kind: fc.constant('html-page'), status, tokenUrl: local}),
		'not-json': fc.record({kind: fc.constant('not-json'), status, contentType: optionalHeader}, {requiredKeys: ['kind', 'status']}),
		'no-access-token': fc.record({kind: fc.constant('no-access-token'), status, fields: fc.array(server, {maxLength: 10})}),
		'not-bearer': fc.record({kind: fc.constant('not-bearer'), tokenType: server}),
		redirect: fc.record({kind: fc.constant('redirect'), status: fc.integer({min: 300, max: 399}), location: optionalHeader}, {requiredKeys: ['kind', 'status']}),
		'http-status': fc.record(
			{
				kind: fc.constant('http-status'),
				status,
				statusText: optionalHeader,
				error: optionalServer,
				description: optionalServer,
				retryAfterSeconds: fc.option(fc.nat({max: 100_000}), {nil: undefined}),
			},
			{requiredKeys: ['kind', 'status']},
		),
		'insecure-http': fc.record({kind: fc.constant('insecure-http'), host}),
		'connection-refused': fc.record({kind: fc.constant('connection-refused'), host}),
		'connection-reset': fc.record({kind: fc.constant('connection-reset'), host}),
		dns: fc.record({kind: fc.constant('dns'), host}),
		tls: fc.record({
			kind: fc.constant('tls'),
			host,
			code: fc.oneof(fc.constantFrom('SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), local),
			reason: fc.constantFrom('untrusted', 'expired', 'hostname', 'client-certificate', 'plain-http', 'other'),
		}),
		timeout: fc.record(
			{kind: fc.constant('timeout'), timeoutMs: fc.nat({max: 10_000_000}), attempts: fc.option(fc.integer({min: 1, max: 5}), {nil: undefined}), isBudgetSpent: fc.option(fc.boolean(), {nil: undefined})},
			{requiredKeys: ['kind', 'timeoutMs']},
		),
		'proxy-refused': fc.record({kind: fc.constant('proxy-refused'), proxy: local, status: fc.option(status, {nil: undefined})}, {requiredKeys: ['kind', 'proxy']}),
		'proxy-unreachable': fc.record({kind: fc.constant('proxy-unreachable'), proxy: local, code: fc.option(local, {nil: undefined})}, {requiredKeys: ['kind', 'proxy']}),
		'proxy-misconfigured': fc.record({kind: fc.constant('proxy-misconfigured'), variable: fc.constantFrom('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy')}),
		'unusable-pem': fc.record({kind: fc.constant('unusable-pem'), what: fc.constantFrom('client-certificate', 'ca'), code: fc.option(local, {nil: undefined})}, {requiredKeys: ['kind', 'what']}),
		'answer-too-large': fc.record({kind: fc.constant('answer-too-large'), status, limitBytes: fc.integer({min: 1, max: 1 << 30})}),
		'bad-access-token': fc.record(
			{kind: fc.constant('bad-access-token'), status, reason: fc.constantFrom('too-long', 'not-b64token'), limitBytes: fc.option(fc.integer({min: 1, max: 1 << 30}), {nil: undefined})},
			{requiredKeys: ['kind', 'status', 'reason']},
		),
		'proxy-unsupported': fc.record({kind: fc.constant('proxy-unsupported'), variable: fc.constantFrom('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'), scheme: local}),
		network: fc.record({kind: fc.constant('network'), host, code: fc.option(fc.oneof(fc.constantFrom('BLOCKED_PORT', 'UNEXPECTED', 'EPROTO'), local), {nil: undefined})}, {requiredKeys: ['kind', 'host']}),
	};
	return fc.oneof(...Object.values(byKind));
}

export type KeyParts = {url: string; clientid: string; clientsecret: string};

/** A well-formed uaa section, as a service key writes it. */
export function uaaSection({url, clientid, clientsecret}: KeyParts): Record<string, unknown> {
	return {
		apiurl: 'https://api.authentication.eu10.hana.ondemand.com',
		clientid,
		clientsecret,
		'credential-type': 'binding-secret',
		identityzone: 'mysubaccount',
		tenantmode: 'dedicated',
		uaadomain: 'authentication.eu10.hana.ondemand.com',
		url,
		xsappname: 'app!t123',
	};
}

export type KeyWrapper = 'plain' | 'cf-service-key' | 'credentials' | 'vcap-services' | 'top-level-uaa';

/** The same uaa values in each wrapper a tool may print around them. */
export function serviceKeyText(parts: KeyParts, wrapper: KeyWrapper, indent: number | string | undefined = 2): string {
	const uaa = uaaSection(parts);
	const key = {url: 'https://service.cfapps.eu10.hana.ondemand.com', swagger: '/api-docs', uaa};
	switch (wrapper) {
		case 'plain': {
			return JSON.stringify(key, null, indent);
		}

		case 'cf-service-key': {
			return `Getting key my-key for service instance my-instance as me@example.test...\n\n${JSON.stringify(key, null, indent)}\n`;
		}

		case 'credentials': {
			return JSON.stringify({credentials: key}, null, indent);
		}

		case 'vcap-services': {
			return JSON.stringify({xsuaa: [{name: 'my-instance', label: 'xsuaa', credentials: uaa}]}, null, indent);
		}

		case 'top-level-uaa': {
			return JSON.stringify(uaa, null, indent);
		}

		default: {
			const unhandled: never = wrapper;
			return unhandled;
		}
	}
}

export const keyWrapperArb: fc.Arbitrary<KeyWrapper> = fc.constantFrom('plain', 'cf-service-key', 'credentials', 'vcap-services', 'top-level-uaa');

const namedKeys = ['return', 'tab', 'escape', 'backspace', 'delete', 'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'unknown'] as const;

/** One decoded key: text (typed or pasted) or a named key with any modifiers, readline letters included. */
export function keypressArb(textArb: fc.Arbitrary<string>): fc.Arbitrary<Keypress> {
	return fc.oneof(
		{arbitrary: fc.record({kind: fc.constant('text' as const), text: textArb, isPaste: fc.boolean()}), weight: 3},
		{
			arbitrary: fc.record({
				kind: fc.constant('key' as const),
				name: fc.constantFrom<string>(...namedKeys, 'a', 'e', 'u', 'k', 'w', 'b', 'f', 'd', 'h', 'z'),
				ctrl: fc.boolean(),
				meta: fc.boolean(),
				shift: fc.boolean(),
			}),
			weight: 3,
		},
	);
}

/** What a terminal sends for one key: editing keys, readline and Alt keys, arrows in both encodings, and letters. */
export const keyBytesArb: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: fc.constantFrom('a', 'b', 'q', 'v', 'i', 's', 'y', 'n', 'd', 'r', 'e', '?', '1', '+', '$', ' ', 'é'), weight: 4},
	{arbitrary: fc.constantFrom('\r', '\t', '\u007F', '\u001B[3~', '\u001B[A', '\u001B[B', '\u001B[C', '\u001B[D', '\u001BOA', '\u001BOB'), weight: 4},
	{arbitrary: fc.constantFrom('\u001B[H', '\u001B[F', '\u001B[1~', '\u001B[4~', '\u001B[5~', '\u001B[6~', '\u001B[1;5D', '\u001B[1;5C'), weight: 2},
	{arbitrary: fc.constantFrom('\u0001', '\u0005', '\u0015', '\u000B', '\u0017', '\u0002', '\u0006', '\u0004', '\u001B\u007F', '\u001Bb', '\u001Bf', '\u001Bd'), weight: 3},
	{arbitrary: fc.constantFrom('\u001B[200~pasted text\u001B[201~', '\u001B[200~ https://x.test \n\u001B[201~'), weight: 1},
	// Esc alone, Ctrl+H, Home and End in SS3, Alt and Ctrl+Alt with arrows in both of their encodings, Shift+Tab, Alt with an unbound letter.
	{arbitrary: fc.constantFrom('\u001B', '\b', '\u001BOH', '\u001BOF', '\u001B[1;3D', '\u001B[1;3C', '\u001B\u001B[D', '\u001B\u001B[C', '\u001B[1;7D', '\u001B[Z', '\u001Bx'), weight: 2},
);

/**
 * The keypresses the app gets for these reads from the terminal, through Ink's input parser and the app's decoder.
 * Reads that come together are parsed as one stream, an escape sequence split between them included; with isSlow each
 * read comes a turn of the event loop after the one before, so Ink flushes what is left unfinished (a lone Esc) as it is.
 */
export function keypressesOf(reads: readonly string[], {isSlow = false}: {isSlow?: boolean} = {}): Keypress[] {
	const parser = createInputParser();
	const decoder = createKeyDecoder();
	const keypresses: Keypress[] = [];
	for (const [index, read] of reads.entries()) {
		for (const event of parser.push(read)) {
			keypresses.push(...decoder.decode(event));
		}

		const pending = isSlow || index === reads.length - 1 ? parser.flushPendingEscape() : undefined;
		if (pending !== undefined) {
			keypresses.push(...decoder.decode(pending));
		}
	}

	return keypresses;
}

/** Typed text one character per keypress, as a field applies it; a paste stays whole. For comparing how reads were split. */
export function keypressPerCharacter(keypresses: readonly Keypress[]): Keypress[] {
	return keypresses.flatMap(keypress =>
		keypress.kind === 'text' && !keypress.isPaste ? [...keypress.text].map(character => ({kind: 'text' as const, text: character, isPaste: false})) : [keypress],
	);
}
