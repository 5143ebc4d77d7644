import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, before, describe, it} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {openProfileStore} from '../../source/profiles/profile-store.js';
import {App, type AppProps} from '../../source/ui/app.js';
import {keys, renderApp} from '../helpers/ink.js';
import {createTestCa} from '../helpers/pki.js';

const secret = 'Imp0rt+Key$ecret=';

describe('service keys in the app: paste, file, confirm', () => {
	let demo: DemoServer;
	let directory: string;
	before(async () => {
		demo = await startDemoServer({clientSecret: secret});
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-import-'));
	});
	after(async () => {
		await demo.close();
		rmSync(directory, {recursive: true, force: true});
	});
	afterEach(() => {
		cleanup();
	});

	function app(overrides: Partial<AppProps> = {}) {
		return <App requestToken={async input => requestToken({...input, timeoutMs: 5000})} copyToClipboard={async () => {}} {...overrides} />;
	}

	function keyText() {
		return JSON.stringify({url: `${demo.uaaUrl}/service-api`, uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: secret, identityzone: 'demo-subaccount'}}, null, 2);
	}

	it('reads a pasted key, hides its secret, confirms, then gets the token', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3');
		await driver.press(`Getting key k for service instance i as me@example.test...\n\n${keyText()}\n`);
		await driver.waitFor('secrets hidden). Press Enter to read it.');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Read cf service-key output');
		assert.match(screen, /clientsecret\s+\*{8} \(17 characters, hidden\)/);
		assert.match(screen, new RegExp(`service url\\s+${demo.uaaUrl}/service-api`));
		assert.match(screen, /subaccount\s+demo-subaccount/);
		await driver.press(keys.enter);
		await driver.waitFor('Token received');
		assert.ok(!driver.allOutput().includes(secret), 'the secret never reaches the screen');
	});

	it('names the missing field of a malformed paste and keeps the url step', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3');
		await driver.press(JSON.stringify({uaa: {url: demo.uaaUrl, clientid: demo.clientId}}));
		await driver.press(keys.enter);
		const screen = await driver.waitFor('has no "clientsecret"');
		assert.match(screen, /Step 1\/3 url/);
	});

	it('goes back to an empty url step with Esc, and to the filled-in wizard with e', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3');
		await driver.press(keyText());
		await driver.press(keys.enter);
		await driver.waitFor('Read a service key');
		await driver.press(keys.escape);
		let screen = await driver.waitFor('Step 1/3');
		assert.doesNotMatch(screen, /a service key \(/);
		await driver.press(keyText());
		await driver.press(keys.enter);
		await driver.waitFor('Read a service key');
		await driver.press('e');
		screen = await driver.waitFor('Step 1/3');
		assert.match(screen, new RegExp(`> ${demo.uaaUrl}`));
	});

	it('reads a key file whose path is typed at the url step, and saves its service url with the profile', async () => {
		const read: string[] = [];
		const store = openProfileStore({directory});
		const driver = await renderApp(
			app({
				store,
				readTextFile(path) {
					read.push(path);
					return path === 'keys/demo.json' ? keyText() : undefined;
				},
			}),
		);
		await driver.waitFor('Step 1/3');
		await driver.typeText('keys/demo.json');
		await driver.press(keys.enter);
		await driver.waitFor('Read a service key');
		assert.deepEqual(read, ['keys/demo.json']);
		await driver.press(keys.enter);
		await driver.waitFor('press s to save');
		await driver.press('s');
		await driver.waitFor('Save these values as a profile');
		await driver.press(keys.enter);
		await driver.waitFor('too?');
		await driver.press('y');
		await driver.waitFor('Saved as the profile "local"');
		const stored = JSON.parse(readFileSync(store.pathOf('local'), 'utf8')) as {profile: Record<string, string>};
		assert.equal(stored.profile['serviceurl'], `${demo.uaaUrl}/service-api`);
	});

	it('never shows the text of a typed file that is not a service key, and keeps the path', async () => {
		const driver = await renderApp(app({readTextFile: () => 'clientid: sb-x\nclientsecret: Yaml+Secret$1\n'}));
		await driver.waitFor('Step 1/3');
		await driver.typeText('key.yaml');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('key.yaml: ');
		assert.match(screen, /> key\.yaml/);
		assert.ok(!driver.allOutput().includes('Yaml+Secret$1'), 'the file text stays off the screen');
	});

	it('offers "Import service key" in the picker', async () => {
		const store = openProfileStore({directory: mkdtempSync(join(tmpdir(), 'uaa-token-import-picker-'))});
		store.save({name: 'one', url: demo.uaaUrl, clientId: 'x', createdAt: new Date().toISOString(), lastUsedAt: new Date().toISOString()});
		const driver = await renderApp(app({store}));
		await driver.waitFor('› one');
		await driver.press('\u001B[B', '\u001B[B');
		await driver.waitFor('› + Import service key');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('Step 1/3');
		assert.match(screen.replaceAll('\n', ' '), /Paste the whole service key into the url step, or type the path of its file/);
		rmSync(store.directory, {recursive: true, force: true});
	});

	it('shows an X.509 key\'s certificate subject and expiry, and hides its private key', async () => {
		const client = await (await createTestCa()).issueClientCertificate('x509 demo client');
		const key = JSON.stringify({
			uaa: {'credential-type': 'x509', clientid: 'sb-x509!b1', url: demo.uaaUrl, certurl: demo.uaaUrl, certificate: client.cert, key: client.key},
		});
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3');
		await driver.press(key);
		await driver.press(keys.enter);
		const screen = await driver.waitFor('with an X.509 certificate');
		assert.match(screen, /certificate\s+CN=x509 demo client/);
		assert.match(screen, /valid until\s+\S+/);
		assert.match(screen, /key\s+private key, hidden/);
		assert.doesNotMatch(screen, /e edit the values/, 'an X.509 key has nothing to type');
		assert.ok(!driver.allOutput().includes('PRIVATE KEY'), 'the private key never reaches the screen');
	});
});
