// Starts the Ink app; loaded only on the interactive path so scripted runs never pay for Ink and React.

import {render} from 'ink';
import {usageExitCode} from '../errors/exit-codes.js';
import type {InteractiveCommand} from './interactive-command.js';
import {copyToClipboard} from '../clipboard/clipboard.js';
import type {DemoServer} from '../demo/demo-server.js';
import {exitCodeOf} from '../errors/exit-request.js';
import {type BoundedRead, BoundedReadError, caRead, readBoundedFile, readTypedKeyFile, serviceKeyRead} from '../files/read-bounded-text.js';
import {fetchToken} from '../oauth/fetch-token.js';
import {verifyTokenOf} from '../core/token-verification.js';
import {unknownProfileMessage} from '../presentation/profile-words.js';
import {parseServiceKey} from '../service-key/parse-service-key.js';
import {configDirectory} from '../profiles/config-directory.js';
import {createProfileStore} from '../profiles/profile-store.js';
import {App, type DemoValues} from './app.js';

/** A file named by a flag: bounded, and a FIFO waited for at most 10 s; the problem in words otherwise. */
async function readFlagFile(path: string, read: BoundedRead): Promise<{text: string} | {problem: string}> {
	try {
		return {text: await readBoundedFile(path, read)};
	} catch (error) {
		if (error instanceof BoundedReadError) {
			return {problem: error.message};
		}

		throw error;
	}
}

export async function runInteractive(command: InteractiveCommand): Promise<number> {
	// The store reads and writes profile files itself; conf, which takes longer to load (about 25 ms) than the first
	// screen takes to paint, is attached just after for the one thing it does here: migrating files of an older shape.
	const store = createProfileStore({directory: configDirectory(), ...(command.newSecretsIn ? {newSecretsIn: command.newSecretsIn} : {})});
	let ca: string | undefined;
	if (command.caPath !== undefined) {
		const read = await readFlagFile(command.caPath, caRead);
		if ('problem' in read) {
			process.stderr.write(`uaa-token: ${read.problem}\n`);
			return usageExitCode;
		}

		ca = read.text;
	}

	let serviceKeyText: string | undefined;
	if (command.serviceKeyPath !== undefined) {
		const read = command.serviceKeyPath === '-' ? undefined : await readFlagFile(command.serviceKeyPath, serviceKeyRead);
		if (read !== undefined && 'problem' in read) {
			process.stderr.write(`uaa-token: ${read.problem}\n`);
			return usageExitCode;
		}

		serviceKeyText = read?.text;
		const result = serviceKeyText === undefined ? undefined : parseServiceKey(serviceKeyText);
		if (!result?.ok) {
			process.stderr.write(
				`uaa-token: --service-key: ${result ? result.problem : `cannot read ${command.serviceKeyPath}${command.serviceKeyPath === '-' ? ' (stdin is the terminal here; use a file, or paste the key at the url step)' : ''}`}\n`,
			);
			return usageExitCode;
		}
	}

	if (command.profile !== undefined && !store.get(command.profile)) {
		process.stderr.write(`uaa-token: ${unknownProfileMessage(command.profile, store.list().map(profile => profile.name))}\n`);
		return usageExitCode;
	}

	let demo: DemoServer | undefined;
	async function startDemo(): Promise<DemoValues> {
		if (!demo) {
			const {startDemoServer} = await import('../demo/demo-server.js');
			demo = await startDemoServer();
		}

		return {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret, serviceUrl: demo.serviceUrl, user: {username: demo.user.username, password: demo.user.password}};
	}

	try {
		const demoValues = command.isDemo ? await startDemo() : undefined;
		const instance = render(
			<App
				store={store}
				isTutorial={command.isTutorial}
				initialNotices={command.notices?.map(notice => notice.charAt(0).toUpperCase() + notice.slice(1))}
				demoValues={demoValues}
				startDemo={startDemo}
				initialProfile={command.profile}
				isRefreshForced={command.refresh}
				initialValues={command.url === undefined && command.clientId === undefined ? undefined : {url: command.url ?? '', clientid: command.clientId ?? ''}}
				initialServiceKeyText={serviceKeyText}
				readTextFile={readTypedKeyFile}
				ca={ca}
				copyToClipboard={async text =>
					copyToClipboard(text, {
						env: process.env,
						platform: process.platform,
						writeToTerminal(sequence) {
							process.stdout.write(sequence);
						},
					})
				}
				waitLimitMs={command.timeoutMs}
				signInAs={command.userSignIn}
				signInWithBrowser={async ({onShown, ...options}) => {
					const {browserSignIn, browserSignInMinimumMs} = await import('../oauth/browser-sign-in.js');
					return browserSignIn({
						...options,
						port: command.redirectPort,
						timeoutMs: Math.max(command.timeoutMs, browserSignInMinimumMs),
						async showUrl(url) {
							if (!command.shouldOpenBrowser) {
								onShown(url, '--no-browser');
								return;
							}

							const {openBrowser} = await import('../oauth/open-browser.js');
							const opened = await openBrowser(url);
							onShown(url, opened.isOpened ? undefined : opened.reason);
						},
					});
				}}
				verifyToken={async (token, fields) => verifyTokenOf(token, fields, {ca, env: process.env, timeoutMs: command.timeoutMs, now: Date.now()})}
				transport={async (credentials, {onRetry, ...rest}) =>
					fetchToken(credentials, {...rest, ...(ca === undefined ? {} : {ca}), timeoutMs: command.timeoutMs, authMethod: command.authMethod, retry: {onRetry}})
				}
			/>,
			// Undefined leaves it to Ink, which reads INK_SCREEN_READER.
			{exitOnCtrlC: false, isScreenReaderEnabled: command.isScreenReader ? true : undefined},
		);
		// Ink erases as many rows as it drew last, but a narrowed terminal re-wraps those rows into more, and the
		// top of the old screen would stay above the new one; a cleared screen leaves only the new one.
		let columns = process.stdout.columns;
		const clearWhenNarrowed = () => {
			if (process.stdout.columns < columns) {
				process.stdout.write('\u001B[2J\u001B[H');
			}

			columns = process.stdout.columns;
		};

		// Before Ink's own listener, which draws the new screen.
		process.stdout.prependListener('resize', clearWhenNarrowed);
		// Bracketed paste: the terminal marks a paste, so its line breaks are text, not Enter, and a key pasted into
		// any field is recognised whole. Shells turn it on for themselves at each prompt; it is turned off on exit.
		const isBracketedPaste = process.stdout.isTTY && process.stdin.isTTY;
		if (isBracketedPaste) {
			process.stdout.write('\u001B[?2004h');
		}

		import('conf').then(
			({default: confClass}) => {
				store.attachConf(confClass);
			},
			() => {
				store.attachConf(undefined);
			},
		);
		try {
			await instance.waitUntilExit();
			return 0;
		} catch (error) {
			return exitCodeOf(error);
		} finally {
			process.stdout.off('resize', clearWhenNarrowed);
			if (isBracketedPaste) {
				process.stdout.write('\u001B[?2004l');
			}
		}
	} finally {
		await demo?.close();
	}
}
