import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {checkUaaUrl, isLoopbackHost} from '../../source/oauth/uaa-url.js';

const sapUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';

describe('checkUaaUrl', () => {
	it('keeps a clean uaa url and shows the token url it will call', () => {
		assert.deepEqual(checkUaaUrl(sapUrl), {isValid: true, baseUrl: sapUrl, tokenUrl: `${sapUrl}/oauth/token`, removedParts: []});
	});

	it('trims whitespace and trailing slashes', () => {
		const check = checkUaaUrl(`  ${sapUrl}//  \n`);
		assert.equal(check.isValid && check.baseUrl, sapUrl);
	});

	it('strips the browser tutorial suffix and reports what it removed', () => {
		const check = checkUaaUrl(`${sapUrl}/oauth/token?grant_type=client_credentials`);
		assert.ok(check.isValid);
		assert.equal(check.baseUrl, sapUrl);
		assert.deepEqual(check.removedParts, ['/oauth/token', '?grant_type=client_credentials']);
	});

	it('strips /oauth/token/ with a trailing slash and any case', () => {
		const check = checkUaaUrl(`${sapUrl}/OAuth/Token/`);
		assert.ok(check.isValid);
		assert.equal(check.baseUrl, sapUrl);
		assert.deepEqual(check.removedParts, ['/OAuth/Token']);
	});

	it('keeps a path prefix that is not the token path', () => {
		const check = checkUaaUrl('https://uaa.example.test/uaa/');
		assert.ok(check.isValid);
		assert.equal(check.tokenUrl, 'https://uaa.example.test/uaa/oauth/token');
	});

	for (const input of ['', '   ', 'mysubaccount.authentication.eu10.hana.ondemand.com', 'ftp://example.test', 'https://', 'https://user:pw@example.test']) {
		it(`refuses ${JSON.stringify(input)} with a message`, () => {
			const check = checkUaaUrl(input);
			assert.equal(check.isValid, false);
			assert.ok(!check.isValid && check.problem.length > 10);
		});
	}

	it('refuses plain http to a remote host, naming the secret as the reason', () => {
		const check = checkUaaUrl('http://mysubaccount.authentication.eu10.hana.ondemand.com');
		assert.ok(!check.isValid);
		assert.match(check.problem, /unencrypted/);
	});

	for (const url of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:3000', 'http://[::1]:9000']) {
		it(`allows plain http to loopback ${url}`, () => {
			assert.equal(checkUaaUrl(url).isValid, true);
		});
	}
});

describe('isLoopbackHost', () => {
	it('knows loopback from everything else', () => {
		assert.equal(isLoopbackHost('127.0.0.1'), true);
		assert.equal(isLoopbackHost('[::1]'), true);
		assert.equal(isLoopbackHost('LOCALHOST'), true);
		assert.equal(isLoopbackHost('128.0.0.1'), false);
		assert.equal(isLoopbackHost('127.0.0.1.example.test'), false);
		assert.equal(isLoopbackHost('localhost.example.test'), false);
	});
});
