import assert from 'node:assert/strict';
import {X509Certificate} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {formatLocalDateTime} from '../../source/presentation/time.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {type AppDriver, keys, renderApp, unwrap} from '../helpers/ink.js';
import {createTestCa} from '../helpers/pki.js';

// Distinctive, and holding +, $, / and =, so any leak to the screen is unmistakable.
const secret = 'Srv1ce+Key$ecret/Never=Shown';
const cfHeader = 'Getting key k for service instance i as me@example.test...';
const importNotice = 'Paste the whole service key into the url step, or type the path of its file, then press Enter.';

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('service keys at the url step: paste, file, confirm, save', () => {
	const suite = setUpAppSuite({clientSecret: secret, directoryPrefix: 'uaa-token-service-key-'});
	const {app} = suite;

	const serviceUrl = () => `${suite.demo.uaaUrl}/service-api`;

	/** A key of a service protected by XSUAA: the service's own url at the top, the uaa values nested. */
	function plainKey(uaa: Record<string, string> = {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}): string {
		return JSON.stringify({url: serviceUrl(), uaa}, null, 2);
	}

	function hiddenKeyLine(length: number): string {
		return `> a service key (${length} characters, secrets hidden). Press Enter to read it, Esc to drop it.`;
	}

	/** Checks the confirmation screen of plainKey(): every value but the secret, which is only counted. */
	function assertConfirmsPlainKey(screen: string) {
		assert.match(screen, new RegExp(`^url\\s+${escapeRegExp(suite.demo.uaaUrl)}\\s*$`, 'm'));
		assert.match(screen, new RegExp(`^clientid\\s+${escapeRegExp(suite.demo.clientId)}\\s*$`, 'm'));
		assert.match(screen, new RegExp(`^clientsecret\\s+\\*{8} \\(${secret.length} characters, hidden\\)`, 'm'));
		assert.ok(unwrap(screen).includes(`service url ${serviceUrl()} (the service's API, kept for later)`), screen);
		assert.match(screen, new RegExp(`^token URL\\s+${escapeRegExp(suite.demo.uaaUrl)}/oauth/token\\s*$`, 'm'));
	}

	/** Pastes text into the url step as one write, the way a terminal delivers a paste, and waits for it to be hidden. */
	async function paste(driver: AppDriver, text: string) {
		await driver.waitFor('Step 1/3 url');
		await driver.press(text);
		await driver.waitFor('secrets hidden). Press Enter to read it, Esc to drop it.');
	}

	it('hides a pasted key, confirms it with the secret masked, then gets a token', async () => {
		const driver = await renderApp(app());
		const key = plainKey();
		await paste(driver, key);
		const pasted = driver.screen();
		assert.ok(unwrap(pasted).includes(hiddenKeyLine(key.length)), pasted);
		assert.match(pasted, /Step 1\/3 url/);
		await driver.press(keys.enter);
		const screen = await driver.waitFor('✓ Read a service key');
		assertConfirmsPlainKey(screen);
		assert.match(screen, /Enter get a token/);
		await driver.press(keys.enter);
		const result = unwrap(await driver.waitFor('Token received'));
		assert.match(result, new RegExp(`curl -g -H 'Authorization: Bearer eyJhbGci…[\\w-]{6}' '${escapeRegExp(serviceUrl())}'`), 'the next step calls the key\'s API');
		assert.ok(!driver.allOutput().includes(secret), 'the clientsecret never reaches the screen');
	});

	it('leaves a top-level url out of the next step when the command would send the token unencrypted', async () => {
		const driver = await renderApp(app());
		await paste(driver, JSON.stringify({url: 'http://recommendation.example.test', uaa: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret}}));
		await driver.press(keys.enter);
		await driver.waitFor('✓ Read a service key');
		await driver.press(keys.enter);
		const result = unwrap(await driver.waitFor('Token received'));
		assert.match(result, /curl -g -H 'Authorization: Bearer eyJhbGci…[\w-]{6}' '<API url>'/);
		assert.doesNotMatch(result, /recommendation\.example\.test'/);
	});

	it('reads pasted cf service-key output, header line and all, the same way', async () => {
		const driver = await renderApp(app());
		const text = `${cfHeader}\n\n${plainKey()}`;
		await paste(driver, text);
		assert.ok(unwrap(driver.screen()).includes(hiddenKeyLine(text.length)), 'the line breaks survive the paste');
		assert.doesNotMatch(driver.screen(), /Getting key/, 'the header is hidden with the rest of the paste');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('✓ Read cf service-key output');
		assertConfirmsPlainKey(screen);
		await driver.press(keys.enter);
		await driver.waitFor('Token received');
		assert.ok(!driver.allOutput().includes(secret), 'the clientsecret never reaches the screen');
	});

	it('keeps a malformed key at the url step, naming the missing clientsecret, with the text left to edit', async () => {
		const driver = await renderApp(app());
		const key = plainKey({url: suite.demo.uaaUrl, clientid: suite.demo.clientId});
		await paste(driver, key);
		await driver.press(keys.enter);
		let screen = await driver.waitFor('has no "clientsecret"');
		assert.ok(unwrap(screen).includes('✗ The "uaa" section has no "clientsecret".'), screen);
		assert.match(screen, /Step 1\/3 url/);
		assert.doesNotMatch(screen, /Read a service key/);
		assert.ok(unwrap(screen).includes(hiddenKeyLine(key.length)), 'the pasted text is still there');
		// The input still holds the text: Backspace edits it, and an edit clears the problem.
		await driver.press(keys.backspace);
		screen = await driver.waitFor(hiddenKeyLine(key.length - 1));
		assert.doesNotMatch(screen, /has no "clientsecret"/);
	});

	it('takes a key that comes in pieces whole, apart from letters typed before it; Backspace takes from its end, several at once too', async () => {
		const driver = await renderApp(app());
		await driver.waitFor('Step 1/3 url');
		const key = plainKey();
		// Written back to back, as a terminal passes a long paste on: no render comes between the pieces.
		driver.stdin.write('ht');
		driver.stdin.write(key.slice(0, 100));
		driver.stdin.write(key.slice(100));
		await driver.waitFor(hiddenKeyLine(key.length));
		await driver.press('\u007F\u007F\u007F');
		await driver.waitFor(hiddenKeyLine(key.length - 3));
		assert.ok(!driver.allOutput().includes(secret));
		// Esc drops the key and leaves what was typed before it.
		await driver.press(keys.escape);
		const screen = await driver.waitFor(/^> ht ?$/m);
		assert.doesNotMatch(screen, /a service key \(/);
	});

	it('drops the key on Esc at the confirmation screen, back to an empty url step', async () => {
		const driver = await renderApp(app());
		await paste(driver, plainKey());
		await driver.press(keys.enter);
		const confirm = await driver.waitFor('✓ Read a service key');
		assert.match(confirm, /Esc back/);
		await driver.press(keys.escape);
		const screen = await driver.waitFor('Step 1/3 url');
		assert.doesNotMatch(screen, /a service key \(/, 'nothing of the key is left');
		assert.doesNotMatch(screen, /Read a service key/);
		assert.ok(screen.includes('> e.g. https://<subdomain>.authentication.<region>.hana.ondemand.com'), 'the empty input shows its placeholder');
		// Enter on the empty step proves the value is empty, not just hidden.
		await driver.press(keys.enter);
		await driver.waitFor('Enter the url from the uaa section of your service key.');
		assert.ok(!driver.allOutput().includes(secret));
	});

	it('opens the wizard with the key\'s values filled in on e', async () => {
		const driver = await renderApp(app());
		await paste(driver, plainKey());
		await driver.press(keys.enter);
		const confirm = await driver.waitFor('✓ Read a service key');
		assert.match(confirm, /e edit the values/);
		await driver.press('e');
		let screen = await driver.waitFor('Step 1/3 url');
		assert.ok(screen.includes(`> ${suite.demo.uaaUrl}`), screen);
		assert.doesNotMatch(screen, /a service key \(/, 'the url is shown as a url, not as a hidden key');
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 2/3 clientid');
		assert.ok(screen.includes(`> ${suite.demo.clientId}`), screen);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 3/3 clientsecret');
		assert.ok(screen.includes(`> kept: ${secret.length} characters`), 'the secret is kept, shown by its length only');
		await driver.press(keys.enter);
		await driver.waitFor('Token received');
		assert.ok(!driver.allOutput().includes(secret));
	});

	it('shows the subaccount when the key names its identity zone', async () => {
		const driver = await renderApp(app());
		await paste(driver, plainKey({url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: secret, identityzone: 'demo-subaccount'}));
		await driver.press(keys.enter);
		const screen = await driver.waitFor('✓ Read a service key');
		assert.match(screen, /^subaccount\s+demo-subaccount\s*$/m);
	});

	it('never shows the text of a typed file that is not a service key, and keeps the path', async () => {
		const driver = await renderApp(app({readTextFile: () => 'clientid: sb-x\nclientsecret: Yaml+Secret$1\n'}));
		await driver.waitFor('Step 1/3 url');
		await driver.typeText('key.yaml');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('key.yaml: ');
		assert.match(screen, /> key\.yaml/);
		assert.ok(!driver.allOutput().includes('Yaml+Secret$1'), 'the file text stays off the screen');
	});

	it('reads the key file whose path is typed at the url step through readTextFile', async () => {
		writeFileSync(join(suite.directory, 'my-key.json'), plainKey());
		const read: string[] = [];
		const driver = await renderApp(
			app({
				readTextFile(path) {
					read.push(path);
					try {
						return readFileSync(join(suite.directory, path), 'utf8');
					} catch {
						return undefined;
					}
				},
			}),
		);
		await driver.waitFor('Step 1/3 url');
		await driver.typeText('my-key.json');
		await driver.waitFor('> my-key.json');
		assert.deepEqual(read, [], 'nothing is read before Enter');
		await driver.press(keys.enter);
		const screen = await driver.waitFor('✓ Read a service key');
		assert.deepEqual(read, ['my-key.json']);
		assertConfirmsPlainKey(screen);
		assert.ok(!driver.allOutput().includes(secret));
	});

	it('starts the url step from the picker\'s "+ Import service key" with a notice on what to do', async () => {
		const now = new Date().toISOString();
		suite.store.save({name: 'one', url: suite.demo.uaaUrl, clientId: suite.demo.clientId, createdAt: now, lastUsedAt: now});
		const driver = await renderApp(app({store: openProfileStore({directory: suite.directory})}));
		await driver.waitFor('› one');
		let screen = driver.screen();
		assert.match(screen, /\+ Import service key/);
		for (let attempt = 0; attempt < 5 && !/› \+ Import service key/.test(screen); attempt++) {
			// eslint-disable-next-line no-await-in-loop -- one key at a time
			await driver.press('\u001B[B');
			screen = driver.screen();
		}

		screen = await driver.waitFor('› + Import service key');
		assert.doesNotMatch(screen, /› one/);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 1/3 url');
		assert.ok(unwrap(screen).includes(importNotice), screen);
		// The notice belongs to the url step, so it is still there after the screen settles.
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
		assert.ok(unwrap(driver.screen()).includes(importNotice), driver.screen());
	});

	it('saves a profile from a pasted key with the key\'s service url', async () => {
		const driver = await renderApp(app());
		await paste(driver, plainKey());
		await driver.press(keys.enter);
		await driver.waitFor('✓ Read a service key');
		await driver.press(keys.enter);
		await driver.waitFor('press s to save these values as a profile');
		await driver.press('s');
		await driver.waitFor('Save these values as a profile');
		await driver.press(keys.enter);
		await driver.waitFor('too?');
		await driver.press('y');
		const screen = await driver.waitFor(/Saved as the profile "[^"]+"/);
		const name = /Saved as the profile "([^"]+)"/.exec(screen)![1]!;
		const stored = JSON.parse(readFileSync(join(suite.directory, 'profiles', `${name}.json`), 'utf8')) as {profile: Record<string, unknown>};
		assert.equal(stored.profile['serviceurl'], serviceUrl());
		assert.equal(stored.profile['url'], suite.demo.uaaUrl);
		assert.equal(stored.profile['clientid'], suite.demo.clientId);
		assert.equal(stored.profile['clientsecret'], secret, 'y stores the secret too');
		assert.ok(!driver.allOutput().includes(secret));
	});

	it('shows an X.509 key\'s certificate subject and expiry, and hides its private key', async () => {
		const client = await (await createTestCa()).issueClientCertificate('x509 service key client');
		// A fixed clock, taken after the certificate was made, keeps the days left steady while rendering.
		const fixedNow = Date.now();
		const validTo = Date.parse(new X509Certificate(client.cert).validTo);
		const certUrl = 'https://x509-test.authentication.cert.eu10.hana.ondemand.com';
		const key = JSON.stringify({
			url: 'https://service.example.test',
			uaa: {
				'credential-type': 'x509',
				url: 'https://x509-test.authentication.eu10.hana.ondemand.com',
				certurl: certUrl,
				clientid: 'sb-x509-client!b42',
				certificate: client.cert,
				key: client.key,
			},
		});
		const driver = await renderApp(app({now: () => fixedNow}));
		await paste(driver, key);
		await driver.press(keys.enter);
		const screen = await driver.waitFor('with an X.509 certificate');
		const flat = unwrap(screen);
		assert.match(screen, /Read a service key with an X\.509 certificate/);
		assert.match(screen, /^url\s+https:\/\/x509-test\.authentication\.eu10\.hana\.ondemand\.com\s*$/m);
		assert.match(screen, new RegExp(`^certurl\\s+${escapeRegExp(certUrl)}\\s*$`, 'm'));
		assert.match(screen, /^clientid\s+sb-x509-client!b42\s*$/m);
		assert.match(screen, /^certificate\s+CN=x509 service key client\s*$/m);
		assert.ok(flat.includes(unwrap(`valid until ${formatLocalDateTime(validTo)}`)), screen);
		// test/helpers/pki.ts issues client certificates valid for one day from now, so this one is inside the
		// 7-day warning window, with less than a whole day left: the warning says so.
		assert.ok(validTo - fixedNow < 24 * 3600 * 1000);
		assert.ok(flat.includes('(expires within a day: create a new key soon)'), screen);
		assert.doesNotMatch(flat, /expired/);
		assert.match(screen, /^key\s+private key, hidden\s*$/m);
		assert.match(screen, new RegExp(`^token URL\\s+${escapeRegExp(certUrl)}/oauth/token\\s*$`, 'm'), 'the token comes from the certurl');
		assert.doesNotMatch(screen, /clientsecret/);
		assert.doesNotMatch(screen, /e edit the values/, 'an X.509 key has nothing to type');
		const output = driver.allOutput();
		assert.ok(!output.includes('PRIVATE KEY'), 'the private key never reaches the screen');
		const keyBody = client.key.split('\n')[1]!;
		assert.ok(keyBody.length > 20 && !output.includes(keyBody));
	});
});
