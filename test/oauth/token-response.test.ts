import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {TokenRequestError} from '../../source/errors/failure.js';
import {parseTokenAnswer, type RawAnswer} from '../../source/oauth/token-response.js';

const tokenUrl = 'https://x.example.test/oauth/token';

function answerWith(body: unknown, status = 200, contentType = 'application/json'): RawAnswer {
	return {status, contentType, body: typeof body === 'string' ? body : JSON.stringify(body), tokenUrl};
}

function failureKind(raw: RawAnswer): string {
	try {
		parseTokenAnswer(raw);
	} catch (error) {
		assert.ok(error instanceof TokenRequestError);
		return error.failure.kind;
	}

	return 'no failure';
}

describe('parseTokenAnswer', () => {
	it('reads the XSUAA answer the tutorial shows', () => {
		const token = parseTokenAnswer(
			answerWith({access_token: 'eyJ.a.b', token_type: 'bearer', expires_in: 43_199, scope: 'uaa.resource app!t1.Read', jti: 'abc123'}),
		);
		assert.deepEqual(token, {accessToken: 'eyJ.a.b', tokenType: 'bearer', expiresIn: 43_199, scopes: ['uaa.resource', 'app!t1.Read'], jti: 'abc123'});
	});

	it('tolerates Bearer, a string expires_in and missing scope and jti', () => {
		const token = parseTokenAnswer(answerWith({access_token: 'opaque', token_type: 'Bearer', expires_in: '3600'}));
		assert.equal(token.tokenType, 'bearer');
		assert.equal(token.expiresIn, 3600);
		assert.deepEqual(token.scopes, []);
		assert.equal(token.jti, undefined);
	});

	it('treats a nonsense expires_in as unknown rather than failing', () => {
		assert.equal(parseTokenAnswer(answerWith({access_token: 't', expires_in: 'soon'})).expiresIn, undefined);
	});

	it('tells an HTML login page apart from other non-JSON bodies', () => {
		assert.equal(failureKind(answerWith('<!DOCTYPE html><html>Sign in</html>', 200, 'text/html')), 'html-page');
		assert.equal(failureKind(answerWith('<html>', 200, '')), 'html-page');
		assert.equal(failureKind(answerWith('ok', 200, 'text/plain')), 'not-json');
		assert.equal(failureKind(answerWith('[1,2]')), 'not-json');
	});

	it('reports JSON without access_token', () => {
		assert.equal(failureKind(answerWith({token: 'x'})), 'no-access-token');
	});

	it('maps error statuses to failures', () => {
		assert.equal(failureKind(answerWith({error: 'unauthorized', error_description: 'Bad credentials'}, 401)), 'bad-credentials');
		assert.equal(failureKind(answerWith({error: 'invalid_request', error_description: 'Missing grant type'}, 400)), 'oauth-error');
		assert.equal(failureKind(answerWith('<html>Not found</html>', 404, 'text/html')), 'not-found');
		assert.equal(failureKind(answerWith('', 302)), 'redirect');
		assert.equal(failureKind(answerWith('oops', 503, 'text/plain')), 'http-status');
	});
});
