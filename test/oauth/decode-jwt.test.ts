import assert from 'node:assert/strict';
import {generateKeyPairSync, sign} from 'node:crypto';
import {describe, it} from 'node:test';
import {decodeJwt} from '../../source/oauth/decode-jwt.js';
import {base64UrlPart} from '../helpers/jwt.js';

function problemOf(token: string): string {
	const decoded = decodeJwt(token);
	assert.equal(decoded.isJwt, false, `expected ${token} not to decode`);
	return decoded.isJwt ? '' : decoded.problem;
}

/** The same data on ordinary objects: decoded JSON has null-prototype objects, which deepEqual tells apart. */
function plain(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('decodeJwt', () => {
	it('reads the example token from jwt.io, an HS256 JWT', () => {
		const token =
			'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
		assert.deepEqual(plain(decodeJwt(token)), {
			isJwt: true,
			header: {alg: 'HS256', typ: 'JWT'},
			claims: {sub: '1234567890', name: 'John Doe', iat: 1_516_239_022},
		});
	});

	it('reads an RS256 token signed here, keeping arrays and nested objects as they are', () => {
		const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
		const claims = {scope: ['uaa.resource', 'app!t1.Read'], aud: ['uaa'], ext_attr: {zdn: 'sub'}, exp: 1_800_000_000};
		const input = `${base64UrlPart({alg: 'RS256', kid: 'key-1'})}.${base64UrlPart(claims)}`;
		const token = `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
		const decoded = decodeJwt(token);
		assert.ok(decoded.isJwt);
		assert.deepEqual(plain(decoded.header), {alg: 'RS256', kid: 'key-1'});
		assert.deepEqual(plain(decoded.claims), claims);
		assert.equal(Object.getPrototypeOf(decoded.claims), null, 'claims from outside have no prototype');
	});

	it('reads an unsigned token, whose third part is empty', () => {
		const decoded = decodeJwt(`${base64UrlPart({alg: 'none'})}.${base64UrlPart({sub: 'x'})}.`);
		assert.ok(decoded.isJwt);
		assert.deepEqual(plain(decoded.claims), {sub: 'x'});
	});

	it('says a five-part token is encrypted and cannot be read here', () => {
		assert.match(problemOf('eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn'), /encrypted/);
	});

	it('calls opaque and garbage tokens not JWTs, without quoting them', () => {
		for (const token of ['', 'opaque-token-1234567890abcdef', 'a.b', 'a.b.c.d', 'ab$c.def.ghi', 'a b.c d.e']) {
			const problem = problemOf(token);
			assert.match(problem, /not a JWT/);
			if (token.length > 3) {
				assert.ok(!problem.includes(token), problem);
			}
		}
	});

	it('names the part that is not JSON', () => {
		assert.match(problemOf(`${base64UrlPart('hello')}.${base64UrlPart({sub: 'x'})}.sig`), /header is not a JSON object/);
		assert.match(problemOf(`${base64UrlPart({alg: 'none'})}.${base64UrlPart('{"sub":')}.sig`), /claims are not a JSON object/);
	});

	it('refuses claims or a header that are JSON but not an object: an array, a string, null', () => {
		assert.match(problemOf(`${base64UrlPart({alg: 'none'})}.${base64UrlPart([1, 2])}.sig`), /claims are not a JSON object/);
		assert.match(problemOf(`${base64UrlPart({alg: 'none'})}.${base64UrlPart('"text"')}.sig`), /claims are not a JSON object/);
		assert.match(problemOf(`${base64UrlPart([{alg: 'none'}])}.${base64UrlPart({sub: 'x'})}.sig`), /header is not a JSON object/);
		assert.match(problemOf(`${base64UrlPart('null')}.${base64UrlPart({sub: 'x'})}.sig`), /header is not a JSON object/);
	});
});
