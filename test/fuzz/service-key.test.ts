import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {looksLikeServiceKey, parseServiceKey, type ServiceKeyResult} from '../../source/service-key/parse-service-key.js';
import {bigPasteArb, keyWrapperArb, nastyTextArb, realSecretLike, secretArb, serviceKeyText, uaaSection} from '../helpers/fuzz-arbitraries.js';

const sapUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
const pem = (label: string) => `-----BEGIN ${label}-----\nMIIBfake\n-----END ${label}-----`;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;

/** Parses, and checks what every answer must be: a usable key, or one readable sentence without the secret. */
function parseChecked(text: string, secret?: string): ServiceKeyResult {
	const result = parseServiceKey(text);
	assert.equal(typeof result.ok, 'boolean');
	if (result.ok) {
		const {credentials} = result.key;
		assert.ok(['secret', 'x509'].includes(credentials.kind));
		assert.match(credentials.url, /^https?:\/\/\S/, 'the url was checked');
		assert.ok(credentials.clientId.trim() !== '', 'a key always has a clientid');
		assert.ok(looksLikeServiceKey(text), 'text that parses as a key is recognised as one at the url step');
	} else {
		assert.equal(typeof result.problem, 'string');
		assert.ok(result.problem.length > 0, 'a problem is never empty');
		assert.match(result.problem, /^(?:The|No) /, `a problem is a sentence: ${result.problem}`);
		if (secret !== undefined) {
			assert.ok(!result.problem.includes(secret), `the problem repeats the clientsecret: ${result.problem}`);
		}
	}

	return result;
}

const anyJsonValue = fc.oneof(fc.jsonValue({maxDepth: 2}), fc.jsonValue({maxDepth: 2, stringUnit: 'binary'}));
const urlValue = fc.oneof(fc.constantFrom(sapUrl, `${sapUrl}/oauth/token?x=1`, 'http://127.0.0.1:1', 'http://evil.example.test', 'not a url', ''), fc.webUrl(), anyJsonValue);

/** A uaa section whose fields are each right, missing, or of any JSON type; the secret, when a string, is the one given. */
function uaaLikeArb(secret: string): fc.Arbitrary<Record<string, unknown>> {
	return fc.record(
		{
			url: urlValue,
			clientid: fc.oneof(fc.constantFrom('sb-app!t1|broker!b2', '', '   '), anyJsonValue),
			clientsecret: fc.oneof({arbitrary: fc.constant(secret), weight: 4}, {arbitrary: anyJsonValue, weight: 1}),
			'credential-type': fc.oneof(fc.constantFrom('binding-secret', 'instance-secret', 'x509', 'X509'), anyJsonValue),
			certificate: fc.oneof(fc.constant(pem('CERTIFICATE')), fc.constant(pem('CERTIFICATE').replaceAll('\n', '\\n')), anyJsonValue),
			key: fc.oneof(fc.constant(pem('PRIVATE KEY')), anyJsonValue),
			certurl: urlValue,
			identityzone: anyJsonValue,
		},
		{requiredKeys: []},
	);
}

/** The wrappers tools print around a key, each with its inner parts possibly of the wrong type. */
function keyObjectArb(secret: string): fc.Arbitrary<unknown> {
	const uaa = fc.oneof({arbitrary: uaaLikeArb(secret), weight: 4}, {arbitrary: anyJsonValue, weight: 1});
	const plain = fc.record({url: urlValue, uaa}, {requiredKeys: ['uaa']});
	const label = fc.oneof(fc.constantFrom('xsuaa', 'user-provided', 'my-service'), fc.string({maxLength: 8}));
	const vcapEntry = fc.oneof(fc.record({name: fc.string(), credentials: fc.oneof(plain, uaa)}), anyJsonValue);
	return fc.oneof(
		plain,
		uaa,
		fc.record({credentials: fc.oneof(plain, uaa, anyJsonValue)}),
		fc.dictionary(label, fc.array(vcapEntry, {maxLength: 3}), {maxKeys: 3}),
		fc.array(plain, {maxLength: 2}),
		anyJsonValue,
	);
}

/** Every way a key's text may reach the parser: compact or indented, CRLF, BOM, cf's header, a trailing OK. */
function framed(json: string): fc.Arbitrary<string> {
	return fc
		.record({
			crlf: fc.boolean(),
			bom: fc.boolean(),
			header: fc.boolean(),
			before: fc.constantFrom('', ' ', '\n\n', '\t'),
			after: fc.constantFrom('', '\n', '\nOK\n', '   '),
		})
		.map(({crlf, bom, header, before, after}) => {
			let text = `${header ? 'Getting key k for service instance i as me@example.test...\n\n' : ''}${before}${json}${after}`;
			if (crlf) {
				text = text.replaceAll('\n', '\r\n');
			}

			return bom ? `\uFEFF${text}` : text;
		});
}

describe('fuzz: reading service keys', () => {
	it('never throws on any text, and answers with a key or a readable problem', () => {
		const text = fc.oneof(
			{arbitrary: nastyTextArb, weight: 3},
			{arbitrary: fc.string({unit: 'binary', maxLength: 200}), weight: 2},
			{arbitrary: fc.json(), weight: 2},
			{arbitrary: fc.tuple(fc.constantFrom('{', '[', '"', 'Getting key k for service instance i as x...\n{', '\uFEFF{', '{"uaa":'), nastyTextArb).map(([start, rest]) => start + rest), weight: 2},
			{arbitrary: bigPasteArb, weight: 1},
		);
		fc.assert(
			fc.property(text, input => {
				parseChecked(input);
				assert.equal(typeof looksLikeServiceKey(input), 'boolean');
			}),
			{numRuns: 1000, includeErrorInReport: true},
		);
	});

	it('never throws on JSON of any shape, and never repeats the clientsecret in a problem', () => {
		const scenario = secretArb.chain(secret =>
			fc.record({
				secret: fc.constant(secret),
				json: keyObjectArb(secret).chain(value => framed(JSON.stringify(value, null, 2) ?? 'null')),
			}),
		);
		fc.assert(
			fc.property(scenario, ({secret, json}) => {
				const result = parseChecked(json, secret);
				if (result.ok && result.key.credentials.kind === 'secret') {
					// A key's secret is taken as written, never trimmed or decoded.
					assert.ok(typeof result.key.credentials.clientSecret === 'string' && result.key.credentials.clientSecret !== '');
				}
			}),
			{numRuns: 1000, includeErrorInReport: true},
		);
	});

	it('writes no control characters or escape sequences into a problem, whatever the key holds', () => {
		const names = fc.string({unit: 'binary', minLength: 1, maxLength: 6});
		const key = fc.oneof(
			fc.dictionary(names, anyJsonValue, {minKeys: 1, maxKeys: 3}),
			fc.dictionary(names, anyJsonValue, {minKeys: 1, maxKeys: 3}).map(credentials => ({credentials})),
			fc.tuple(names, names).map(([first, second]) => ({[first]: [{credentials: {uaa: {}}}], [second]: [{credentials: {clientid: 'x'}}]})),
		);
		fc.assert(
			fc.property(key, value => {
				const result = parseChecked(JSON.stringify(value));
				if (!result.ok) {
					assert.doesNotMatch(result.problem, anyControl, `the problem carries control characters from the key: ${JSON.stringify(result.problem)}`);
				}
			}),
			{numRuns: 500, includeErrorInReport: true, examples: [[{'\u001B]0;pwned\u0007': null}]]},
		);
	});

	it('reads the same values from a key in every wrapper, indentation, line ending and frame', () => {
		const scenario = fc.record({
			secret: secretArb,
			clientid: fc.constantFrom('sb-1a2b!b12345|pr-service-broker!b6789', 'sb-app!t1', 'id'),
			url: fc.constantFrom(sapUrl, `${sapUrl}/`, `${sapUrl}/oauth/token`, 'http://127.0.0.1:8080'),
			wrapper: keyWrapperArb,
			indent: fc.constantFrom(undefined, 1, 2, 4, '\t'),
		});
		fc.assert(
			fc.property(
				scenario.chain(parts =>
					framed(serviceKeyText({url: parts.url, clientid: parts.clientid, clientsecret: parts.secret}, parts.wrapper === 'cf-service-key' ? 'plain' : parts.wrapper, parts.indent)).map(text => ({
						...parts,
						text,
					})),
				),
				({secret, clientid, url, text}) => {
					const result = parseChecked(text, secret);
					assert.ok(result.ok, `a whole key was refused: ${result.ok ? '' : result.problem}`);
					assert.equal(result.key.credentials.kind, 'secret');
					assert.equal(result.key.credentials.clientId, clientid);
					assert.equal(result.key.credentials.kind === 'secret' && result.key.credentials.clientSecret, secret);
					assert.equal(result.key.credentials.url, url.replace(/\/(?:oauth\/token)?$/, ''));
				},
			),
			{numRuns: 300, includeErrorInReport: true},
		);
	});

	it('explains a cut-off or corrupted key by a line and column inside the text, never with the secret', () => {
		const scenario = fc.record({
			secret: secretArb,
			wrapper: keyWrapperArb,
			crlf: fc.boolean(),
			edit: fc.oneof(
				fc.record({kind: fc.constant('cut' as const), at: fc.nat()}),
				fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(',', '}', '{', '"', ':', '\\', '\n', 'x', '\u0000', '//'), nastyTextArb)}),
				fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 4})}),
			),
		});
		fc.assert(
			fc.property(scenario, ({secret, wrapper, crlf, edit}) => {
				let text = serviceKeyText({url: sapUrl, clientid: 'sb-app!t1', clientsecret: secret}, wrapper);
				text = crlf ? text.replaceAll('\n', '\r\n') : text;
				const at = edit.at % (text.length + 1);
				if (edit.kind === 'cut') {
					text = text.slice(0, at);
				} else if (edit.kind === 'insert') {
					text = text.slice(0, at) + edit.text + text.slice(at);
				} else {
					text = text.slice(0, at) + text.slice(at + edit.length);
				}

				const result = parseChecked(text, secret);
				const location = result.ok ? null : /at line (\d+), column (\d+)/.exec(result.problem);
				if (location) {
					const lines = text.split('\n');
					const line = Number(location[1]);
					const column = Number(location[2]);
					assert.ok(line >= 1 && line <= lines.length, `line ${line} is outside the ${lines.length} lines pasted`);
					assert.ok(column >= 1 && column <= lines[line - 1]!.length + 1, `column ${column} is outside line ${line}: ${JSON.stringify(lines[line - 1])}`);
				}
			}),
			{numRuns: 500, includeErrorInReport: true},
		);
	});

	it('keeps the realistic secret out of every problem with a key of the wrong shape', () => {
		const wrongTypes = fc.record(
			{
				url: fc.oneof(fc.constant(sapUrl), anyJsonValue),
				clientid: fc.oneof(fc.constant('sb-app!t1'), anyJsonValue),
				'credential-type': fc.oneof(fc.constant('x509'), anyJsonValue),
			},
			{requiredKeys: []},
		);
		fc.assert(
			fc.property(wrongTypes, keyWrapperArb, (fields, wrapper) => {
				const uaa = {...uaaSection({url: sapUrl, clientid: 'sb-app!t1', clientsecret: realSecretLike}), ...fields};
				const text = wrapper === 'top-level-uaa' ? JSON.stringify(uaa) : wrapper === 'vcap-services' ? JSON.stringify({xsuaa: [{credentials: uaa}]}) : JSON.stringify({uaa});
				parseChecked(text, realSecretLike);
			}),
			{numRuns: 300, includeErrorInReport: true},
		);
	});
});
