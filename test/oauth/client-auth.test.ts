import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {basicAuthorization, formUrlEncode, tokenRequestParts} from '../../source/oauth/client-auth.js';

function decodeBasic(header: string): string {
	return Buffer.from(header.replace(/^Basic /, ''), 'base64').toString('utf8');
}

describe('client authentication', () => {
	it('form-encodes both parts before base64, so + and % survive a RFC-conformant server', () => {
		assert.equal(decodeBasic(basicAuthorization('sb-app!t1|broker!b2', 'a+b%c $/=')), 'sb-app%21t1%7Cbroker%21b2:a%2Bb%25c+%24%2F%3D');
	});

	it('leaves unreserved characters alone', () => {
		assert.equal(formUrlEncode('abc-XYZ_0.9*'), 'abc-XYZ_0.9*');
	});

	it('post puts the credentials in the body and sends no Authorization header', () => {
		const parts = tokenRequestParts('post', 'id!1', 's+cret');
		assert.equal(parts.headers['Authorization'], undefined);
		assert.deepEqual(Object.fromEntries(new URLSearchParams(parts.body)), {grant_type: 'client_credentials', client_id: 'id!1', client_secret: 's+cret'});
		assert.equal(parts.headers['Content-Type'], 'application/x-www-form-urlencoded');
	});

	it('basic keeps the credentials out of the body and marks them as encoded', () => {
		const parts = tokenRequestParts('basic', 'id!1', 's+cret');
		assert.equal(parts.body, 'grant_type=client_credentials');
		assert.match(parts.headers['Authorization']!, /^Basic /);
		assert.equal(parts.headers['X-CF-ENCODED-CREDENTIALS'], 'true');
	});
});
