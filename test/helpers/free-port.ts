// A port free on 127.0.0.1 a moment ago, for a process that must be told its port before it listens (--redirect-port).

import {type AddressInfo, createServer} from 'node:net';

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}
