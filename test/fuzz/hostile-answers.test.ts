// Property: whatever a hostile token server on 127.0.0.1 answers (compression bombs, Content-Length lies, nesting
// far past any token, prototype keys, escape sequences and non-b64token characters, tokens past 64 KiB), on either
// HTTP path, requestToken ends in a token that is a b64token of at most 64 KiB, or in a TokenRequestError whose
// words hold no control character; nothing else is thrown, and no prototype is touched.
import assert from 'node:assert/strict';
import {gzipSync, deflateSync, brotliCompressSync} from 'node:zlib';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {TokenRequestError} from '../../source/errors/failure.js';
import {isB64token, maxAccessTokenBytes} from '../../source/oauth/answer-limits.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {startTestServer, type TestServer} from '../helpers/http-server.js';

const goodToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const escapes = ['\u001B]0;INJECTED\u0007', '\u001B[31m', '\u009B31m', '\u202E', '\u2028', '\u0000', '\r\n'];

type Answer = {status: number; headers: Record<string, string>; body: Buffer};

function tokenJson(fields: Record<string, unknown>): string {
	return JSON.stringify({access_token: goodToken, token_type: 'bearer', expires_in: 43_199, scope: 'uaa.resource', jti: 'abc', ...fields});
}

const escapeArb = fc.constantFrom(...escapes);

const answerArb: fc.Arbitrary<Answer> = fc.oneof(
	// A compression bomb: a few kB on the wire, megabytes to gigabytes unpacked.
	fc.record({megabytes: fc.integer({min: 2, max: 64}), encoding: fc.constantFrom('gzip', 'deflate', 'br')}).map(({megabytes, encoding}) => {
		const plain = Buffer.alloc(megabytes * 1024 * 1024, 'a');
		const body = encoding === 'gzip' ? gzipSync(plain) : encoding === 'deflate' ? deflateSync(plain) : brotliCompressSync(plain);
		return {status: 200, headers: {'Content-Type': 'application/json', 'Content-Encoding': encoding}, body};
	}),
	// A token answer packed well, that must still be read: the limit counts what is unpacked, not what is sent.
	fc.constantFrom('gzip', 'deflate', 'br').map(encoding => {
		const plain = Buffer.from(tokenJson({}));
		const body = encoding === 'gzip' ? gzipSync(plain) : encoding === 'deflate' ? deflateSync(plain) : brotliCompressSync(plain);
		return {status: 200, headers: {'Content-Type': 'application/json', 'Content-Encoding': encoding}, body};
	}),
	// Nesting past any token's: as the access_token, as another field, and as the whole answer.
	fc.record({depth: fc.integer({min: 65, max: 100_000}), where: fc.constantFrom('access_token', 'scope', 'whole')}).map(({depth, where}) => {
		const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
		const text = where === 'whole' ? nested : tokenJson({}).replace(where === 'access_token' ? `"${goodToken}"` : '"uaa.resource"', nested);
		return {status: where === 'whole' ? 400 : 200, headers: {'Content-Type': 'application/json'}, body: Buffer.from(text)};
	}),
	// Prototype keys at the top and inside, with and without a real token beside them.
	fc.record({key: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'), withToken: fc.boolean(), status: fc.constantFrom(200, 400, 401)}).map(({key, withToken, status}) => {
		const polluting = `"${key}": {"access_token": "polluted", "polluted": true, "error": "polluted"}`;
		const rest = withToken ? tokenJson({}).slice(1) : '"error": "invalid_client", "error_description": "Bad credentials"}';
		return {status, headers: {'Content-Type': 'application/json'}, body: Buffer.from(`{${polluting}, ${rest}`)};
	}),
	// Escape sequences and other unsafe characters in every field an answer has.
	fc
		.record({
			field: fc.constantFrom('access_token', 'token_type', 'scope', 'jti', 'error', 'error_description'),
			escape: escapeArb,
			status: fc.constantFrom(200, 400, 401, 500),
		})
		.map(({field, escape, status}) => {
			const fields = status === 200 ? {} : {error: 'invalid_client', error_description: 'Bad credentials'};
			const text = tokenJson({...fields, [field]: `abc${escape}def`});
			return {status, headers: {'Content-Type': 'application/json'}, body: Buffer.from(text)};
		}),
	// Tokens that are no b64token, or too long for one.
	fc
		.oneof(
			fc.constantFrom('a b', 'tok\u00E9n', 'tok\uFFFDn', '=abc', 'a"b', 'a,b', 'a;b'),
			fc.integer({min: maxAccessTokenBytes + 1, max: maxAccessTokenBytes * 2}).map(size => 'a'.repeat(size)),
		)
		.map(token => ({status: 200, headers: {'Content-Type': 'application/json'}, body: Buffer.from(tokenJson({access_token: token}))})),
	// Content-Length that lies: larger than the body (the connection then ends early) or past the limit.
	fc.constantFrom('999999999999', '2000000').map(length => ({status: 200, headers: {'Content-Type': 'application/json', 'Content-Length': length}, body: Buffer.from(tokenJson({}))})),
);

describe('hostile token answers, both HTTP paths', {timeout: 300_000}, () => {
	let server: TestServer;
	let current: Answer | undefined;

	before(async () => {
		server = await startTestServer((_request, response) => {
			const answer = current!;
			const {['Content-Length']: declared, ...headers} = answer.headers;
			if (declared === undefined) {
				response.writeHead(answer.status, headers);
				response.end(answer.body);
				return;
			}

			// Node will not send a body of another length than declared: the socket is written, then cut.
			response.socket!.write(`HTTP/1.1 ${answer.status} X\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}Content-Length: ${declared}\r\n\r\n`);
			response.socket!.end(answer.body);
		});
	});

	after(async () => {
		await server.close();
	});

	it('ends in a b64token within the limit or in words without control characters, never anything else', async () => {
		await fc.assert(
			fc.asyncProperty(answerArb, fc.constantFrom('default', 'global-fetch'), async (answer, client) => {
				current = answer;
				try {
					const token = await requestToken({
						url: server.url,
						clientId: 'sb-fuzz',
						clientSecret: 'fuzz-secret',
						retry: {attempts: 1},
						timeoutMs: 20_000,
						...(client === 'global-fetch' ? {fetch: globalThis.fetch} : {}),
					});
					assert.ok(isB64token(token.accessToken), `a token that is a b64token: ${JSON.stringify(token.accessToken.slice(0, 80))}`);
					assert.ok(Buffer.byteLength(token.accessToken) <= maxAccessTokenBytes);
					assert.notEqual(token.accessToken, 'polluted');
					for (const text of [token.tokenType, token.jti ?? '', ...token.scopes]) {
						assert.ok(!/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2028\u2029]/.test(text), `a field shown on screen without control characters: ${JSON.stringify(text)}`);
					}
				} catch (error) {
					assert.ok(error instanceof TokenRequestError, `only a TokenRequestError, not ${String(error)}`);
					const {title, explanation, nextStep} = describeFailure(error.failure, ['fuzz-secret']);
					for (const text of [title, explanation, nextStep]) {
						assert.ok(!/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2028\u2029]/.test(text), `words without control characters: ${JSON.stringify(text)}`);
					}
				}

				assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype is untouched');
			}),
			{numRuns: 80},
		);
	});
});
