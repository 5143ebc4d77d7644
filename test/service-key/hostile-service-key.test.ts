// A service key from a file is outside text: fields that are sent are refused when they hold escape sequences or
// control characters, fields that are only shown are cleaned, and no nesting or size crashes the parser.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseServiceKey} from '../../source/service-key/parse-service-key.js';
import {inspectToken, type TokenRow} from '../../source/presentation/jwt-claims.js';
import {apiUrlProblem, curlCommand} from '../../source/presentation/hand-off.js';

const osc0 = '\u001B]0;pwned\u0007';
const osc52 = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
const sgr = '\u001B[31;5m';

function key(uaa: Record<string, unknown>, top: Record<string, unknown> = {}): string {
	return JSON.stringify({
		...top,
		uaa: {url: 'https://tenant.authentication.eu10.hana.ondemand.com', clientid: 'sb-app!t1', clientsecret: 'secret-value', ...uaa},
	});
}

for (const [field, top] of [['clientid', false], ['clientsecret', false], ['url', false], ['url', true]] as const) {
	test(`a ${top ? 'top-level' : 'uaa'} "${field}" with an escape sequence is refused, naming the field, without echoing it`, () => {
		const text = top ? key({}, {url: `https://api.example.com/${osc52}`}) : key({[field]: field === 'url' ? `https://tenant.authentication.eu10.hana.ondemand.com${osc0}` : `value${osc52}`});
		const result = parseServiceKey(text);
		assert.equal(result.ok, false);
		if (!result.ok) {
			assert.match(result.problem, new RegExp(`"${field}"`));
			assert.doesNotMatch(result.problem, /\u001B|pwned|ZWNob/);
		}
	});
}

test('an identityzone with SGR is cleaned, not refused', () => {
	const result = parseServiceKey(key({identityzone: `zone${sgr}red`}));
	assert.equal(result.ok, true);
	if (result.ok) {
		assert.doesNotMatch(result.key.identityZone ?? '', /\u001B/);
		assert.match(result.key.identityZone ?? '', /zone/);
	}
});

test('a key nested 10,000 levels deep is refused with a clear message, not a stack overflow', () => {
	const deep = '{"uaa":' + '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '}';
	const result = parseServiceKey(deep);
	assert.equal(result.ok, false);
	if (!result.ok) {
		assert.match(result.problem, /deeper than 64 levels/);
	}
});

test('text over 1 MiB is refused with a clear message', () => {
	const result = parseServiceKey(key({xsappname: 'x'.repeat(1024 * 1024)}));
	assert.equal(result.ok, false);
	if (!result.ok) {
		assert.match(result.problem, /over 1 MiB/);
	}
});

test('a key with a "__proto__" field parses to plain data', () => {
	const text = '{"__proto__": {"polluted": true}, "uaa": {"__proto__": {"x": 1}, "url": "https://tenant.authentication.eu10.hana.ondemand.com", "clientid": "sb-app!t1", "clientsecret": "s"}}';
	const result = parseServiceKey(text);
	assert.equal(result.ok, true);
	assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

function jwt(claims: string): string {
	const b64 = (text: string) => Buffer.from(text).toString('base64url');
	return `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(claims)}.c2ln`;
}

test('claims named __proto__, constructor and toString are shown as rows without crashing', () => {
	const inspected = inspectToken({accessToken: jwt('{"__proto__":{"a":1},"constructor":"c","toString":"t","sub":"u"}'), expiresAt: Date.now() + 60_000}, Date.now());
	assert.equal(inspected.isJwt, true);
	if (!inspected.isJwt) {
		return;
	}

	const names = inspected.claims.map(row => row.name);
	for (const name of ['__proto__', 'constructor', 'toString']) {
		assert.ok(names.includes(name), `${name} is a row: ${names.join(', ')}`);
		const row: TokenRow | undefined = inspected.claims.find(claim => claim.name === name);
		assert.ok(row);
		assert.equal(typeof row.meaning, 'string');
		assert.notEqual(row.meaning, '');
	}
});

test('curl is told not to glob, and urls a url cannot hold are refused', () => {
	assert.match(curlCommand('abc', 'https://api.example.com/x'), /^curl -g /);
	for (const url of ['https://{localhost,127.0.0.2}:8443/api', 'https://a.example.com/[1-9]', 'https://a.example.com/a b', 'https://a.example.com/a"b', 'https://a.example.com/a\\b', 'https://a.example.com/a^b', 'https://a.example.com/a`b', 'https://a.example.com/a|b', 'https://a.example.com/<b>']) {
		assert.equal(apiUrlProblem(url), 'not-a-url', url);
	}

	assert.equal(apiUrlProblem('https://[::1]:8443/api'), undefined);
});
