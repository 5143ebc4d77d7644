// The built CLI against hostile token servers on 127.0.0.1: a gzip bomb, an endless body, a huge Content-Length, a
// 50 MB and a 64 KiB + 1 access_token, and tokens that are no bearer token. On the default node:http path and on the
// undici path (--ca over https), each run ends in the taxonomy's words and exit 1: no stack trace, no token printed.

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {gzipSync} from 'node:zlib';
import {startTestServer, type TestServer} from '../helpers/http-server.js';
import {createTestCa} from '../helpers/pki.js';
import {cliPath, runProcess} from '../helpers/run-cli.js';

const secret = 'Bounds+Cli$Secret=';
let gzipBomb: Buffer;

function tokenAnswer(accessToken: string): string {
	return JSON.stringify({access_token: accessToken, token_type: 'bearer', expires_in: 43_199});
}

/** Writes 64 kB chunks for as long as the client reads, whatever the headers promised. */
function pumpForever(response: ServerResponse): void {
	const chunk = Buffer.alloc(64 * 1024, 0x20);
	const pump = () => {
		while (!response.destroyed && response.write(chunk)) {
			// Until the socket pushes back; then again on drain.
		}
	};

	response.on('drain', pump);
	response.on('error', () => undefined);
	pump();
}

const answers: Record<string, (response: ServerResponse) => void> = {
	'/gzip-bomb'(response) {
		response.writeHead(200, {'Content-Type': 'application/json', 'Content-Encoding': 'gzip'});
		response.end(gzipBomb);
	},
	'/endless'(response) {
		response.writeHead(200, {'Content-Type': 'application/json'});
		pumpForever(response);
	},
	'/huge-length'(response) {
		response.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 ** 3)});
		pumpForever(response);
	},
	'/fifty-megabyte-token'(response) {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(tokenAnswer('a'.repeat(50 * 1024 * 1024)));
	},
	'/long-token'(response) {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(tokenAnswer('a'.repeat(64 * 1024 + 1)));
	},
	'/control-token'(response) {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(tokenAnswer('abc\u0007def'));
	},
	'/bidi-token'(response) {
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end(tokenAnswer('abc\u202Edef'));
	},
};

const expected: Record<string, RegExp> = {
	'/gzip-bomb': /^uaa-token: The answer is far too large for a token\.\n {2}The server answered 200 with more than 1 MiB \(unpacked\)/,
	'/endless': /^uaa-token: The answer is far too large for a token\./,
	'/huge-length': /^uaa-token: The answer is far too large for a token\./,
	'/fifty-megabyte-token': /^uaa-token: The answer is far too large for a token\./,
	'/long-token': /^uaa-token: The access_token is too long to be a token\.\n {2}The server answered 200 with an access_token longer than 64 KiB\./,
	'/control-token': /^uaa-token: The access_token cannot be a bearer token\./,
	'/bidi-token': /^uaa-token: The access_token cannot be a bearer token\./,
};

describe('uaa-token against token answers too large or no bearer token', {timeout: 120_000}, () => {
	let plain: TestServer;
	let secure: TestServer;
	let directory = '';
	let caPath = '';

	before(async () => {
		gzipBomb = gzipSync(Buffer.alloc(600 * 1024 * 1024), {level: 9});
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-bounds-'));
		const ca = await createTestCa();
		caPath = join(directory, 'ca.pem');
		writeFileSync(caPath, ca.cert);
		const listener = (request: import('node:http').IncomingMessage, response: ServerResponse) => {
			request.resume();
			const respond = answers[new URL(request.url ?? '/', 'http://x').pathname.replace(/\/oauth\/token$/, '')];
			if (respond) {
				respond(response);
			} else {
				response.writeHead(404).end();
			}
		};

		plain = await startTestServer(listener);
		secure = await startTestServer(listener, await ca.issueServerCertificate({hosts: ['127.0.0.1']}));
	});

	after(async () => {
		await plain?.close();
		await secure?.close();
		rmSync(directory, {recursive: true, force: true});
	});

	const paths = [
		['node:http, the default path', () => ({url: plain.url, extra: [] as string[]})],
		['undici, the --ca path', () => ({url: secure.url, extra: ['--ca', caPath]})],
	] as const;
	for (const [pathName, target] of paths) {
		describe(pathName, () => {
			for (const [answerPath, words] of Object.entries(expected)) {
				it(`${answerPath}: the taxonomy's words on stderr, exit 1, no stack trace and no token`, async () => {
					const {url, extra} = target();
					const env = {PATH: process.env['PATH'], HOME: directory, UAA_TOKEN_CONFIG_DIR: join(directory, 'config'), FORCE_COLOR: '0', UAA_TOKEN_CLIENT_SECRET: secret};
					const result = await runProcess(process.execPath, [cliPath, '--url', `${url}${answerPath}`, '--client-id', 'sb-bounds!t1', '--print', ...extra], {env, timeoutMs: 60_000});
					assert.equal(result.code, 1, result.stderr);
					assert.equal(result.stdout, '');
					assert.match(result.stderr, words);
					assert.doesNotMatch(result.stderr, /\n\s+at |AssertionError|Cannot create a string|RangeError|TypeError/, 'no stack trace');
					assert.ok(!result.stderr.includes('aaaaaaaa'), 'the token is not printed');
					assert.ok(!result.stderr.includes(secret));
					assert.ok(result.stderr.length < 2000, `a message, not the answer: ${result.stderr.length} characters`);
				});
			}
		});
	}
});
