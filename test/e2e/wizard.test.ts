// The wizard end to end in a real pseudo-terminal: the built CLI, typed at key by key, read off an xterm screen.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {type OidcTestServer, startOidcServer} from '../helpers/oidc-server.js';
import {assertExitedSane, assertNeverShown, escapeRegExp, keys, startPtyTerminal} from '../helpers/pty-terminal.js';

const secret = 'E2e+Wiz$ard/Secret=9';
const clientId = 'sb-e2e-wizard!t42';
const oidcClient = {clientId: 'sb-e2e!t7|broker!b3', clientSecret: 'oidc+S3c$ret/x=9', authMethod: 'client_secret_basic'} as const;

/** The masked token on the result screen: its first 8 and last 6 characters. */
function maskedTokenOf(screen: string): {head: string; tail: string; length: number} {
	const match = /access_token\s+(\S{8})…(\S{6})\s+\((\d+) characters/.exec(screen.replace(/\s*\n\s*/g, ' '));
	assert.ok(match, `a masked access_token on:\n${screen}`);
	return {head: match[1]!, tail: match[2]!, length: Number(match[3])};
}

/** No long run of token characters: the token is masked, not printed. */
function assertNoLongToken(screen: string): void {
	assert.doesNotMatch(screen, /[\w-]{40,}/, 'no 40 characters of a token in a row');
}

describe('the wizard in a real terminal', () => {
	let demo: DemoServer;
	let oidc: OidcTestServer;
	before(async () => {
		[demo, oidc] = await Promise.all([startDemoServer({clientId, clientSecret: secret}), startOidcServer([oidcClient])]);
	});
	after(async () => {
		await Promise.all([demo.close(), oidc.close()]);
	});

	it('--demo: shows the practice values, Tab fills them, the result counts down, and q exits 0 with the terminal restored', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--demo'], reportTerminalState: true});
		let screen = await terminal.waitFor('Step 1/3 url');
		assert.match(screen, /\[demo: practice server, no SAP account needed\]/);
		const demoUrl = /Demo value: (http:\/\/127\.0\.0\.1:\d+)/.exec(screen)?.[1];
		assert.ok(demoUrl, `the demo url is shown:\n${screen}`);
		assert.match(screen, /Type it, or press Tab to fill it in\./);
		assert.match(screen, /Tab fill demo value/);

		await terminal.press(keys.tab);
		screen = await terminal.waitFor(`> ${demoUrl}`);
		assert.match(screen, new RegExp(`token URL\\s+${escapeRegExp(demoUrl)}/oauth/token`));
		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 2/3 clientid');
		assert.match(screen, new RegExp(`url\\s+${escapeRegExp(demoUrl)}`));
		assert.match(screen, /Demo value: sb-uaa-token-demo!t1234/);

		await terminal.press(keys.tab);
		await terminal.waitFor('> sb-uaa-token-demo!t1234');
		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /Demo value: Dem0\+Secret\$2026=/, 'the public practice secret is shown on purpose');
		await terminal.press(keys.tab);
		// The field itself is masked even for the practice secret.
		await terminal.waitFor(`> ${'*'.repeat('Dem0+Secret$2026='.length)}`);
		await terminal.press(keys.enter);

		screen = await terminal.waitFor('✓ Token received');
		assert.match(screen, new RegExp(`from ${escapeRegExp(demoUrl)}/oauth/token`));
		assert.match(screen, /token_type\s+bearer/);
		assert.match(screen, /expires_in\s+4319\d s \(11 h 59 min 5\d s\)/);
		assert.match(screen, /scope\s+uaa\.resource\n\s+demo-recommendation!t1234\.Read\n\s+demo-recommendation!t1234\.Write/);
		assert.match(screen, /jti\s+[\da-f]{32}\n/);
		assert.match(screen, /auth method\s+client_secret_post/);
		assert.match(screen, /\(\d+ characters, hidden\)/);
		assertNoLongToken(screen);
		const masked = maskedTokenOf(screen);
		assert.equal(masked.head, 'eyJhbGci', 'a JWT starts like this');

		// The countdown is live: the remaining time changes while the screen is open.
		const remaining = /remaining\s+(11 h 59 min \d+ s) left/.exec(screen)?.[1];
		assert.ok(remaining, `a countdown on:\n${screen}`);
		await terminal.waitFor(new RegExp(`remaining\\s+(?!${remaining})11 h 59 min \\d+ s left`), 5000);

		await terminal.press('v');
		screen = await terminal.waitFor('shown in full below');
		const token = /access_token:\n([\w.\n-]+)\n/.exec(screen)?.[1]?.replaceAll('\n', '');
		assert.ok(token, `the revealed token on:\n${screen}`);
		assert.equal(token.length, masked.length);
		assert.ok(token.startsWith(masked.head) && token.endsWith(masked.tail), 'the mask shows the token\'s first 8 and last 6 characters');
		await terminal.press('v');
		screen = await terminal.waitFor('characters, hidden)');
		assertNoLongToken(screen);

		await terminal.press('q');
		await assertExitedSane(terminal, 0);
	});

	it('gets a token from oidc-provider with a clientid holding ! and | and a secret holding + $ / =, all typed by hand', async t => {
		const terminal = await startPtyTerminal(t);
		let screen = await terminal.waitFor('Step 1/3 url');
		assert.doesNotMatch(screen, /demo/i);
		await terminal.enterValue(oidc.url);
		screen = await terminal.waitFor('Step 2/3 clientid');
		assert.match(screen, /Username/);
		await terminal.enterValue(oidcClient.clientId);
		screen = await terminal.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /Password/);
		assert.match(screen, new RegExp(`clientid\\s+${escapeRegExp(oidcClient.clientId)}`));
		await terminal.enterValue(oidcClient.clientSecret, {isMasked: true});

		screen = await terminal.waitFor('✓ Token received');
		assert.match(screen, new RegExp(`from ${escapeRegExp(oidc.url)}/oauth/token`));
		assert.match(screen, /token_type\s+bearer/i);
		assert.match(screen, /expires_in\s+(600 s \(10 min 0 s\)|599 s \(9 min 59 s\))/);
		assert.match(screen, /remaining\s+(10 min|9 min \d+ s) left/);
		assert.match(screen, /auth method\s+client_secret_basic/, 'oidc-provider refuses body credentials for this client');
		assertNoLongToken(screen);
		maskedTokenOf(screen);
		assertNeverShown(terminal, oidcClient.clientSecret);
	});

	it('explains a wrong secret, Enter re-asks clientid and secret with the url kept, and the right secret gets a token', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', demo.uaaUrl, '--client-id', clientId]});
		await terminal.waitFor(`> ${demo.uaaUrl}`);
		await terminal.press(keys.enter);
		await terminal.waitFor(`> ${clientId}`);
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.enterValue('wrong+Secret$1', {isMasked: true});

		let screen = await terminal.waitFor('✗ The clientid or clientsecret is wrong');
		assert.match(screen, new RegExp(`while requesting ${escapeRegExp(demo.uaaUrl)}/oauth/token`));
		assert.match(screen, /What to do:/);
		assert.match(screen, /Enter re-enter clientid and clientsecret/);
		assert.match(screen, /q quit/);

		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 2/3 clientid');
		assert.match(screen, new RegExp(`url\\s+${escapeRegExp(demo.uaaUrl)}`), 'the url is kept');
		assert.match(screen, new RegExp(`> ${escapeRegExp(clientId)}`), 'the clientid is kept for editing');
		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 3/3 clientsecret');
		assert.match(screen, /^>$/m, 'the wrong secret is gone');
		await terminal.enterValue(secret, {isMasked: true});
		screen = await terminal.waitFor('✓ Token received');
		assert.match(screen, /token_type\s+bearer/);
		assertNeverShown(terminal, secret);
		assertNeverShown(terminal, 'wrong+Secret$1', 'the wrong secret');
	});

	it('goes back with Esc through every step, keeping what was typed, and then on to a token without retyping', async t => {
		const terminal = await startPtyTerminal(t);
		await terminal.waitFor('Step 1/3 url');
		await terminal.enterValue(demo.uaaUrl);
		await terminal.waitFor('Step 2/3 clientid');
		await terminal.enterValue(clientId);
		await terminal.waitFor('Step 3/3 clientsecret');
		await terminal.type(secret);
		const stars = new RegExp(`^> \\*{${secret.length}}$`, 'm');
		await terminal.waitFor(stars);

		await terminal.press(keys.escape);
		let screen = await terminal.waitFor('Step 2/3 clientid');
		assert.match(screen, new RegExp(`> ${escapeRegExp(clientId)}`));
		await terminal.press(keys.escape);
		screen = await terminal.waitFor('Step 1/3 url');
		assert.match(screen, new RegExp(`> ${escapeRegExp(demo.uaaUrl)}`));
		assert.doesNotMatch(screen, /Esc/, 'nothing to go back to from the first step without profiles');

		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 2/3 clientid');
		assert.match(screen, new RegExp(`> ${escapeRegExp(clientId)}`));
		await terminal.press(keys.enter);
		screen = await terminal.waitFor('Step 3/3 clientsecret');
		// Not as stars, which invite typing it again after it: the field says it holds the secret, and how to change that.
		assert.match(screen, new RegExp(`^> kept: ${secret.length} characters Enter keeps it; typing replaces it; Backspace clears it\\.$`, 'm'), 'the secret typed before is kept, and said to be');
		assert.doesNotMatch(screen, /\*{3}/, 'no stars that look like a field to type into');
		await terminal.press(keys.enter);
		await terminal.waitFor('✓ Token received');
		assert.equal(demo.tokenRequestCount() > 0, true);
		assertNeverShown(terminal, secret);
	});

	it('reads a whole service key pasted into the url step, hides its secret, and gets a token', async t => {
		await pasteKeyToToken(t, 9);
	});

	it('reads a 6 kB key, which the terminal hands over in several pieces, whole and hidden', async t => {
		// A pty passes at most 4095 bytes a read: the app sees this paste in at least two chunks.
		await pasteKeyToToken(t, 120);
	});

	async function pasteKeyToToken(t: Parameters<typeof startPtyTerminal>[0], keyLines: number): Promise<void> {
		const terminal = await startPtyTerminal(t);
		await terminal.waitFor('Step 1/3 url');
		// Shaped like a real XSUAA key, pasted as one write the way a terminal sends a paste.
		const serviceKey = JSON.stringify(
			{
				uaa: {
					apiurl: 'https://api.authentication.eu10.hana.ondemand.com',
					clientid: clientId,
					clientsecret: secret,
					'credential-type': 'binding-secret',
					identityzone: 'e2e-subaccount',
					tenantmode: 'dedicated',
					uaadomain: 'authentication.eu10.hana.ondemand.com',
					url: demo.uaaUrl,
					verificationkey: `-----BEGIN PUBLIC KEY-----\n${'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'.repeat(keyLines)}\n-----END PUBLIC KEY-----`,
					xsappname: 'e2e-app!t42',
				},
				url: demo.serviceUrl,
			},
			undefined,
			2,
		);
		terminal.write(serviceKey);
		let screen = await terminal.waitFor(`a service key (${serviceKey.length} characters, secrets hidden). Press Enter to read it, Esc to drop it.`);
		assert.doesNotMatch(screen, /clientsecret|BEGIN PUBLIC KEY/, 'the pasted text itself is not shown');
		await terminal.press(keys.enter);

		screen = await terminal.waitFor('✓ Read a service key');
		assert.match(screen, new RegExp(`url\\s+${escapeRegExp(demo.uaaUrl)}\\n`));
		assert.match(screen, new RegExp(`clientid\\s+${escapeRegExp(clientId)}`));
		assert.match(screen, new RegExp(`clientsecret\\s+\\*{8} \\(${secret.length} characters, hidden\\)`));
		assert.match(screen, new RegExp(`token URL\\s+${escapeRegExp(demo.uaaUrl)}/oauth/token`));
		assert.match(screen, /Enter get a token/);
		await terminal.press(keys.enter);

		screen = await terminal.waitFor('✓ Token received');
		assert.match(screen, /token_type\s+bearer/);
		assertNoLongToken(screen);
		assertNeverShown(terminal, secret);
	}
});
