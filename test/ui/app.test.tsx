import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {verifyTokenOf} from '../../source/core/token-verification.js';
import {ExitRequest} from '../../source/errors/exit-request.js';
import {setUpAppSuite} from '../helpers/app-suite.js';
import {fetchTransport} from '../helpers/demo-transport.js';
import {answer, startTestServer, type TestServer} from '../helpers/http-server.js';
import {type OidcTestServer, startOidcServer} from '../helpers/oidc-server.js';
import {keys, renderApp, unwrap, walkToSecret} from '../helpers/ink.js';

const realSecretLike = 'Zq9+Uu$3/x=Secret';

describe('the wizard, driven by keys against real servers', () => {
	const copied: string[] = [];
	const suite = setUpAppSuite({
		clientSecret: realSecretLike,
		directoryPrefix: 'uaa-token-app-',
		withStore: false,
		async copyToClipboard(text) {
			copied.push(text);
			return 'system';
		},
	});
	const {app} = suite;
	let htmlServer: TestServer;
	let flakyServer: TestServer;
	let flakyAnswers = 0;
	let oidcServer: OidcTestServer;
	const oidcClient = {clientId: 'sb-wizard!t7|broker!b3', clientSecret: 'o+i$d/c=Secret+9', authMethod: 'client_secret_basic'} as const;
	before(async () => {
		oidcServer = await startOidcServer([oidcClient]);
		flakyServer = await startTestServer((_request, response) => {
			flakyAnswers++;
			if (flakyAnswers === 1) {
				answer(response, 503, 'busy', {'Content-Type': 'text/plain'});
			} else {
				answer(response, 200, JSON.stringify({access_token: 'a'.repeat(40), token_type: 'bearer', expires_in: 60}));
			}
		});
		htmlServer = await startTestServer((_request, response) => {
			answer(response, 200, '<html><body>Log on</body></html>', {'Content-Type': 'text/html'});
		});
	});
	after(async () => {
		await htmlServer.close();
		await oidcServer.close();
		await flakyServer.close();
	});

	async function typeAndEnter(driver: Awaited<ReturnType<typeof renderApp>>, text: string) {
		await driver.typeText(text);
		await driver.press(keys.enter);
	}

	it('opens at step 1, url, with a hint saying where the value is', async () => {
		const driver = await renderApp(app());
		const screen = await driver.waitFor('Step 1/3');
		assert.match(screen, /Step 1\/3 url/);
		assert.match(screen, /The "url" in the service key's "uaa" section, not the top-level "url"; or paste the whole key\./);
		assert.doesNotMatch(screen, /Esc back/, 'there is nothing to go back to at step 1');
	});

	it('walks all three steps to a result screen with every field, never showing the secret', async () => {
		const driver = await renderApp(app());
		await typeAndEnter(driver, `${suite.demo.uaaUrl}/oauth/token?grant_type=client_credentials`);
		let screen = await driver.waitFor('Step 2/3 clientid');
		assert.match(screen, /Removed "\/oauth\/token" and "\?grant_type=client_credentials"/);
		assert.match(screen, /Username/);
		await typeAndEnter(driver, suite.demo.clientId);
		screen = await driver.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /Password/);
		await driver.typeText(realSecretLike);
		screen = await driver.waitFor('*'.repeat(realSecretLike.length));
		await driver.press(keys.enter);
		screen = await driver.waitFor('Token received');
		assert.match(screen, /token_type\s+bearer/);
		assert.match(screen, /expires_in\s+43199 s \(11 h 59 min 59 s\)/);
		assert.match(screen, /expires at\s+\S+/);
		assert.match(screen, /remaining\s+11 h 59 min 5\d s left/);
		assert.match(screen, /scope\s+uaa\.resource\n\s+demo-recommendation!t1234\.Read\n\s+demo-recommendation!t1234\.Write/);
		assert.match(screen, /jti\s+[\da-f]{32}/);
		assert.match(screen, /access_token\s+eyJhbGci…\S{6}\s+\(\d+ characters, hidden\)/);
		assert.match(screen, /auth method\s+client_secret_post/);
		assert.match(screen, /v show token.*c copy token.*q quit/);
		assert.ok(!driver.allOutput().includes(realSecretLike), 'the secret never reaches the screen');
	});

	it('gets a token from oidc-provider, an independent OAuth server, with a + in the secret', async () => {
		const driver = await renderApp(app());
		await typeAndEnter(driver, oidcServer.url);
		await driver.waitFor('Step 2/3');
		await typeAndEnter(driver, oidcClient.clientId);
		await driver.waitFor('Step 3/3');
		await typeAndEnter(driver, oidcClient.clientSecret);
		const screen = await driver.waitFor('Token received');
		assert.match(screen, /token_type\s+bearer/);
		assert.match(screen, /auth method\s+client_secret_basic/, 'oidc-provider refuses body credentials for this client, so auto fell back');
		assert.match(screen, /scope\s+none sent/);
		assert.match(screen, /jti\s+not sent by the server/);
		assert.ok(!driver.allOutput().includes(oidcClient.clientSecret));
	});

	it('reveals, hides and copies the token, and quits with q', async () => {
		copied.length = 0;
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		assert.ok(!/eyJ[\w-]{40,}/.test(driver.screen()), 'masked by default');
		await driver.press('v');
		const revealed = await driver.waitFor('shown in full below');
		const fullToken = /access_token:\n([\w.\n-]+?)\n\n/.exec(revealed)![1]!.replaceAll('\n', '');
		assert.equal(fullToken.split('.').length, 3);
		await driver.press('v');
		await driver.waitFor('hidden)');
		await driver.press('c');
		await driver.waitFor('The access_token is on the system clipboard.');
		assert.deepEqual(copied, [fullToken]);
		await driver.press('q');
		assert.equal(await driver.exited, undefined, 'q ends the app without an error');
	});

	it('shows the next step as a curl command with the token masked, and C copies it with the whole token', async () => {
		copied.length = 0;
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		const screen = unwrap(await driver.waitFor('Next step'));
		const masked = /curl -g -H 'Authorization: Bearer (eyJhbGci…[\w-]{6})' '<API url>'/.exec(screen)?.[1];
		assert.ok(masked, `a masked curl command:\n${screen}`);
		assert.match(screen, /Replace <API url> with the top-level "url" of your service key/);
		await driver.press('C');
		await driver.waitFor('The curl command, with the full token, is on the system clipboard.');
		const [command] = copied;
		const token = /^curl -g -H 'Authorization: Bearer ([\w.-]+)' '<API url>'$/.exec(command ?? '')?.[1];
		assert.ok(token, `the copied command: ${command}`);
		assert.ok(token.startsWith(masked.slice(0, 8)) && token.endsWith(masked.slice(-6)) && token.length > 100, 'the whole token behind the mask');
	});

	it('opens what the token contains with i, and goes back with i or Esc', async () => {
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		await driver.press('i');
		let screen = await driver.waitFor('Claims');
		assert.match(unwrap(screen), /not verified/i);
		assert.match(screen, /zid/);
		assert.doesNotMatch(screen, /token_type\s+bearer/, 'the decoded token replaces the answer\'s fields');
		await driver.press(keys.escape);
		screen = await driver.waitFor('token_type');
		await driver.press('i');
		await driver.waitFor('Claims');
		await driver.press('i');
		await driver.waitFor('Next step');
	});

	it('verifies the token when i opens it: each check with its outcome, against the server\'s real keys', async () => {
		const verified: string[] = [];
		const driver = await renderApp(
			app({
				initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId},
				async verifyToken(token, fields) {
					verified.push(fields.url);
					return verifyTokenOf(token, fields, {env: {}, timeoutMs: 5000, now: Date.now()});
				},
			}),
		);
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		assert.deepEqual(verified, [], 'nothing is fetched until i is pressed');
		await driver.press('i');
		const screen = unwrap(await driver.waitFor('Meant for'));
		assert.match(screen, /Verified: a service bound with this service key will accept this token\./);
		assert.match(screen, /✓ Signed by key default-jwt-key-\S+ of this subaccount \(the keys of 127\.0\.0\.1:\d+\)\./);
		assert.match(screen, /✓ Valid until .* from now\./);
		assert.match(screen, new RegExp(`✓ Meant for ${suite.demo.clientId.replace('!', '\\!')}\\.`));
		assert.doesNotMatch(screen, /not verified/i);
		await driver.press('i');
		await driver.waitFor('Next step');
		await driver.press('i');
		await driver.waitFor('Meant for');
		assert.equal(verified.length, 1, 'verified once per token, not on every opening');
	});

	it('says so when the clipboard cannot be reached', async () => {
		const driver = await renderApp(
			app({
				initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId},
				async copyToClipboard() {
					throw new Error('no clipboard is reachable here.');
				},
			}),
		);
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		await driver.press('c');
		const screen = await driver.waitFor('Could not copy');
		assert.match(screen, /no clipboard is reachable here\. Press v to show the token/);
	});

	it('explains a wrong secret and re-asks the credentials without retyping the url', async () => {
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}}));
		await walkToSecret(driver);
		await typeAndEnter(driver, 'wrong+secret');
		let screen = await driver.waitFor('The clientid or clientsecret is wrong');
		assert.match(screen, /401 Unauthorized/);
		assert.match(screen, /Enter re-enter clientid and clientsecret/);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 2/3');
		assert.match(screen, new RegExp(`> ${suite.demo.clientId.replace(/[!|$+]/g, '\\$&')}`), 'clientid is kept for editing');
		assert.match(screen, new RegExp(`url\\s+${suite.demo.uaaUrl}`));
		await driver.press(keys.enter);
		await driver.waitFor('Step 3/3');
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		assert.ok(!driver.allOutput().includes('wrong+secret'));
	});

	it('goes back with Esc and keeps the values typed so far', async () => {
		const driver = await renderApp(app());
		await typeAndEnter(driver, suite.demo.uaaUrl);
		await driver.waitFor('Step 2/3');
		await typeAndEnter(driver, 'my-client');
		await driver.waitFor('Step 3/3');
		await driver.press(keys.escape);
		let screen = await driver.waitFor('Step 2/3');
		assert.match(screen, /> my-client/);
		await driver.press(keys.escape);
		screen = await driver.waitFor('Step 1/3');
		assert.match(screen, new RegExp(`> ${suite.demo.uaaUrl}`));
	});

	it('keeps an invalid url in place with an inline message', async () => {
		const driver = await renderApp(app());
		await typeAndEnter(driver, 'http://mysubaccount.authentication.eu10.hana.ondemand.com');
		const screen = await driver.waitFor('unencrypted');
		assert.match(screen, /Step 1\/3/);
		assert.match(screen, /> http:\/\/mysubaccount\.authentication\.eu10\.hana\.ondemand\.com/);
	});

	it('shows the exact token url below the url input as it is typed', async () => {
		const driver = await renderApp(app());
		await driver.typeText('https://sub.authentication.eu10.hana.ondemand.com/oauth/token?grant_type=client_credentials');
		const screen = await driver.waitFor(/Will remove \/oauth\/token and \?grant_type=client_credentials:/);
		assert.match(screen, /token URL\s+https:\/\/sub\.authentication\.eu10\.hana\.ondemand\.com\/oauth\/token\n/);
	});

	it('tells a beginner that an HTML answer means the wrong url, and Enter goes back to it', async () => {
		const driver = await renderApp(app({initialValues: {url: htmlServer.url, clientid: 'id'}}));
		await walkToSecret(driver);
		await typeAndEnter(driver, 'secret');
		const screen = await driver.waitFor('web page, not a token');
		assert.match(screen, /top-level "url"/);
		await driver.press(keys.enter);
		await driver.waitFor('Step 1/3');
	});

	it('in demo mode shows the practice values and fills one with Tab', async () => {
		const driver = await renderApp(app({demoValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId, clientsecret: realSecretLike}}));
		let screen = await driver.waitFor('Demo value');
		assert.match(screen, /\[demo/);
		assert.match(screen, new RegExp(`Demo value: ${suite.demo.uaaUrl}`));
		await driver.press(keys.tab);
		await driver.waitFor(`> ${suite.demo.uaaUrl}`);
		await driver.press(keys.enter);
		screen = await driver.waitFor('Step 2/3');
		await driver.press(keys.tab, keys.enter);
		await driver.waitFor('Step 3/3');
		await driver.press(keys.tab, keys.enter);
		await driver.waitFor('Token received');
	});

	it('says when it retries, and why', async () => {
		const driver = await renderApp(
			app({
				initialValues: {url: flakyServer.url, clientid: 'id'},
				transport: fetchTransport({retry: {baseDelayMs: 1200, random: () => 1}}),
			}),
		);
		await walkToSecret(driver);
		await typeAndEnter(driver, 'secret');
		const screen = await driver.waitFor('retrying in');
		assert.match(screen.replaceAll('\n', ''), /The server had a problem \(503\); retrying in 1 s, attempt 2\/3/);
		await driver.waitFor('Token received');
	});

	it('counts down every second', async () => {
		let clock = Date.now();
		const driver = await renderApp(app({initialValues: {url: suite.demo.uaaUrl, clientid: suite.demo.clientId}, now: () => clock}));
		await walkToSecret(driver);
		await typeAndEnter(driver, realSecretLike);
		await driver.waitFor('Token received');
		clock += 3 * 3600 * 1000;
		await driver.waitFor(/remaining\s+8 h 59 min 5\d s left/, 3000);
		clock += 9 * 3600 * 1000;
		await driver.waitFor(/remaining\s+expired/, 3000);
	});

	it('quits on Ctrl+C at any step with the cancelled exit code', async () => {
		const driver = await renderApp(app());
		await driver.typeText('https://x');
		await driver.press(keys.ctrlC);
		const error = await driver.exited;
		assert.ok(error instanceof ExitRequest);
		assert.equal(error.exitCode, 130);
	});
});
