// Runs TooTallNate's forward proxy on 127.0.0.1, recording what it was asked to reach, as a corporate proxy stands in the way.

import {createServer, type IncomingMessage} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo, Socket} from 'node:net';
import {createProxy} from 'proxy';

export type ForwardProxyOptions = {
	/** Refuse every request: true or 407 asks for proxy credentials, 403 forbids the target. */
	refuse?: boolean | 403 | 407;
	/** Ask for these Basic credentials, answering 407 to requests without them. */
	credentials?: {username: string; password: string};
	/** Listen over TLS with this certificate, as an https:// proxy. */
	tls?: {cert: string; key: string};
};

export type ForwardProxy = {
	/** Like http://127.0.0.1:PORT (https with tls), without a trailing slash. */
	url: string;
	/** host:port of every CONNECT asked for, refused ones included. */
	connectTargets: string[];
	/** Absolute urls of plain (untunnelled) proxied requests. */
	requestUrls: string[];
	close(): Promise<void>;
};

type ConnectListener = (request: IncomingMessage, socket: Socket, head: Buffer) => void;

export async function startForwardProxy({refuse = false, credentials, tls}: ForwardProxyOptions = {}): Promise<ForwardProxy> {
	const connectTargets: string[] = [];
	const requestUrls: string[] = [];
	const sockets = new Set<Socket>();
	const server = tls ? createHttpsServer(tls) : createServer();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	// Added before the proxy's own listener, so it records first.
	server.on('request', (request: IncomingMessage) => {
		requestUrls.push(request.url ?? '');
		request.url = (request.url ?? '').replace(/^(https?:\/\/)[^:/]+\.test(?=[:/])/i, '$1127.0.0.1');
	});
	const proxy = createProxy(server);
	if (refuse === true || refuse === 407) {
		proxy.authenticate = () => false;
	} else if (credentials) {
		const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
		proxy.authenticate = request => request.headers['proxy-authorization'] === expected;
	}

	// The package has no hook to forbid, only to ask for credentials, so CONNECT goes through this first.
	const proxyConnect = server.listeners('connect')[0] as ConnectListener;
	server.removeAllListeners('connect');
	server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
		connectTargets.push(request.url ?? '');
		// Names under .test (RFC 2606) stand for remote hosts: the proxy reaches them on this machine, never through DNS.
		request.url = (request.url ?? '').replace(/^[^:/]+\.test:/i, '127.0.0.1:');
		if (refuse === 403) {
			socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
			return;
		}

		proxyConnect.call(server, request, socket, head);
	});

	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		connectTargets,
		requestUrls,
		async close() {
			// Tunnelled sockets are detached from the HTTP server, so closeAllConnections alone would miss them.
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
