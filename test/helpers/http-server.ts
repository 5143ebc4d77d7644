// Starts a throwaway HTTP(S) server on 127.0.0.1 for one test file, and closes it with every connection.

import {createServer, type IncomingMessage, type RequestListener, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer, type ServerOptions} from 'node:https';
import type {AddressInfo} from 'node:net';

export type TestServer = {url: string; close: () => Promise<void>};

export type RecordedRequest = {method: string; url: string; headers: IncomingMessage['headers']; body: string};

export async function startTestServer(listener: RequestListener, tls?: ServerOptions): Promise<TestServer> {
	const server = tls ? createHttpsServer(tls, listener) : createServer(listener);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

export async function readRequest(request: IncomingMessage): Promise<RecordedRequest> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) {
		chunks.push(chunk as Buffer);
	}

	return {method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8')};
}

export function answer(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'Content-Type': 'application/json', ...headers});
	response.end(body);
}
