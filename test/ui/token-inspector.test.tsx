import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ReactElement} from 'react';
import {render} from 'ink-testing-library';
import type {DemoServer} from '../../source/demo/demo-server.js';
import {formatLocalDateTime} from '../../source/presentation/time.js';
import type {Token} from '../../source/oauth/token-client.js';
import {TokenInspector} from '../../source/ui/token-inspector.js';
import {renderFrame, stripAnsi, unwrap} from '../helpers/ink.js';
import {handMadeJwt} from '../helpers/jwt.js';
import {withDemoToken} from '../helpers/demo-token.js';

const receivedAt = Date.UTC(2026, 2, 14, 9, 30, 0);
const expiresIn = 3600;

function handMadeToken(claims: Record<string, unknown>) {
	return {accessToken: handMadeJwt(claims, {alg: 'RS256', kid: 'key-1'}, 'c2lnbmF0dXJlLW5ldmVyLXNob3du'), expiresAt: receivedAt + expiresIn * 1000};
}

function screenOf(element: ReactElement): string {
	const instance = render(element);
	const screen = stripAnsi(instance.lastFrame() ?? '');
	instance.unmount();
	return screen;
}

describe('TokenInspector with a token from the demo server', () => {
	let demo: DemoServer;
	let token: Token;
	withDemoToken((started, received) => {
		demo = started;
		token = received;
	});

	it('says what it shows and that the signature is not verified', () => {
		const screen = unwrap(screenOf(<TokenInspector token={token} now={token.receivedAt} />));
		assert.ok(screen.startsWith('What the access token contains Not verified: this shows what the token says without checking its signature.'), screen);
	});

	it('puts each header field and claim beside its value with its meaning beneath', () => {
		const screen = unwrap(screenOf(<TokenInspector token={token} now={token.receivedAt} />));
		const expected = [
			'Header alg RS256 how the token is signed',
			`jku ${demo.uaaUrl}/token_keys where the token says its signing keys are`,
			`Claims iss ${demo.uaaUrl}/oauth/token issuer: the token endpoint that made this token`,
			`client_id ${demo.clientId} the OAuth client the token was issued to`,
			'zid 6f0c2a5e-8a1b-4c3d-9e2f-0a1b2c3d4e5f identity zone id',
			'zdn demo-subaccount the subaccount\'s subdomain',
			`scope ${token.scopes.join(' ')} what the token allows`,
			'grant_type client_credentials how the token was obtained',
			`jti ${token.jti ?? ''} JWT id`,
			'rev_sig',
			'Expiry check exp agrees with expires_in (within 90 s)',
		];
		let position = 0;
		for (const text of expected) {
			const found = screen.indexOf(text, position);
			assert.ok(found >= 0, `"${text}" missing or out of order in:\n${screen}`);
			position = found;
		}
	});

	it('shows iat and exp as local times with the raw numbers', () => {
		const exp = token.expiresAt === undefined ? 0 : Math.round(token.expiresAt / 1000);
		const screen = unwrap(screenOf(<TokenInspector token={token} now={token.receivedAt} />));
		const shownExp = /exp (.+?) \((\d+)\), in 1[12] h/.exec(screen);
		assert.ok(shownExp, screen);
		assert.ok(Math.abs(Number(shownExp[2]) - exp) <= 1, shownExp[0]);
		assert.equal(shownExp[1], formatLocalDateTime(Number(shownExp[2]) * 1000));
		assert.match(screen, /iat .+ \(\d{10}\) issued at: when the server made the token/);
	});

	it('fits 40 columns: no line longer, every claim still readable in full', () => {
		const raw = renderFrame(<TokenInspector token={token} now={token.receivedAt} />, {columns: 40});
		const lines = raw.split('\n');
		assert.ok(lines.length > 30, raw);
		for (const line of lines) {
			assert.ok([...line].length <= 40, `${[...line].length} columns: "${line}"`);
		}

		// Stacked: a label on its own line, its value indented beneath.
		assert.match(raw, /^grant_type\s*\n\s+client_credentials\s*$/m);
		const screen = unwrap(raw);
		for (const text of [`${demo.uaaUrl}/oauth/token`, demo.clientId, ...token.scopes, 'exp agrees with expires_in (within 90 s)', 'Not verified:']) {
			assert.ok(screen.includes(text), `"${text}" cut at 40 columns:\n${raw}`);
		}
	});

	it('starts no row with the space it wrapped at, at any width from 30 to 100 columns', () => {
		// Every indent here is even (labels at 0, values at 2 or 14, nested claims 2 further), so an odd one is a kept space.
		for (const now of [token.receivedAt, token.receivedAt - 700_000]) {
			for (let columns = 30; columns <= 100; columns++) {
				const raw = renderFrame(<TokenInspector token={token} now={now} />, {columns});
				const slips = raw.split('\n').filter(row => /^ *$/.test(row) === false && /^ */.exec(row)![0].length % 2 === 1);
				assert.deepEqual(slips, [], `${columns} columns:\n${raw}`);
			}
		}
	});

	it('never shows the access token or its signature', () => {
		const [, , signature] = token.accessToken.split('.');
		for (const screen of [screenOf(<TokenInspector token={token} now={token.receivedAt} />), renderFrame(<TokenInspector token={token} now={token.receivedAt} />, {columns: 40})]) {
			const joined = screen.replace(/\s+/g, '');
			assert.ok(!joined.includes(token.accessToken), 'the token is on screen');
			assert.ok(!joined.includes(signature ?? 'missing'), 'the signature is on screen');
		}
	});
});

describe('TokenInspector with hand-made tokens', () => {
	it('warns in words that the clocks disagree by about 10 minutes', () => {
		const token = handMadeToken({exp: receivedAt / 1000 + expiresIn + 600});
		const screen = unwrap(screenOf(<TokenInspector token={token} now={receivedAt} />));
		assert.match(screen, /Expiry check Warning: the clocks disagree\. This computer's clock appears to be about 10 minutes behind the server's/);
		assert.match(screen, /The countdown follows expires_in and this computer's clock\./);
	});

	it('shows a claim\'s escape sequences as harmless text, never as escapes', () => {
		const token = handMadeToken({iss: 'https://x.example\u001B[2J\u001B]0;owned\u0007/oauth/token'});
		const instance = render(<TokenInspector token={token} now={receivedAt} />);
		const frame = instance.lastFrame() ?? '';
		instance.unmount();
		assert.ok(!frame.includes('\u001B[2J') && !frame.includes('\u001B]0;') && !frame.includes('\u0007'));
		assert.ok(unwrap(stripAnsi(frame)).includes('iss https://x.example/oauth/token issuer:'));
	});

	it('keeps a claim name too long for the label column whole, on its own line above its value', () => {
		const token = handMadeToken({'xs.system.attributes': {'xs.rolecollections': []}, ext_attr: {serviceinstanceid: 'a1b2'}});
		const screen = screenOf(<TokenInspector token={token} now={receivedAt} />);
		assert.match(screen, /^xs\.system\.attributes\s*\n\s+\{"xs\.rolecollections":\[\]\}\s*\n\s+the role collections the user was given/m);
		assert.match(screen, /^\s+serviceinstanceid\s*\n\s+a1b2\s*$/m);
	});

	it('explains an opaque token instead of failing, and does not show it', () => {
		const opaque = 'opaque-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
		const screen = unwrap(screenOf(<TokenInspector token={{accessToken: opaque, expiresAt: undefined}} now={receivedAt} />));
		assert.match(screen, /^What the access token contains This token is not a JWT .*only meaningful to the server that issued them\.\s*$/);
		assert.ok(!screen.includes(opaque));
		assert.ok(!screen.includes('Claims'));
	});

	it('explains an encrypted token at 40 columns without cutting it', () => {
		const raw = renderFrame(<TokenInspector token={{accessToken: 'a.b.c.d.e', expiresAt: undefined}} now={receivedAt} />, {columns: 40});
		for (const line of raw.split('\n')) {
			assert.ok([...line].length <= 40, line);
		}

		assert.match(unwrap(raw), /This token is encrypted \(a JWE with five parts\), so only the server that issued it can read what it contains\./);
	});
});
