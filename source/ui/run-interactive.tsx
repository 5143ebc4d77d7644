// Starts the Ink app; loaded only on the interactive path so scripted runs never pay for Ink and React.

import {render} from 'ink';
import type {CliOptions} from '../cli-options.js';
import {copyToClipboard} from '../clipboard.js';
import {exitCodeOf} from '../errors/exit-request.js';
import {requestToken} from '../oauth/token-client.js';
import {App, type DemoValues} from './app.js';

export async function runInteractive(options: CliOptions): Promise<number> {
	let demo: Awaited<ReturnType<typeof import('../demo/demo-server.js').startDemoServer>> | undefined;
	if (options.isDemo) {
		const {startDemoServer} = await import('../demo/demo-server.js');
		demo = await startDemoServer();
	}

	const demoValues: DemoValues | undefined = demo && {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret};
	try {
		const instance = render(
			<App
				demoValues={demoValues}
				copyToClipboard={copyToClipboard}
				requestToken={async input => requestToken({...input, timeoutMs: options.timeoutMs, authMethod: options.authMethod})}
			/>,
			{exitOnCtrlC: false},
		);
		try {
			await instance.waitUntilExit();
			return 0;
		} catch (error) {
			return exitCodeOf(error);
		}
	} finally {
		await demo?.close();
	}
}
