// Property: whatever reaches the loopback redirect listener (other paths and methods, a wrong, missing or repeated
// state, an error or no code, huge headers, bytes that are not HTTP at all), it serves nothing but its own static
// pages, never echoes a byte of the request, takes a code only from a GET /callback carrying exactly the state it
// sent, and once the sign-in is settled it listens no more.
import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {TokenRequestError} from '../../source/errors/failure.js';
import {listenForRedirect, type RedirectListener} from '../../source/oauth/redirect-listener.js';

const state = 'the-state-sent_0123456789';
const marker = 'ECHO-MARKER';

type Hostile = {label: string; raw: string; settles: 'no' | 'state-mismatch' | 'denied' | 'no-code'};

/** Sends raw bytes and reads whatever comes back until the listener closes the connection. */
async function sendRaw(port: number, raw: string): Promise<string> {
	return new Promise(resolve => {
		const socket = connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		socket.on('data', chunk => chunks.push(chunk));
		socket.on('error', () => {
			resolve(Buffer.concat(chunks).toString('latin1'));
		});
		socket.on('close', () => {
			resolve(Buffer.concat(chunks).toString('latin1'));
		});
		socket.setTimeout(3000, () => socket.destroy());
		socket.end(raw);
	});
}

const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`;
const textArb = fc.string({maxLength: 30}).map(text => `${marker}${encodeURIComponent(text)}`);

const hostileArb: fc.Arbitrary<Hostile> = fc.oneof(
	fc.record({path: fc.constantFrom('/', '/callbackx', '/callback/..', '/favicon.ico', '/CALLBACK', '//callback'), text: textArb}).map(({path, text}) => ({
		label: `another path ${path}`,
		raw: get(`${path}?state=${state}&code=${text}`),
		settles: 'no' as const,
	})),
	fc.record({method: fc.constantFrom('POST', 'PUT', 'DELETE', 'OPTIONS'), text: textArb}).map(({method, text}) => ({
		label: `${method} /callback`,
		raw: `${method} /callback?state=${state}&code=${text} HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`,
		settles: 'no' as const,
	})),
	textArb.map(text => ({label: 'a wrong state', raw: get(`/callback?state=${text}&code=${text}`), settles: 'state-mismatch' as const})),
	textArb.map(text => ({label: 'no state', raw: get(`/callback?code=${text}`), settles: 'state-mismatch' as const})),
	textArb.map(text => ({label: 'the state twice', raw: get(`/callback?state=${state}&state=${text}&code=${text}`), settles: 'state-mismatch' as const})),
	textArb.map(text => ({label: 'an error', raw: get(`/callback?state=${state}&error=${text}&error_description=${text}`), settles: 'denied' as const})),
	fc.constant({label: 'no code', raw: get(`/callback?state=${state}`), settles: 'no-code' as const}),
	textArb.map(text => ({label: 'the code twice', raw: get(`/callback?state=${state}&code=${text}&code=${text}2`), settles: 'no-code' as const})),
	fc.integer({min: 17, max: 200}).map(kilobytes => ({
		label: `${kilobytes} kB of headers`,
		raw: get(`/callback?state=${state}&code=${marker}`, `X-Big: ${'a'.repeat(kilobytes * 1024)}\r\n`),
		settles: 'no' as const,
	})),
	fc.integer({min: 17, max: 64}).map(kilobytes => ({label: `a ${kilobytes} kB url`, raw: get(`/callback?state=${state}&code=${marker}${'b'.repeat(kilobytes * 1024)}`), settles: 'no' as const})),
	fc.uint8Array({minLength: 1, maxLength: 200}).map(bytes => ({label: 'bytes that are not HTTP', raw: `${marker}${Buffer.from(bytes).toString('latin1')}\r\n\r\n`, settles: 'no' as const})),
);

async function outcomeOf(listener: RedirectListener): Promise<string> {
	return Promise.race([
		listener.code.then(
			code => `code ${code}`,
			(error: unknown) => (error instanceof TokenRequestError && error.failure.kind === 'sign-in-failed' ? error.failure.reason : `thrown ${String(error)}`),
		),
		new Promise<string>(resolve => {
			setTimeout(() => resolve('waiting'), 100);
		}),
	]);
}

async function isListening(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect(port, '127.0.0.1');
		socket.on('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.on('error', () => {
			resolve(false);
		});
	});
}

describe('fuzz: the loopback redirect listener', () => {
	it('serves only its own pages, settles only on /callback, takes a code only with its state, and closes once settled', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(hostileArb, {minLength: 1, maxLength: 4}), async requests => {
				const listener = await listenForRedirect({port: 0, state, timeoutMs: 30_000});
				const port = Number(new URL(listener.redirectUri).port);
				try {
					let settled: Hostile | undefined;
					for (const request of requests) {
						// eslint-disable-next-line no-await-in-loop
						const answer = await sendRaw(port, request.raw);
						assert.ok(!answer.includes(marker), `${request.label}: the answer echoes the request`);
						if (settled) {
							assert.equal(answer, '', `${request.label} after the sign-in settled: something still answered`);
							continue;
						}

						if (answer !== '') {
							assert.match(answer, /^HTTP\/1\.1 (?:200|400|404|405|431|413|414) /, `${request.label}: ${answer.slice(0, 60)}`);
						}

						// eslint-disable-next-line no-await-in-loop
						const outcome = await outcomeOf(listener);
						assert.equal(outcome, request.settles === 'no' ? 'waiting' : request.settles, request.label);
						if (request.settles !== 'no') {
							settled = request;
						}
					}

					if (settled) {
						assert.equal(await isListening(port), false, 'a settled listener no longer listens');
						return;
					}

					// After all that, the real redirect still signs in, with exactly its code.
					const answer = await sendRaw(port, get(`/callback?state=${state}&code=the-real-code&iss=x`));
					assert.match(answer, /^HTTP\/1\.1 200 [\s\S]*You can close this tab/);
					assert.match(answer, /Referrer-Policy: no-referrer/i);
					assert.equal(await outcomeOf(listener), 'code the-real-code');
					assert.equal(await isListening(port), false, 'the listener closes once it has the code');
				} finally {
					await listener.close();
				}
			}),
			{numRuns: 60},
		);
	});

	it('gives up after its time, says so, and closes', async () => {
		const listener = await listenForRedirect({port: 0, state, timeoutMs: 200});
		const error = await listener.code.then(
			() => assert.fail('no redirect came'),
			(error: unknown) => error,
		);
		assert.ok(error instanceof TokenRequestError && error.failure.kind === 'sign-in-failed' && error.failure.reason === 'timeout');
		assert.equal(await isListening(Number(new URL(listener.redirectUri).port)), false);
	});

	it('names a port already in use, and listens on none', async () => {
		const first = await listenForRedirect({port: 0, state, timeoutMs: 5000});
		const {port} = new URL(first.redirectUri);
		try {
			const error = await listenForRedirect({port: Number(port), state, timeoutMs: 5000}).then(
				() => assert.fail('the port is taken'),
				(error: unknown) => error,
			);
			assert.ok(error instanceof TokenRequestError && error.failure.kind === 'sign-in-failed' && error.failure.reason === 'port-taken');
			assert.equal(error.failure.redirectUri, `http://localhost:${port}/callback`);
		} finally {
			await first.close();
		}
	});
});
