import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {hostOfUrl} from '../../source/profiles/profile-host.js';

describe('hostOfUrl', () => {
	it('gives the host a profile row shows, with a port when the url has one', () => {
		assert.equal(hostOfUrl('https://sub1.authentication.eu10.hana.ondemand.com'), 'sub1.authentication.eu10.hana.ondemand.com');
		assert.equal(hostOfUrl('http://127.0.0.1:8080/uaa'), '127.0.0.1:8080');
	});

	it('gives the same answer when asked again, including for a url that does not parse', () => {
		for (let round = 0; round < 2; round++) {
			assert.equal(hostOfUrl('https://Sub2.Example.test:443/path'), 'sub2.example.test');
			assert.equal(hostOfUrl('not a url'), undefined);
			assert.equal(hostOfUrl(''), undefined);
		}
	});

	it('keeps answering correctly past the bound of its cache', () => {
		for (let index = 0; index < 10_050; index++) {
			assert.equal(hostOfUrl(`https://sub${index}.example.test`), `sub${index}.example.test`);
		}

		assert.equal(hostOfUrl('https://sub0.example.test'), 'sub0.example.test');
	});
});
