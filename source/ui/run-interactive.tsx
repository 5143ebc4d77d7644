// Starts the Ink app; loaded only on the interactive path so scripted runs never pay for Ink and React.

import {render} from 'ink';
import type {InteractiveCommand} from '../cli-options.js';
import {usageExitCode} from '../cli-options.js';
import {copyToClipboard} from '../clipboard.js';
import type {DemoServer} from '../demo/demo-server.js';
import {exitCodeOf} from '../errors/exit-request.js';
import {requestToken} from '../oauth/token-client.js';
import {configDirectory} from '../profiles/config-directory.js';
import {openProfileStore} from '../profiles/profile-store.js';
import {App, type DemoValues} from './app.js';

export async function runInteractive(command: InteractiveCommand): Promise<number> {
	const store = openProfileStore({directory: configDirectory()});
	if (command.profile !== undefined && !store.get(command.profile)) {
		const names = store.list().map(profile => profile.name);
		process.stderr.write(
			`uaa-token: there is no profile named "${command.profile}". ${names.length === 0 ? 'There are no saved profiles yet.' : `Saved profiles: ${names.join(', ')}.`}\n`,
		);
		return usageExitCode;
	}

	let demo: DemoServer | undefined;
	async function startDemo(): Promise<DemoValues> {
		if (!demo) {
			const {startDemoServer} = await import('../demo/demo-server.js');
			demo = await startDemoServer();
		}

		return {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret};
	}

	try {
		const demoValues = command.isDemo ? await startDemo() : undefined;
		const instance = render(
			<App
				store={store}
				demoValues={demoValues}
				startDemo={startDemo}
				initialProfile={command.profile}
				isRefreshForced={command.refresh}
				initialValues={command.url === undefined && command.clientId === undefined ? undefined : {url: command.url ?? '', clientid: command.clientId ?? ''}}
				copyToClipboard={copyToClipboard}
				requestToken={async ({onRetry, ...input}) => requestToken({...input, timeoutMs: command.timeoutMs, authMethod: command.authMethod, retry: {onRetry}})}
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
