// The curl hand-off, evaluated by a real bash against two real loopback servers: curl must not read {a,b} or [1-2]
// in a url as a list of urls and send the token to each.
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {test} from 'node:test';
import {promisify} from 'node:util';
import {apiUrlProblem, curlCommand} from '../../source/presentation/hand-off.js';

const run = promisify(execFile);

async function listen(server: Server, host: string, port: number): Promise<number> {
	await new Promise<void>(resolve => {
		server.listen(port, host, resolve);
	});
	return (server.address() as AddressInfo).port;
}

async function twoServers(): Promise<{port: number; seen: Record<string, string[]>; close: () => Promise<void>}> {
	const seen: Record<string, string[]> = {one: [], two: []};
	const one = createServer((request, response) => {
		seen['one']!.push(request.url ?? '');
		response.end('ok');
	});
	const two = createServer((request, response) => {
		seen['two']!.push(request.url ?? '');
		response.end('ok');
	});
	const port = await listen(one, '127.0.0.1', 0);
	await listen(two, '127.0.0.2', port);
	return {
		port,
		seen,
		async close() {
			await Promise.all([one, two].map(async server => new Promise(resolve => {
				server.close(resolve);
			})));
		},
	};
}

async function evalInBash(command: string): Promise<void> {
	// A glob-free url is asked once; a refused one fails in curl, which is what -g is for.
	await run('bash', ['-c', `eval ${JSON.stringify(command).replaceAll('$', '\\$')} >/dev/null 2>&1 || true`]);
}

test('a url with a {a,b} list in its path reaches one server once, not once per item', async () => {
	const servers = await twoServers();
	try {
		await evalInBash(curlCommand('abc.def', `http://127.0.0.1:${servers.port}/{api,other}`));
		assert.equal(servers.seen['one']!.length, 1, servers.seen['one']!.join(' '));
		assert.equal(servers.seen['two']!.length, 0);
	} finally {
		await servers.close();
	}
});

test('a url with a {host,host} list reaches neither of the two servers, and the hand-off refuses it', async () => {
	const servers = await twoServers();
	try {
		const url = `http://{127.0.0.1,127.0.0.2}:${servers.port}/api`;
		assert.equal(apiUrlProblem(url), 'not-a-url');
		await evalInBash(curlCommand('abc.def', url));
		assert.deepEqual(servers.seen, {one: [], two: []});
	} finally {
		await servers.close();
	}
});
