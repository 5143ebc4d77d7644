// Reads a pasted or loaded SAP BTP service key into the credentials the token client needs, whatever wrapper the tool that printed it added.

import type {Credentials, SecretCredentials, X509Credentials} from '../oauth/credentials.js';
import {withoutControlCharacters} from '../errors/server-text.js';
import {JsonTooDeepError, maxJsonDepth, parseOutsideJson} from '../text/outside-json.js';
import {cleanOutsideText, hasUnsafeCharacters} from '../text/outside-text.js';
import {cleanCredential, credentialWhitespaceNotes} from '../text/credential-whitespace.js';
import {checkUaaUrl, isHostName} from '../oauth/uaa-url.js';

// One definition of the credential shapes, so a key read here is exactly what the token client takes.

export type ServiceKeyShape = 'plain' | 'cf-service-key' | 'credentials' | 'vcap-services' | 'top-level-uaa';

export type ServiceKey = {
	credentials: SecretCredentials | X509Credentials;
	/** The top-level service API url when the uaa section is nested (the key of a service such as Personalized Recommendation); undefined for a key of the XSUAA service itself. */
	serviceUrl?: string;
	/** The raw credential-type value when present. */
	credentialType?: string;
	/** Which wrapper was recognised, for the UI to mention. */
	shape: ServiceKeyShape;
	/** uaa.identityzone when present. */
	identityZone?: string;
	/** uaa.uaadomain, a host name: token_keys is served there. */
	uaaDomain?: string;
	/** uaa.xsappname: an audience the app's tokens carry. */
	xsappname?: string;
	/** What was done about whitespace around or inside url, certurl, clientid and clientsecret, one line each; never a value. */
	notices?: string[];
};

export type ServiceKeyResult = {ok: true; key: ServiceKey} | {ok: false; problem: string};

type JsonObject = Record<string, unknown>;
type Problem = {problem: string};

const byteOrderMark = '\uFEFF';
// A second key or a stray fragment after the object must be reported, but a cf CLI status word such as OK need not be.
const ignorableTrailingText = /^[^{}[\]":,]*$/;
const cfHeaderLine = /^getting keys? .+ for service instance /i;
const pemPattern = /-----BEGIN [^\n]+-----[\s\S]*-----END [^\n]+-----/;
const maxFieldNamesShown = 5;
/** A service key is a few kB; past this, text is not read as one. Also the most a key file or stdin delivers. */
export const maxServiceKeyCharacters = 1024 * 1024;

/**
 * True when text looks like a pasted service key rather than a url; used by the url step to detect a paste and hide it.
 * Any brace or double quote counts, wherever it is: no url holds one, and a key pasted after a few typed letters, or
 * the tail of a key whose start was lost, still holds a secret.
 */
/** The key's credentials with the service API url it carries beside them, as every caller uses them. */
export function credentialsOfKey(key: ServiceKey): Credentials {
	return {
		...key.credentials,
		...(key.serviceUrl === undefined ? {} : {serviceUrl: key.serviceUrl}),
		...(key.uaaDomain === undefined ? {} : {uaaDomain: key.uaaDomain}),
		...(key.xsappname === undefined ? {} : {xsappname: key.xsappname}),
	};
}

export function looksLikeServiceKey(text: string): boolean {
	const trimmed = stripByteOrderMark(text).trim();
	if (/[{}"]/.test(trimmed)) {
		return true;
	}

	// A paste can arrive in pieces, so the cf header alone already counts: otherwise its line break would be dropped before the JSON arrives.
	const firstLine = trimmed.split('\n', 1)[0] ?? '';
	return cfHeaderLine.test(firstLine) || findJsonStart(text) !== undefined;
}

export function parseServiceKey(text: string): ServiceKeyResult {
	if (text.length > maxServiceKeyCharacters) {
		return fail('This text is over 1 MiB, far more than a service key (a few kB). Check that the file or paste is the service key.');
	}

	if (stripByteOrderMark(text).trim() === '') {
		return fail('The service key is empty. Paste the whole key, from its first "{" to its last "}".');
	}

	const start = findJsonStart(text);
	if (start === undefined && stripByteOrderMark(text).trimStart().startsWith('[')) {
		return fail('The service key must be a JSON object in "{ }", but this is a "[ ]" list. Paste just the key, from its first "{" to its last "}".');
	}

	if (start === undefined) {
		return fail('No JSON object was found. Paste the whole service key, from its first "{" to its last "}".');
	}

	const parsed = parseJsonAt(text, start);
	if ('problem' in parsed) {
		return fail(parsed.problem);
	}

	if (!isObject(parsed.value)) {
		return fail(`The service key must be a JSON object in "{ }", but this is ${describeType(parsed.value)}.`);
	}

	const found = locateUaa(parsed.value);
	if ('problem' in found) {
		return fail(found.problem);
	}

	const read = readCredentials(found.uaa, found.where);
	if ('problem' in read) {
		return fail(read.problem);
	}

	const key: ServiceKey = {credentials: read.credentials, shape: hasCfHeader(text, start) ? 'cf-service-key' : found.shape};
	if (found.serviceUrl !== undefined) {
		// The service url ends up in hand-off commands, so it is used as it is or not at all.
		if (hasUnsafeCharacters(found.serviceUrl)) {
			return fail(unsafeFieldProblem('The service key', 'url'));
		}

		key.serviceUrl = found.serviceUrl;
	}

	if (read.credentialType !== undefined) {
		key.credentialType = cleanOutsideText(read.credentialType);
	}

	if (typeof found.uaa['identityzone'] === 'string' && found.uaa['identityzone'] !== '') {
		// Only shown, never sent: cleaned rather than refused.
		key.identityZone = cleanOutsideText(found.uaa['identityzone']);
	}

	// The host keys are fetched from, and an audience compared as it is: kept only when it is plainly one.
	const {uaadomain, xsappname} = found.uaa;
	if (typeof uaadomain === 'string' && isHostName(uaadomain.trim())) {
		key.uaaDomain = uaadomain.trim().toLowerCase();
	}

	if (typeof xsappname === 'string' && xsappname.trim() !== '' && !hasUnsafeCharacters(xsappname) && xsappname.length <= 256) {
		key.xsappname = xsappname.trim();
	}

	if (read.notices.length > 0) {
		key.notices = read.notices;
	}

	return {ok: true, key};
}

function fail(problem: string): ServiceKeyResult {
	// Problems quote field names from the pasted text, which must not reach the terminal as escape sequences.
	return {ok: false, problem: withoutControlCharacters(problem)};
}

function stripByteOrderMark(text: string): string {
	return text.startsWith(byteOrderMark) ? text.slice(1) : text;
}

function hasCfHeader(text: string, start: number): boolean {
	const firstLine = stripByteOrderMark(text.slice(0, start)).trim().split('\n', 1)[0] ?? '';
	return cfHeaderLine.test(firstLine);
}

/** The index in text of the "{" that opens the key: on the first line, or on the first line starting with one after cf's header. */
function findJsonStart(text: string): number | undefined {
	let lineStart = 0;
	while (lineStart <= text.length) {
		const lineEnd = text.indexOf('\n', lineStart);
		const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
		const indent = /^[\uFEFF\s]*/.exec(line)?.[0].length ?? 0;
		if (line[indent] === '{') {
			return lineStart + indent;
		}

		if (lineEnd === -1) {
			return undefined;
		}

		lineStart = lineEnd + 1;
	}

	return undefined;
}

// ---- JSON with locations the user can find in what they pasted ----

function parseJsonAt(text: string, start: number): {value: unknown} | Problem {
	const json = text.slice(start);
	try {
		return {value: parseOutsideJson(json)};
	} catch (error) {
		if (error instanceof JsonTooDeepError) {
			return {problem: `The service key nests deeper than ${maxJsonDepth} levels, which no service key does. Check that the file or paste is the service key.`};
		}

		const message = error instanceof Error ? error.message : String(error);
		const trailing = /^Unexpected non-whitespace character after JSON at position (\d+)/.exec(message);
		if (trailing) {
			const end = Number(trailing[1]);
			if (ignorableTrailingText.test(json.slice(end))) {
				return parseJsonAt(text.slice(0, start + end), start);
			}
		}

		return {problem: describeJsonError(text, start, json, message)};
	}
}

function describeJsonError(text: string, start: number, json: string, message: string): string {
	let reason: string;
	let position: number | undefined;
	const located = /^([\s\S]*?)(?: in JSON)? at position (\d+)/.exec(message);
	if (located) {
		reason = located[1]!;
		position = Number(located[2]);
	} else if (/^Unexpected end of JSON input/.test(message)) {
		reason = 'Unexpected end of JSON input';
		position = json.trimEnd().length;
	} else {
		// V8 quotes part of the text in these messages, which could be the secret, so only the offending character is kept.
		const token = /^Unexpected token '([\s\S]{1,2}?)', /.exec(message);
		reason = token ? `Unexpected token '${token[1]!}'` : 'Unexpected content';
		position = findSyntaxErrorPosition(json);
	}

	// Trailing blank lines would put an error at the end of the input on a line the user cannot see.
	const end = json.trimEnd().length;
	const isCutOff = position !== undefined && position >= end;
	if (isCutOff) {
		position = end;
	}

	const lowered = reason.charAt(0).toLowerCase() + reason.slice(1);
	const location = position === undefined ? '' : ` at ${lineAndColumn(text, start + position)}`;
	const hint = isCutOff ? ' It looks cut off: copy the key up to its last "}".' : '';
	return `The service key is not valid JSON: ${lowered}${location}.${hint}`;
}

function lineAndColumn(text: string, index: number): string {
	const before = text.slice(0, index);
	const line = before.split('\n').length;
	const lineStart = before.lastIndexOf('\n') + 1;
	// Editors do not show a byte order mark, so it takes no column.
	const column = index - lineStart + (lineStart === 0 && text.startsWith(byteOrderMark) ? 0 : 1);
	return `line ${line}, column ${column}`;
}

/** Where the first syntax error is, for the V8 messages that do not say; follows JSON's grammar closely enough to point at the same character. */
function findSyntaxErrorPosition(json: string): number | undefined {
	let index = 0;
	const stop = (): never => {
		throw new SyntaxStop(index);
	};

	const skipWhitespace = () => {
		while (index < json.length && ' \t\n\r'.includes(json[index]!)) {
			index++;
		}
	};

	const expect = (word: string) => {
		for (const char of word) {
			if (json[index] !== char) {
				stop();
			}

			index++;
		}
	};

	const readString = () => {
		index++;
		while (index < json.length && json[index] !== '"') {
			index += json[index] === '\\' ? 2 : 1;
		}

		if (index >= json.length) {
			stop();
		}

		index++;
	};

	const readValue = (): void => {
		skipWhitespace();
		const char = json[index];
		if (char === '{') {
			index++;
			skipWhitespace();
			if (json[index] === '}') {
				index++;
				return;
			}

			for (;;) {
				skipWhitespace();
				if (json[index] !== '"') {
					stop();
				}

				readString();
				skipWhitespace();
				expect(':');
				readValue();
				skipWhitespace();
				if (json[index] === '}') {
					index++;
					return;
				}

				expect(',');
			}
		}

		if (char === '[') {
			index++;
			skipWhitespace();
			if (json[index] === ']') {
				index++;
				return;
			}

			for (;;) {
				readValue();
				skipWhitespace();
				if (json[index] === ']') {
					index++;
					return;
				}

				expect(',');
			}
		}

		if (char === '"') {
			readString();
		} else if (char === 't') {
			expect('true');
		} else if (char === 'f') {
			expect('false');
		} else if (char === 'n') {
			expect('null');
		} else if (char !== undefined && /[-\d]/.test(char)) {
			const number = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(json.slice(index));
			index += number ? number[0].length : 0;
			if (!number) {
				stop();
			}
		} else {
			stop();
		}
	};

	try {
		readValue();
		skipWhitespace();
		return index < json.length ? index : undefined;
	} catch (error) {
		if (error instanceof SyntaxStop) {
			return Math.min(error.at, json.length);
		}

		throw error;
	}
}

class SyntaxStop {
	constructor(readonly at: number) {}
}

// ---- Finding the uaa fields inside whatever wrapper there is ----

type Located = {uaa: JsonObject; where: string; shape: ServiceKeyShape; serviceUrl?: string};

const uaaFieldNames = ['clientid', 'clientsecret', 'certificate', 'certurl'];

function hasTopLevelUaaFields(object: JsonObject): boolean {
	return uaaFieldNames.some(name => name in object);
}

function locateUaa(root: JsonObject): Located | Problem {
	const direct = locateInKey(root, 'The service key', 'plain');
	if (direct) {
		return direct;
	}

	if ('credentials' in root) {
		const inner = root['credentials'];
		if (!isObject(inner)) {
			return {problem: `The "credentials" section must be a JSON object, but it is ${describeType(inner)}.`};
		}

		return locateInKey(inner, 'The "credentials" section', 'credentials') ?? noUaaProblem(inner, 'the "credentials" section');
	}

	const fromVcap = locateInVcapServices(root);
	return fromVcap ?? noUaaProblem(root, 'the service key');
}

/** A key with a nested "uaa" section, or the uaa fields at its top level (a key of the XSUAA service itself). */
function locateInKey(key: JsonObject, where: string, nestedShape: ServiceKeyShape): Located | Problem | undefined {
	if ('uaa' in key) {
		const uaa = key['uaa'];
		if (!isObject(uaa)) {
			return {problem: `The "uaa" section must be a JSON object, but it is ${describeType(uaa)}.`};
		}

		const serviceUrl = typeof key['url'] === 'string' && key['url'].trim() !== '' ? key['url'].trim() : undefined;
		return {uaa, where: 'The "uaa" section', shape: nestedShape, serviceUrl};
	}

	if (hasTopLevelUaaFields(key)) {
		return {uaa: key, where, shape: nestedShape === 'plain' ? 'top-level-uaa' : nestedShape};
	}

	return undefined;
}

function locateInVcapServices(root: JsonObject): Located | Problem | undefined {
	const candidates: Array<{label: string; located: Located | Problem}> = [];
	for (const [label, entries] of Object.entries(root)) {
		if (!Array.isArray(entries) || entries.length === 0) {
			continue;
		}

		const first: unknown = entries[0];
		const credentials = isObject(first) ? first['credentials'] : undefined;
		if (label === 'xsuaa' && !isObject(credentials)) {
			return {problem: 'The first "xsuaa" entry has no "credentials" section. Paste the whole VCAP_SERVICES entry, or just its "credentials".'};
		}

		if (!isObject(credentials)) {
			continue;
		}

		const located = locateInKey(credentials, 'The "credentials" section', 'vcap-services');
		if (label === 'xsuaa') {
			return located ?? noUaaProblem(credentials, 'the "credentials" of the "xsuaa" entry');
		}

		if (located) {
			candidates.push({label, located});
		}
	}

	if (candidates.length > 1) {
		return {
			problem: `The VCAP_SERVICES text holds several services with uaa credentials (${listNames(candidates.map(candidate => candidate.label))}). Paste the credentials of just one of them.`,
		};
	}

	return candidates[0]?.located;
}

function noUaaProblem(object: JsonObject, where: string): Problem {
	const names = Object.keys(object);
	const found = names.length === 0 ? `${where}, which is empty` : `${where}, which has only ${listNames(names)}`;
	return {
		problem: `No "uaa" section was found in ${found}. The key must come from an XSUAA-protected service instance; such a key holds "uaa" with "url", "clientid" and "clientsecret".`,
	};
}

function listNames(names: string[]): string {
	const shown = names.slice(0, maxFieldNamesShown).map(name => `"${name}"`);
	const more = names.length - shown.length;
	return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

// ---- Reading and checking the credentials ----

type ReadCredentials = {credentials: SecretCredentials | X509Credentials; credentialType?: string; notices: string[]};

function readCredentials(uaa: JsonObject, where: string): ReadCredentials | Problem {
	const notices: string[] = [];
	const credentialType = uaa['credential-type'];
	if (credentialType !== undefined && typeof credentialType !== 'string') {
		return {problem: `${where} has a "credential-type" that is ${describeType(credentialType)}; it must be a string such as "binding-secret" or "x509".`};
	}

	const url = readUrl(uaa, where, 'url', notices);
	if ('problem' in url) {
		return url;
	}

	const clientId = readCredential(uaa, where, 'clientid', notices);
	if ('problem' in clientId) {
		return clientId;
	}

	const result = (credentials: SecretCredentials | X509Credentials): ReadCredentials =>
		credentialType === undefined ? {credentials, notices} : {credentials, credentialType, notices};

	if (isX509(uaa, credentialType)) {
		const certificate = readPem(uaa, where, 'certificate', 'a certificate');
		if ('problem' in certificate) {
			return certificate;
		}

		const key = readPem(uaa, where, 'key', 'a private key');
		if ('problem' in key) {
			return key;
		}

		const certUrl = readUrl(uaa, where, 'certurl', notices);
		if ('problem' in certUrl) {
			return certUrl;
		}

		return result({kind: 'x509', url: url.value, certUrl: certUrl.value, clientId: clientId.value, certificate: certificate.value, key: key.value});
	}

	const clientSecret = readCredential(uaa, where, 'clientsecret', notices);
	if ('problem' in clientSecret) {
		return clientSecret;
	}

	return result({kind: 'secret', url: url.value, clientId: clientId.value, clientSecret: clientSecret.value});
}

/** credential-type decides, except that an x509 key still carrying a secret but no certificate can only be used with the secret. */
function isX509(uaa: JsonObject, credentialType: string | undefined): boolean {
	const hasSecret = isPresent(uaa['clientsecret']);
	if (credentialType?.toLowerCase() === 'x509') {
		return !hasSecret || isPresent(uaa['certificate']);
	}

	return !hasSecret && (isPresent(uaa['certificate']) || isPresent(uaa['key']));
}

function readString(object: JsonObject, where: string, field: string): {value: string} | Problem {
	const value = object[field];
	if (!isPresent(value)) {
		return {problem: `${where} has no "${field}".`};
	}

	if (typeof value !== 'string') {
		return {problem: `${where} has a "${field}" that is ${describeType(value)}; it must be a string in double quotes.`};
	}

	if (value.trim() === '') {
		return {problem: `${where} has an empty "${field}".`};
	}

	return {value};
}

/** A url, clientid or clientsecret loses whitespace at its ends as a typed one does; notices say so, never showing it. */
function readCredential(object: JsonObject, where: string, field: 'url' | 'certurl' | 'clientid' | 'clientsecret', notices: string[]): {value: string} | Problem {
	const value = readString(object, where, field);
	if ('problem' in value) {
		return value;
	}

	const cleaned = cleanCredential(field === 'certurl' ? 'url' : field, value.value);
	// Values that are sent are used as they are or not at all: cleaning one would send something else than the key says.
	if (hasUnsafeCharacters(cleaned.value)) {
		return {problem: unsafeFieldProblem(where, field)};
	}

	notices.push(...credentialWhitespaceNotes(field, 'the service key', cleaned));
	return {value: cleaned.value};
}

function readUrl(object: JsonObject, where: string, field: 'url' | 'certurl', notices: string[]): {value: string} | Problem {
	const value = readCredential(object, where, field, notices);
	if ('problem' in value) {
		return value;
	}

	const check = checkUaaUrl(value.value);
	if (!check.isValid) {
		return {problem: `The uaa "${field}" in the service key is not usable: ${check.problem}`};
	}

	return {value: check.baseUrl};
}

function readPem(object: JsonObject, where: string, field: 'certificate' | 'key', what: string): {value: string} | Problem {
	const value = readString(object, where, field);
	if ('problem' in value) {
		return value;
	}

	// Keys copied from some tools keep the JSON escapes as text, and OpenSSL needs real line breaks.
	const pem = value.value.replaceAll('\\r\\n', '\n').replaceAll('\\n', '\n').replaceAll('\r\n', '\n').trim();
	if (hasUnsafeCharacters(pem.replaceAll('\n', ''))) {
		return {problem: unsafeFieldProblem(where, field)};
	}

	if (!pemPattern.test(pem)) {
		return {problem: `${where} has a "${field}" that is not ${what} in PEM form: it must run from a "-----BEGIN ..." line to an "-----END ..." line.`};
	}

	return {value: pem};
}

function unsafeFieldProblem(where: string, field: string): string {
	return `${where} has a "${field}" holding control characters or escape sequences, which no real service key has. It is not used; copy the service key again from the SAP BTP cockpit or with "cf service-key".`;
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null;
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	switch (typeof value) {
		case 'string': {
			return 'a string';
		}

		case 'number': {
			return 'a number';
		}

		case 'boolean': {
			return `${String(value)}`;
		}

		case 'object': {
			return 'an object';
		}

		default: {
			return typeof value;
		}
	}
}
