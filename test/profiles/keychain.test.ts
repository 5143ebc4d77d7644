// Secrets in the system keychain, against a real Secret Service (gnome-keyring in a private D-Bus session) and the
// built CLI: where a saved profile's secret and token go, the file fallback and what it says, moving secrets both
// ways, and a keychain that refuses or disappears mid-run (nothing lost, a clear message).

import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, afterEach, before, beforeEach, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {type KeychainSession, removeHome, startKeychainSession} from '../helpers/keychain-session.js';
import {type CliResult, cliPath, runProcess} from '../helpers/run-cli.js';

const secretVariable = 'UAA_TOKEN_CLIENT_SECRET';
const keychainModule = fileURLToPath(new URL('../../source/profiles/keychain.ts', import.meta.url));
const storeModule = fileURLToPath(new URL('../../source/profiles/profile-store.ts', import.meta.url));

describe('secrets in the system keychain', () => {
	let demo: DemoServer;
	let session: KeychainSession | undefined;
	let configDir: string;
	const homes: string[] = [];

	/** Runs the built CLI in the keychain session given (null: no D-Bus at all), never with the secret unless asked. */
	async function run(args: string[], {keychain = session, secret = false, extraEnv = {}}: {keychain?: KeychainSession | null; secret?: boolean; extraEnv?: Record<string, string>} = {}): Promise<CliResult> {
		const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: configDir, ...keychain?.env, UAA_TOKEN_CONFIG_DIR: configDir, ...(secret ? {[secretVariable]: demo.clientSecret} : {}), ...extraEnv};
		const result = await runProcess(process.execPath, [cliPath, ...args], {env});
		assert.ok(!result.stdout.includes(demo.clientSecret) && !result.stderr.includes(demo.clientSecret), 'the secret is never printed');
		return result;
	}

	/**
	 * The keychain entry, read through the session by a process of its own: the native binding keeps its D-Bus
	 * connection for the life of a process, so this one cannot move between sessions.
	 */
	async function entryIn(keychain: KeychainSession, account: string): Promise<unknown> {
		const read = `import {readKeychainSecrets} from ${JSON.stringify(keychainModule)}; process.stdout.write(JSON.stringify(readKeychainSecrets(${JSON.stringify(account)})));`;
		const result = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', read], {env: keychain.env});
		assert.equal(result.code, 0, result.stderr);
		return JSON.parse(result.stdout) as unknown;
	}

	const profileText = (name: string) => readFileSync(join(configDir, 'profiles', `${name}.json`), 'utf8');
	const accountOf = (name: string) => (JSON.parse(profileText(name)) as {profile: {keychain?: {account: string}}}).profile.keychain?.account;
	const save = async (name: string, {keychain = session, extra = [], extraEnv}: {keychain?: KeychainSession | null; extra?: string[]; extraEnv?: Record<string, string>} = {}) =>
		run(['--url', demo.uaaUrl, '--client-id', demo.clientId, '--print', '--save', name, ...extra], {keychain, secret: true, extraEnv});

	before(async () => {
		demo = await startDemoServer();
	});
	after(async () => {
		await demo.close();
	});
	beforeEach(async () => {
		configDir = mkdtempSync(join(tmpdir(), 'uaa-token-keychain-config-'));
		session = await startKeychainSession();
		homes.push(session.home);
	});
	afterEach(async () => {
		await session?.stop();
		rmSync(configDir, {recursive: true, force: true});
		for (const home of homes.splice(0)) {
			removeHome(home);
		}
	});

	it('a profile saved where a keychain is reachable keeps its secret and token there, and its file names the entry only', async () => {
		const saved = await save('kept');
		assert.equal(saved.code, 0, saved.stderr);
		const token = saved.stdout.trim();
		assert.match(saved.stderr, /^uaa-token: Saved the profile "kept" in .*kept\.json\. Its client secret and cached token are in the system keychain\.\n$/);
		const text = profileText('kept');
		assert.ok(!text.includes(demo.clientSecret) && !text.includes(token), 'neither the secret nor the token is in the file');
		const account = accountOf('kept');
		assert.match(account ?? '', /^[\da-f-]{36}$/);
		assert.deepEqual(await entryIn(session!, account!), {kind: 'found', secrets: {clientsecret: demo.clientSecret, access_token: token}});

		const requests = demo.tokenRequestCount();
		const cached = await run(['--profile', 'kept', '--print']);
		assert.equal(cached.code, 0, cached.stderr);
		assert.equal(cached.stdout.trim(), token, 'the cached token, read from the keychain');
		assert.equal(demo.tokenRequestCount(), requests, 'no request for a cached token');

		const refreshed = await run(['--profile', 'kept', '--refresh', '--print']);
		assert.equal(refreshed.code, 0, refreshed.stderr);
		assert.notEqual(refreshed.stdout.trim(), token);
		assert.deepEqual(await entryIn(session!, account!), {kind: 'found', secrets: {clientsecret: demo.clientSecret, access_token: refreshed.stdout.trim()}}, 'the saved secret signed the new request, and the new token replaced the old');

		const list = await run(['profiles']);
		assert.match(list.stdout, /^kept {2}127\.0\.0\.1:\d+ {2}valid .* {2}secret in keychain$/m);
		const listJson = JSON.parse((await run(['profiles', '--json'])).stdout) as Array<{secretStorage: string}>;
		assert.equal(listJson[0]!.secretStorage, 'keychain');

		const removed = await run(['profiles', 'remove', 'kept']);
		assert.match(removed.stderr, /Also removed its secrets from the system keychain \(entry "uaa-token" [\da-f-]{36}\)\./);
		assert.deepEqual(await entryIn(session!, account!), {kind: 'missing'});
	});

	it('a user profile keeps its refresh token in the keychain entry, never in its file, and refreshes from there', async () => {
		const user = {UAA_TOKEN_USERNAME: demo.user.username, UAA_TOKEN_PASSWORD: demo.user.password};
		const saved = await save('jane', {extra: ['--grant', 'password'], extraEnv: user});
		assert.equal(saved.code, 0, saved.stderr);
		assert.match(saved.stderr, /Its client secret, cached token and refresh token are in the system keychain\./);
		const text = profileText('jane');
		assert.doesNotMatch(text, /refresh_token/, 'the file holds no refresh token');
		assert.ok(!text.includes(demo.user.password));
		const entry = (await entryIn(session!, accountOf('jane')!)) as {secrets: {refresh_token?: string}};
		assert.match(entry.secrets.refresh_token ?? '', /-r$/);

		const before = demo.grantCount('refresh_token');
		const refreshed = await run(['--profile', 'jane', '--refresh', '--print']);
		assert.equal(refreshed.code, 0, refreshed.stderr);
		assert.equal(demo.grantCount('refresh_token') - before, 1, 'refreshed with the refresh token read from the keychain');
		const after = (await entryIn(session!, accountOf('jane')!)) as {secrets: {refresh_token?: string}};
		assert.ok(after.secrets.refresh_token && after.secrets.refresh_token !== entry.secrets.refresh_token, 'the new refresh token replaced the used one');
	});

	it('no keychain reachable: the secret goes to the 0600 file, and saving says so once, with why and how to move it', async () => {
		const saved = await save('headless', {keychain: null});
		assert.equal(saved.code, 0, saved.stderr);
		assert.match(
			saved.stderr,
			/^uaa-token: Saved the profile "headless" in .*headless\.json\. Its client secret is stored in that file, readable only by you, not in a system keychain: no D-Bus session is running, so no Secret Service can be reached \(DBUS_SESSION_BUS_ADDRESS is not set\)\. To move it into one later: uaa-token profiles store-secrets keychain headless\n$/,
		);
		assert.ok(profileText('headless').includes(demo.clientSecret));
		assert.equal(statSync(join(configDir, 'profiles', 'headless.json')).mode & 0o777, 0o600);
		const again = await run(['--profile', 'headless', '--refresh', '--print'], {keychain: null});
		assert.equal(again.code, 0, again.stderr);
		assert.equal(again.stderr, '', 'said on saving, not on every use');

		const insecure = await save('chosen', {extra: ['--insecure-storage']});
		assert.equal(insecure.code, 0, insecure.stderr);
		assert.match(insecure.stderr, /stored in that file, readable only by you, not in a system keychain: --insecure-storage was given\./);
		assert.equal(accountOf('chosen'), undefined);
		const list = await run(['profiles']);
		assert.match(list.stdout, /^chosen .* secret in file$/m);
	});

	it('a keychain that refuses (locked, with no way to ask for its password): the secret goes to the file, saying why', async () => {
		const bare = await startKeychainSession({withKeyring: false});
		homes.push(bare.home);
		try {
			const saved = await save('bare', {keychain: bare});
			assert.equal(saved.code, 0, saved.stderr);
			assert.match(saved.stderr, /stored in that file, readable only by you, not in a system keychain: the system keychain refused it \(/);
			assert.ok(profileText('bare').includes(demo.clientSecret));
		} finally {
			await bare.stop();
		}
	});

	it('existing profiles keep working, and store-secrets moves their secrets into the keychain and back', async () => {
		const saved = await save('older', {keychain: null});
		const token = saved.stdout.trim();
		const used = await run(['--profile', 'older', '--print']);
		assert.equal(used.stdout.trim(), token, 'a file profile is used as it is where a keychain is reachable');
		assert.equal(accountOf('older'), undefined, 'and is not moved by surprise');

		const moved = await run(['profiles', 'store-secrets', 'keychain']);
		assert.equal(moved.code, 0, moved.stderr);
		assert.equal(moved.stderr, 'uaa-token: Moved the secrets of the profile "older" into the system keychain.\n');
		assert.ok(!profileText('older').includes(demo.clientSecret) && !profileText('older').includes(token));
		const account = accountOf('older')!;
		assert.deepEqual(await entryIn(session!, account), {kind: 'found', secrets: {clientsecret: demo.clientSecret, access_token: token}});
		assert.equal((await run(['--profile', 'older', '--print'])).stdout.trim(), token);

		const again = await run(['profiles', 'store-secrets', 'keychain', 'older']);
		assert.equal(again.stderr, 'uaa-token: The profile "older" keeps its secrets in the system keychain already.\n');

		const back = await run(['profiles', 'store-secrets', 'file', 'older']);
		assert.equal(back.code, 0, back.stderr);
		assert.ok(profileText('older').includes(demo.clientSecret));
		assert.deepEqual(await entryIn(session!, account), {kind: 'missing'}, 'no second copy is left in the keychain');
		assert.equal((await run(['--profile', 'older', '--print'])).stdout.trim(), token);

		const nowhere = await run(['profiles', 'store-secrets', 'keychain', 'older'], {keychain: null});
		assert.equal(nowhere.code, 4);
		assert.match(nowhere.stderr, /cannot be used here: no D-Bus session is running/);
		assert.ok(profileText('older').includes(demo.clientSecret), 'left as it was');
	});

	it('an X.509 profile keeps its private key in the keychain and its certificate, which is public, in the file', async () => {
		const certificate = '-----BEGIN CERTIFICATE-----\nMIIBpublicpart\n-----END CERTIFICATE-----';
		const key = '-----BEGIN PRIVATE KEY-----\nMIIEprivatepart\n-----END PRIVATE KEY-----';
		const script = `
			import {createProfileStore} from ${JSON.stringify(storeModule)};
			const directory = process.env.UAA_TOKEN_CONFIG_DIR;
			const time = new Date().toISOString();
			const created = createProfileStore({directory}).create({
				name: 'cert', url: 'https://sub.authentication.eu10.hana.ondemand.com', clientId: 'sb-x509!t1',
				certUrl: 'https://sub.authentication.cert.eu10.hana.ondemand.com', certificate: ${JSON.stringify(certificate)}, key: ${JSON.stringify(key)},
				createdAt: time, lastUsedAt: time,
			});
			const read = createProfileStore({directory}).get('cert');
			process.stdout.write(JSON.stringify({storage: created.secretStorage.kind, key: read.key, certificate: read.certificate}));`;
		const result = await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {env: {...session!.env, UAA_TOKEN_CONFIG_DIR: configDir}});
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(JSON.parse(result.stdout), {storage: 'keychain', key, certificate});
		const text = profileText('cert');
		assert.ok(!text.includes('MIIEprivatepart'), 'the private key is not in the file');
		assert.ok(text.includes('MIIBpublicpart'), 'the certificate is');
		assert.deepEqual(await entryIn(session!, accountOf('cert')!), {kind: 'found', secrets: {key}});
		assert.match((await run(['profiles'])).stdout, /^cert .* X\.509 key in keychain$/m);
	});

	it('an entry deleted in the keychain: the profile says so, and a new token is kept in a new entry', async () => {
		await save('deleted');
		const account = accountOf('deleted')!;
		const remove = `import {removeKeychainSecrets} from ${JSON.stringify(keychainModule)}; process.stdout.write(String(removeKeychainSecrets(${JSON.stringify(account)})));`;
		assert.equal((await runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', remove], {env: session!.env})).stdout, 'true');

		const asked = await run(['--profile', 'deleted', '--print']);
		assert.equal(asked.code, 2);
		assert.match(asked.stderr, /The profile "deleted" has no saved client secret \(its keychain entry is gone\)\. Set UAA_TOKEN_CLIENT_SECRET/);
		assert.match((await run(['profiles'])).stdout, /^deleted .* secret not saved \(keychain entry gone\)$/m);
		const again = await run(['--profile', 'deleted', '--print'], {secret: true});
		assert.equal(again.code, 0, again.stderr);
		assert.deepEqual(await entryIn(session!, account), {kind: 'found', secrets: {access_token: again.stdout.trim()}}, 'the entry is back, with the new token');
	});

	it('a keychain that disappears mid-run: a clear message and exit 4, the file untouched, and everything back with the keychain', async () => {
		const saved = await save('gone');
		const token = saved.stdout.trim();
		const before = profileText('gone');
		const stale = session!;
		await stale.stop();

		const cached = await run(['--profile', 'gone', '--print'], {keychain: stale});
		assert.equal(cached.code, 4, cached.stderr);
		assert.match(cached.stderr, /^uaa-token: the system keychain \(entry "uaa-token" [\da-f-]{36}\): holds the client secret of the profile "gone", but the system keychain could not be read: .*\n {2}What to do: Unlock the keychain, or run this in the desktop session that has it; the profile was left as it is\. Or set UAA_TOKEN_CLIENT_SECRET for this run\.\n$/);
		assert.equal(cached.stdout, '');
		const withSecret = await run(['--profile', 'gone', '--print'], {keychain: stale, secret: true});
		assert.equal(withSecret.code, 4, 'the token is fetched and printed, but cannot be kept');
		assert.match(withSecret.stdout, /^eyJ/);
		assert.match(withSecret.stderr, /the system keychain could not be read/);
		assert.equal(profileText('gone'), before, 'the profile file is as it was');

		session = await startKeychainSession({home: stale.home});
		const back = await run(['--profile', 'gone', '--print']);
		assert.equal(back.code, 0, back.stderr);
		assert.equal(back.stdout.trim(), token, 'the secret and the cached token are still there');
	});
});
