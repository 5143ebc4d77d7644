import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {maskToken} from '../../source/presentation/mask.js';
import {formatDuration, secondsUntil} from '../../source/presentation/time.js';

describe('formatDuration', () => {
	it('reads 43199 as the tutorial user would say it', () => {
		assert.equal(formatDuration(43_199), '11 h 59 min 59 s');
	});

	it('drops leading zero units but keeps inner ones', () => {
		assert.equal(formatDuration(3600), '1 h 0 min 0 s');
		assert.equal(formatDuration(61), '1 min 1 s');
		assert.equal(formatDuration(0), '0 s');
		assert.equal(formatDuration(-5), '0 s');
	});
});

describe('secondsUntil', () => {
	it('counts whole seconds down to zero and not below', () => {
		assert.equal(secondsUntil(10_000, 0), 10);
		assert.equal(secondsUntil(10_000, 9001), 0);
		assert.equal(secondsUntil(10_000, 20_000), 0);
	});
});

describe('maskToken', () => {
	it('shows the first 8 and last 6 characters of a JWT', () => {
		const token = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(100)}.sig123456`;
		assert.equal(maskToken(token), 'eyJhbGci…123456');
	});

	it('gives away little of a short token', () => {
		assert.equal(maskToken('short-opaque-token'), 'sh…(18 characters)');
	});
});
