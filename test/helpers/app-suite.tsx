// What every in-process app suite sets up: the demo server, a profile store in a fresh temp dir for each test, and
// the App wired to both.

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, beforeEach} from 'node:test';
import {cleanup} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import type {ProfileStore} from '../../source/profiles/profile-store.js';
import {App, type AppProps} from '../../source/ui/app.js';
import {fetchTransport} from './demo-transport.js';

export type AppSuite = {
	readonly demo: DemoServer;
	/** This test's config directory. */
	readonly directory: string;
	readonly store: ProfileStore;
	app: (overrides?: Partial<AppProps>) => ReactElement;
};

/** Registers the suite's hooks; call it inside describe. The fields are this test's once it runs. */
export function setUpAppSuite({clientSecret, directoryPrefix}: {clientSecret: string; directoryPrefix: string}): AppSuite {
	let demo: DemoServer | undefined;
	let directory: string | undefined;
	let store: ProfileStore | undefined;
	before(async () => {
		demo = await startDemoServer({clientSecret});
	});
	after(async () => {
		await demo?.close();
	});
	beforeEach(() => {
		directory = mkdtempSync(join(tmpdir(), directoryPrefix));
		store = openProfileStore({directory});
	});
	afterEach(() => {
		cleanup();
		if (directory !== undefined) {
			rmSync(directory, {recursive: true, force: true});
		}
	});

	const suite: AppSuite = {
		get demo() {
			return demo!;
		},
		get directory() {
			return directory!;
		},
		get store() {
			return store!;
		},
		app(overrides = {}) {
			return <App store={suite.store} transport={fetchTransport({timeoutMs: 5000})} copyToClipboard={async () => 'system'} {...overrides} />;
		},
	};
	return suite;
}
