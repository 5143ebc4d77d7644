// What every in-process App suite sets up: the demo server, a profile store in a fresh temp dir for each test (or
// for each run of a property, through freshStore), and the App wired to both, with the test's transport and
// clipboard. Every App suite starts here, so what "the App under test" means is decided once.

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
	/** Another store in a fresh temp dir, removed after the test: for a property whose every run starts clean. */
	freshStore: () => {directory: string; store: ProfileStore};
	app: (overrides?: Partial<AppProps>) => ReactElement;
};

export type AppSuiteOptions = {
	clientSecret: string;
	directoryPrefix: string;
	/** false: the App gets no store, so nothing is saved or offered. */
	withStore?: boolean;
	transport?: AppProps['transport'];
	copyToClipboard?: AppProps['copyToClipboard'];
};

/** Registers the suite's hooks; call it inside describe. The fields are this test's once it runs. */
export function setUpAppSuite({clientSecret, directoryPrefix, withStore = true, transport = fetchTransport({timeoutMs: 5000}), copyToClipboard = async () => 'system'}: AppSuiteOptions): AppSuite {
	let demo: DemoServer | undefined;
	let directory: string | undefined;
	let store: ProfileStore | undefined;
	const directories: string[] = [];
	const newDirectory = () => {
		const created = mkdtempSync(join(tmpdir(), directoryPrefix));
		directories.push(created);
		return created;
	};

	before(async () => {
		demo = await startDemoServer({clientSecret});
	});
	after(async () => {
		await demo?.close();
	});
	beforeEach(() => {
		directory = newDirectory();
		store = openProfileStore({directory});
	});
	afterEach(() => {
		cleanup();
		for (const created of directories.splice(0)) {
			rmSync(created, {recursive: true, force: true});
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
		freshStore() {
			const created = newDirectory();
			return {directory: created, store: openProfileStore({directory: created})};
		},
		app(overrides = {}) {
			return <App {...(withStore ? {store: suite.store} : {})} transport={transport} copyToClipboard={copyToClipboard} {...overrides} />;
		},
	};
	return suite;
}
