// A token whose claims are named __proto__, constructor and toString, shown by the `i` view in a real pty: each
// claim is a row with its explanation line, and the app does not crash.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {answer, startTestServer, type TestServer} from '../helpers/http-server.js';
import {base64UrlPart} from '../helpers/jwt.js';
import {keys, startPtyTerminal} from '../helpers/pty-terminal.js';

// Written as text: an object literal's "__proto__" would set a prototype instead of making a claim.
const claimsText = '{"__proto__":{"polluted":"yes"},"constructor":"ctor-value","toString":"tostring-value","sub":"someone","exp":4102444800}';
const accessToken = `${base64UrlPart({alg: 'RS256', typ: 'JWT'})}.${base64UrlPart(claimsText)}.c2lnbmF0dXJl`;

describe('the i view with claims named like Object.prototype members', () => {
	let server: TestServer;

	before(async () => {
		server = await startTestServer((_request, response) => {
			answer(response, 200, JSON.stringify({access_token: accessToken, token_type: 'bearer', expires_in: 3600}), {'content-type': 'application/json'});
		});
	});

	after(async () => {
		await server.close();
	});

	it('shows __proto__, constructor and toString each as a row with its line, and keeps running', async t => {
		const terminal = await startPtyTerminal(t, {args: ['--url', server.url, '--client-id', 'sb-app!t1'], cols: 120, rows: 60});
		await terminal.waitFor('Step 1/3 url');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 2/3');
		await terminal.press(keys.enter);
		await terminal.waitFor('Step 3/3');
		await terminal.enterValue('a-secret', {isMasked: true});
		await terminal.waitFor('✓ Token received');
		await terminal.press('i');
		const screen = await terminal.waitFor('tostring-value');
		for (const name of ['__proto__', 'constructor', 'toString']) {
			const line = screen.split('\n').find(row => row.includes(name));
			assert.ok(line, `${name} has a row:\n${screen}`);
		}

		assert.match(screen, /ctor-value/);
		assert.doesNotMatch(terminal.rawOutput(), /Maximum call stack|TypeError|Objects are not valid as a React child/);
		assert.ok((screen.match(/not explained here/g) ?? []).length >= 3, screen);
		await terminal.press('q');
	});
});
