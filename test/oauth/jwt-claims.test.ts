import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {DemoServer} from '../../source/demo/demo-server.js';
import {hasControlCharacters} from '../../source/errors/server-text.js';
import {formatLocalDateTime} from '../../source/presentation/time.js';
import {type TokenInspection, type TokenRow, checkExpiry, inspectToken} from '../../source/presentation/jwt-claims.js';
import type {Token} from '../../source/oauth/token-client.js';
import {handMadeJwt} from '../helpers/jwt.js';
import {withDemoToken} from '../helpers/demo-token.js';

const receivedAt = Date.UTC(2026, 2, 14, 9, 30, 0);
const expiresIn = 3600;

/** A token as the client keeps it: expires_in counted from when it arrived on this computer. */
function tokenWith(claims: Record<string, unknown>, hasExpiresIn = true) {
	return {accessToken: handMadeJwt(claims), expiresAt: hasExpiresIn ? receivedAt + expiresIn * 1000 : undefined};
}

/** exp as a server whose clock is `skewSeconds` ahead of ours would write it. */
function expWithSkew(skewSeconds: number): number {
	return receivedAt / 1000 + expiresIn + skewSeconds;
}

function decoded(inspection: TokenInspection) {
	assert.ok(inspection.isJwt, 'expected a decoded JWT');
	return inspection;
}

function row(rows: readonly TokenRow[], name: string): TokenRow {
	const found = rows.find(candidate => candidate.name === name);
	assert.ok(found, `no row named ${name} in ${rows.map(candidate => candidate.name).join(', ')}`);
	return found;
}

describe('inspectToken with a token from the demo server', () => {
	let demo: DemoServer;
	let token: Token;
	withDemoToken((started, received) => {
		demo = started;
		token = received;
	});

	it('lists header fields with alg, kid and jku first, each explained', () => {
		const {header} = decoded(inspectToken(token, token.receivedAt));
		assert.deepEqual(
			header.map(field => field.name),
			['alg', 'kid', 'jku', 'typ'],
		);
		assert.equal(row(header, 'alg').value, 'RS256');
		assert.equal(row(header, 'jku').value, `${demo.uaaUrl}/token_keys`);
		assert.match(row(header, 'kid').meaning, /signing keys/);
	});

	it('lists XSUAA claims in teaching order, then the rest, each with a meaning', () => {
		const {claims} = decoded(inspectToken(token, token.receivedAt));
		assert.deepEqual(
			claims.map(claim => claim.name),
			['iss', 'sub', 'client_id', 'cid', 'azp', 'zid', 'ext_attr', 'aud', 'scope', 'authorities', 'grant_type', 'iat', 'exp', 'jti', 'rev_sig'],
		);
		for (const claim of claims) {
			assert.ok(claim.meaning.length > 10 && !claim.meaning.includes('\n'), `${claim.name}: ${claim.meaning}`);
		}

		assert.equal(row(claims, 'iss').value, `${demo.uaaUrl}/oauth/token`);
		assert.equal(row(claims, 'client_id').value, demo.clientId);
		assert.equal(row(claims, 'scope').value, token.scopes.join(' '));
		assert.equal(row(claims, 'aud').value, `uaa, demo-recommendation!t1234, ${demo.clientId}`);
		assert.equal(row(claims, 'jti').value, token.jti);
		assert.match(row(claims, 'grant_type').meaning, /no user/);
	});

	it('shows each ext_attr field on its own, zdn as the subdomain', () => {
		const extAttr = row(decoded(inspectToken(token, token.receivedAt)).claims, 'ext_attr');
		const fields = extAttr.fields ?? [];
		assert.equal(row(fields, 'zdn').value, 'demo-subaccount');
		assert.match(row(fields, 'zdn').meaning, /subdomain/);
		assert.match(row(fields, 'subaccountid').value, /^[\da-f-]{36}$/);
		assert.match(row(fields, 'subaccountid').meaning, /subaccount/);
	});

	it('shows iat and exp as local times with the raw number, and the time left', () => {
		const {claims} = decoded(inspectToken(token, token.receivedAt));
		const iat = Math.floor(token.receivedAt / 1000);
		const iatRow = row(claims, 'iat').value;
		// The server and the test read the clock a few milliseconds apart, possibly across a second.
		assert.ok([iat - 1, iat].some(seconds => iatRow === `${formatLocalDateTime(seconds * 1000)} (${seconds})`), iatRow);
		assert.match(row(claims, 'exp').value, /^.+ \(\d{10}\), in 1[12] h \d+ min \d+ s$/);
	});

	it('finds that exp agrees with expires_in, as both come from one clock', () => {
		const {expiryCheck, signatureNote} = decoded(inspectToken(token, token.receivedAt));
		assert.equal(expiryCheck.state, 'agrees');
		assert.match(signatureNote, /^Not verified: .*without checking its signature/);
	});
});

describe('the expiry check', () => {
	it('warns when exp is 10 minutes later than expires_in says: this computer is behind', () => {
		const {expiryCheck} = decoded(inspectToken(tokenWith({exp: expWithSkew(600)}), receivedAt));
		assert.equal(expiryCheck.state, 'disagrees');
		assert.match(expiryCheck.text, /^Warning: /);
		assert.match(expiryCheck.text, /this computer's clock appears to be about 10 minutes behind the server's/i);
		assert.match(expiryCheck.text, /countdown follows expires_in and this computer's clock/);
	});

	it('warns the other way when exp is 10 minutes earlier: this computer is ahead', () => {
		const {expiryCheck} = decoded(inspectToken(tokenWith({exp: expWithSkew(-600)}), receivedAt));
		assert.equal(expiryCheck.state, 'disagrees');
		assert.match(expiryCheck.text, /about 10 minutes ahead of the server's/);
	});

	it('stays quiet within the 90 s tolerance and warns just past it', () => {
		for (const skew of [-90, -1, 0, 1, 59, 90]) {
			assert.equal(checkExpiry(expWithSkew(skew), receivedAt + expiresIn * 1000).state, 'agrees', `skew ${skew} s`);
		}

		const past = checkExpiry(expWithSkew(100), receivedAt + expiresIn * 1000);
		assert.equal(past.state, 'disagrees');
		assert.match(past.text, /about 100 seconds behind/);
	});

	it('says an exp days away from expires_in is more than clock skew', () => {
		const check = checkExpiry(expWithSkew(3 * 86_400), receivedAt + expiresIn * 1000);
		assert.equal(check.state, 'disagrees');
		assert.match(check.text, /about 3 days, more than clocks are ever off/);
	});

	it('explains a token without exp, with and without expires_in', () => {
		const withCountdown = decoded(inspectToken(tokenWith({sub: 'x'}), receivedAt)).expiryCheck;
		assert.equal(withCountdown.state, 'cannot-check');
		assert.match(withCountdown.text, /no exp claim, so only expires_in says when it expires/);
		const without = decoded(inspectToken(tokenWith({sub: 'x'}, false), receivedAt)).expiryCheck;
		assert.match(without.text, /Neither an exp claim nor expires_in/);
	});

	it('explains a server that sent no expires_in, giving exp as a local time', () => {
		const exp = expWithSkew(0);
		const check = decoded(inspectToken(tokenWith({exp}, false), receivedAt)).expiryCheck;
		assert.equal(check.state, 'cannot-check');
		assert.ok(check.text.includes(`no expires_in, so there is no countdown to check; by its exp claim the token expires at ${formatLocalDateTime(exp * 1000)}.`), check.text);
	});

	it('explains an exp that is not a number, or beyond any date, without throwing', () => {
		for (const exp of ['1773484200', null, {at: 1}, 1e300]) {
			const inspection = decoded(inspectToken(tokenWith({exp}), receivedAt));
			assert.equal(inspection.expiryCheck.state, 'cannot-check');
			assert.match(inspection.expiryCheck.text, /exp claim is not a time in seconds/);
			assert.match(row(inspection.claims, 'exp').value, /\(not a time in seconds\)$/);
		}
	});
});

describe('claim values as shown', () => {
	it('says how long ago an expired token expired', () => {
		const {claims} = decoded(inspectToken(tokenWith({exp: receivedAt / 1000 - 90}), receivedAt));
		assert.match(row(claims, 'exp').value, /, passed 1 min 30 s ago$/);
	});

	it('strips escape sequences from names and values at every depth', () => {
		const escape = '\u001B]0;owned\u0007\u001B[2J';
		const inspection = decoded(
			inspectToken(
				tokenWith({
					iss: `https://evil.example${escape}/oauth/token`,
					[`x${escape}`]: 'value',
					scope: [`a${escape}`, 'b'],
					ext_attr: {zdn: `sub${escape}`, [`k${escape}`]: {deep: escape}},
				}),
				receivedAt,
			),
		);
		const rows = [...inspection.claims, ...inspection.claims.flatMap(claim => claim.fields ?? [])];
		for (const shown of rows) {
			assert.ok(!hasControlCharacters(shown.name) && !hasControlCharacters(shown.value), JSON.stringify(shown));
		}

		assert.equal(row(inspection.claims, 'iss').value, 'https://evil.example/oauth/token');
		assert.equal(row(inspection.claims, 'scope').value, 'a b');
	});

	it('caps a very long value and says how long it was', () => {
		const {claims} = decoded(inspectToken(tokenWith({note: 'x'.repeat(5000)}), receivedAt));
		const note = row(claims, 'note');
		assert.ok(note.value.length < 1100, `${note.value.length} characters`);
		assert.match(note.value, /… \(5000 characters in all\)$/);
	});

	it('shows other claims neutrally: objects as compact JSON, numbers and booleans as written', () => {
		const {claims} = decoded(inspectToken(tokenWith({az_attr: {a: [1, 2]}, count: 3, flag: false, empty: '', none: []}), receivedAt));
		assert.equal(row(claims, 'az_attr').value, '{"a":[1,2]}');
		assert.equal(row(claims, 'count').value, '3');
		assert.equal(row(claims, 'flag').value, 'false');
		assert.equal(row(claims, 'empty').value, '(empty)');
		assert.equal(row(claims, 'none').value, '(empty list)');
		assert.equal(row(claims, 'az_attr').meaning, 'not explained here');
	});

	it('passes a non-JWT token\'s problem on and nothing else', () => {
		const inspection = inspectToken({accessToken: 'opaque-0123456789abcdef', expiresAt: undefined}, receivedAt);
		assert.equal(inspection.isJwt, false);
		assert.deepEqual(Object.keys(inspection).sort(), ['isJwt', 'problem']);
		assert.match(inspection.isJwt ? '' : inspection.problem, /not a JWT/);
	});
});
