import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {brotliCompressSync, gzipSync} from 'node:zlib';
import {lightFetch} from '../../source/oauth/light-fetch.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {readRequest, startTestServer, type TestServer} from '../helpers/http-server.js';

const tokenJson = JSON.stringify({access_token: 'compressed.token.value', token_type: 'bearer', expires_in: 43_199});

describe('lightFetch, the default HTTP client of token requests', () => {
	let server: TestServer;
	const seen: Array<Awaited<ReturnType<typeof readRequest>>> = [];
	before(async () => {
		server = await startTestServer(async (request, response) => {
			seen.push(await readRequest(request));
			switch (request.url) {
				case '/gzip/oauth/token': {
					response.writeHead(200, {'Content-Type': 'application/json', 'Content-Encoding': 'gzip'});
					response.end(gzipSync(tokenJson));
					break;
				}

				case '/br/oauth/token': {
					response.writeHead(200, {'Content-Type': 'application/json', 'Content-Encoding': 'br'});
					response.end(brotliCompressSync(tokenJson));
					break;
				}

				case '/cut-gzip/oauth/token':
				case '/cut-plain/oauth/token': {
					// Half of a packed answer, then the connection is reset.
					const packed = gzipSync(tokenJson);
					response.writeHead(200, {'Content-Type': 'application/json', ...(request.url.startsWith('/cut-gzip') ? {'Content-Encoding': 'gzip'} : {})});
					response.write(packed.subarray(0, Math.floor(packed.length / 2)));
					setImmediate(() => request.socket.destroy());
					break;
				}

				case '/stall': {
					// Headers, then a body that never ends.
					response.writeHead(200, {'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2']});
					response.write('{"access_token": "');
					break;
				}

				default: {
					response.writeHead(302, {Location: 'https://elsewhere.example.test/'});
					response.end();
				}
			}
		});
	});
	after(async () => {
		await server.close();
	});

	it('reads compressed answers, which a server may send although none were asked for', async () => {
		for (const encoding of ['gzip', 'br']) {
			// eslint-disable-next-line no-await-in-loop -- one server, one request at a time
			const token = await requestToken({url: `${server.url}/${encoding}`, clientId: 'id', clientSecret: 'secret'});
			assert.equal(token.accessToken, 'compressed.token.value');
		}

		assert.ok(seen.every(request => request.headers['accept-encoding'] === undefined));
	});

	it('sends the method, headers and body it is given, and answers a redirect without following it', async () => {
		seen.length = 0;
		const response = await lightFetch(`${server.url}/moved`, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'a=1&b=2'});
		assert.equal(response.status, 302);
		assert.equal(response.headers.get('Location'), 'https://elsewhere.example.test/');
		assert.equal(response.headers.get('x-absent'), null);
		assert.equal(seen.length, 1);
		assert.deepEqual([seen[0]?.method, seen[0]?.body, seen[0]?.headers['content-type']], ['POST', 'a=1&b=2', 'application/x-www-form-urlencoded']);
	});

	it('gives up on a body that never ends when the signal aborts, with the signal\'s reason', async () => {
		await assert.rejects(lightFetch(`${server.url}/stall`, {signal: AbortSignal.timeout(200)}), {name: 'TimeoutError'});
	});

	it('ends an answer cut short by the server as a connection reset, packed or not, never as a wait for the timeout', async () => {
		for (const kind of ['cut-gzip', 'cut-plain']) {
			for (let attempt = 0; attempt < 15; attempt++) {
				// eslint-disable-next-line no-await-in-loop -- one request at a time, as the token client sends them
				await assert.rejects(
					requestToken({url: `${server.url}/${kind}`, clientId: 'id', clientSecret: 'secret', timeoutMs: 20_000, retry: {attempts: 1}}),
					(error: {failure?: {kind: string}}) => error.failure?.kind === 'connection-reset',
					`${kind}, attempt ${attempt + 1}`,
				);
			}
		}
	});

	it('rejects with Node\'s own error code when nothing listens', async () => {
		const closed = await startTestServer(() => {});
		const {url} = closed;
		await closed.close();
		await assert.rejects(lightFetch(url), {code: 'ECONNREFUSED'});
	});
});
