// A token from the embedded demo server for tests that read a real token: the server starts before the suite and
// closes after it.

import {after, before} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {requestToken, type Token} from '../../source/oauth/token-client.js';

/** Call inside a describe; onReady receives the server and its token once the suite's before hook has run. */
export function withDemoToken(onReady: (demo: DemoServer, token: Token) => void): void {
	let demo: DemoServer | undefined;
	before(async () => {
		demo = await startDemoServer();
		onReady(demo, await requestToken({url: demo.uaaUrl, clientId: demo.clientId, clientSecret: demo.clientSecret}));
	});
	after(async () => {
		await demo?.close();
	});
}
