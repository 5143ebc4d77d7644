import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {apiUrlProblem, curlCommand, envExport, shellQuote} from '../../source/presentation/hand-off.js';

describe('hand-off formats', () => {
	it('single-quotes every value, closing and escaping the quotes inside', () => {
		assert.equal(shellQuote(`it's $(x) "y"`), `'it'\\''s $(x) "y"'`);
		assert.equal(envExport('a.b-c'), `export UAA_TOKEN='a.b-c'`);
		assert.equal(curlCommand('t0k', 'https://api.example.test/x?y=1&z'), `curl -g -H 'Authorization: Bearer t0k' 'https://api.example.test/x?y=1&z'`);
	});

	it('takes an API url only as one plain https word, or http to loopback', () => {
		assert.equal(apiUrlProblem('https://api.example.test/v1'), undefined);
		assert.equal(apiUrlProblem('http://127.0.0.1:8080/service-api'), undefined);
		assert.equal(apiUrlProblem('http://api.example.test'), 'plain-http');
		for (const bad of ['ftp://api.example.test', 'https://api.example.test/a b', 'https://api.example.test/\u001B]52;c;eA==\u0007', 'not a url', '']) {
			assert.equal(apiUrlProblem(bad), 'not-a-url', JSON.stringify(bad));
		}
	});
});
