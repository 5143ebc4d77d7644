// Verifying tokens as @sap/xssec does, against the practice server's real token_keys (with rotation) on 127.0.0.1:
// what each check says for a good token, a forged one, an unknown key, another zone, an expired token, a wrong
// audience and keys that cannot be fetched; and that keys are cached per zone, with one request in flight.

import assert from 'node:assert/strict';
import {generateKeyPairSync, sign} from 'node:crypto';
import {after, before, beforeEach, describe, it} from 'node:test';
import {verifyTokenOf} from '../../source/core/token-verification.js';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {clearKeysCache, keysCacheMs, type TokenVerification} from '../../source/oauth/verify-token.js';
import {describeVerification, verificationExitCode, verificationText} from '../../source/presentation/verification-words.js';
import {startTestServer, type TestServer} from '../helpers/http-server.js';
import {base64UrlPart} from '../helpers/jwt.js';

const hour = 60 * 60 * 1000;

function checksOf(verification: TokenVerification) {
	assert.notEqual(verification.verdict, 'not-a-jwt');
	return (verification as Extract<TokenVerification, {checks: unknown}>).checks;
}

/** A JWT signed by a key of the test's own, with the header and claims given. */
function signedElsewhere(header: Record<string, unknown>, claims: Record<string, unknown>): string {
	const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const input = `${base64UrlPart(header)}.${base64UrlPart(claims)}`;
	return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function headerOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('verifying a token against its zone\'s keys', () => {
	let demo: DemoServer;
	/** A server the token's jku points to in the jku test: it must never be asked. */
	let elsewhere: TestServer;
	let elsewhereRequests = 0;

	const verify = async (accessToken: string, fields: {clientId?: string; xsappname?: string; url?: string} = {}, now = Date.now()) =>
		verifyTokenOf({accessToken}, {url: fields.url ?? demo.uaaUrl, clientId: fields.clientId ?? demo.clientId, xsappname: fields.xsappname}, {env: {}, timeoutMs: 5000, now});
	const freshToken = async (server = demo) => (await requestToken({url: server.uaaUrl, clientId: server.clientId, clientSecret: server.clientSecret})).accessToken;

	before(async () => {
		demo = await startDemoServer();
		elsewhere = await startTestServer((_request, response) => {
			elsewhereRequests++;
			response.end('{"keys":[]}');
		});
	});
	after(async () => {
		await demo.close();
		await elsewhere.close();
	});
	beforeEach(() => {
		clearKeysCache();
	});

	it('a token from the server: signed by its key, valid for 12 hours, meant for the xsappname', async () => {
		const token = await freshToken();
		const verification = await verify(token, {xsappname: demo.xsappname});
		assert.equal(verification.verdict, 'valid');
		const [signature, lifetime, audience] = checksOf(verification);
		assert.equal(signature.outcome, 'valid');
		assert.equal((signature as {keyId: string}).keyId, headerOf(token)['kid']);
		assert.match((signature as {keysUrl: string}).keysUrl, new RegExp(`^${demo.uaaUrl}/token_keys\\?zid=${demo.zoneId}$`));
		assert.equal(lifetime.outcome, 'valid');
		assert.deepEqual(audience, {check: 'audience', outcome: 'valid', matched: demo.xsappname, audiences: claimsOf(token)['aud']});
		const text = verificationText(verification, Date.now());
		assert.match(text, /^Verified: /);
		assert.match(text, new RegExp(`✓ Signed by key ${String(headerOf(token)['kid'])} of this subaccount`));
		assert.match(text, /✓ Meant for demo-recommendation!t1234\./);
		assert.equal(verificationExitCode(verification), 0);
	});

	it('after a key rotation: new tokens verify with the new key, older ones with the previous key until it is dropped', async () => {
		const before = await freshToken();
		assert.equal((await verify(before)).verdict, 'valid');
		await demo.rotateKeys();
		const after = await freshToken();
		assert.notEqual(headerOf(after)['kid'], headerOf(before)['kid']);
		// Its key is not among the cached ones: fetched again.
		assert.equal((await verify(after)).verdict, 'valid');
		assert.equal((await verify(before)).verdict, 'valid', 'the previous key stays published');
		await demo.rotateKeys();
		// Within 30 minutes the cached keys still hold the dropped one, as in xssec; past them, it is gone.
		const later = Date.now() + keysCacheMs + 1000;
		const dropped = await verify(before, {}, later);
		assert.equal(dropped.verdict, 'invalid');
		assert.equal(checksOf(dropped)[0].outcome, 'invalid');
		assert.equal((checksOf(dropped)[0] as {reason: string}).reason, 'unknown-key');
	});

	it('a forged token: claims changed after signing fail the signature, whatever else they say', async () => {
		const [header, claims, signature] = (await freshToken()).split('.') as [string, string, string];
		const changed = base64UrlPart({...JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')), scope: ['uaa.admin']});
		const verification = await verify(`${header}.${changed}.${signature}`);
		assert.equal(verification.verdict, 'invalid');
		assert.deepEqual(checksOf(verification)[0], {check: 'signature', outcome: 'invalid', reason: 'bad-signature', keyId: headerOf(`${header}.x.y`)['kid'], keysUrl: `${demo.uaaUrl}/token_keys?zid=${demo.zoneId}`});
		const report = describeVerification(verification as Extract<TokenVerification, {checks: unknown}>, Date.now());
		assert.equal(report.lines[0]!.mark, 'failed');
		assert.match(report.lines[0]!.meaning!, /will reject this token with 401/);
	});

	it('a key the zone does not publish, and a key named by jku elsewhere: unknown, and jku is never asked', async () => {
		const claims = claimsOf(await freshToken());
		const token = signedElsewhere({alg: 'RS256', typ: 'JWT', kid: 'default-jwt-key-forged', jku: `${elsewhere.url}/token_keys`}, claims);
		const verification = await verify(token);
		assert.equal(verification.verdict, 'invalid');
		assert.equal((checksOf(verification)[0] as {reason: string}).reason, 'unknown-key');
		assert.equal(elsewhereRequests, 0, 'the token\'s jku is not trusted');
		assert.match(verificationText(verification, Date.now()), /✗ Signed with key default-jwt-key-forged, which this subaccount does not publish/);
	});

	it('another zone\'s token: token_keys refuses its zid with 400, and the signature fails as another subaccount\'s', async () => {
		const claims = {...claimsOf(await freshToken()), zid: 'a-zone-of-another-subaccount'};
		const verification = await verify(signedElsewhere({alg: 'RS256', typ: 'JWT', kid: 'default-jwt-key-other'}, claims));
		assert.equal(verification.verdict, 'invalid');
		assert.equal((checksOf(verification)[0] as {reason: string}).reason, 'other-zone');
		assert.match(verificationText(verification, Date.now()), /does not serve the token's zone/);
	});

	it('an expired token: signed correctly, but its lifetime check fails and says so', async () => {
		const past = await startDemoServer({now: () => Date.now() - 13 * hour});
		try {
			clearKeysCache();
			const token = await freshToken(past);
			const verification = await verifyTokenOf({accessToken: token}, {url: past.uaaUrl, clientId: past.clientId}, {env: {}, timeoutMs: 5000, now: Date.now()});
			assert.equal(verification.verdict, 'invalid');
			const [signature, lifetime] = checksOf(verification);
			assert.equal(signature.outcome, 'valid');
			assert.equal(lifetime.outcome, 'invalid');
			assert.equal((lifetime as {reason: string}).reason, 'expired');
			assert.match(verificationText(verification, Date.now()), /✗ Expired at .*, 1 h 0 min \d+ s ago\.\n {4}Your service will reject it with 401/);
			assert.equal(verificationExitCode(verification), 1);
		} finally {
			await past.close();
		}
	});

	it('a token not valid before a time still to come: the lifetime check fails beyond the minute of leeway, and says so', async () => {
		const now = Date.now();
		const claims = {...claimsOf(await freshToken()), nbf: Math.floor(now / 1000) + 3600};
		const verification = await verify(signedElsewhere({alg: 'RS256', typ: 'JWT', kid: 'default-jwt-key-x'}, claims));
		const lifetime = checksOf(verification)[1];
		assert.deepEqual(lifetime, {check: 'lifetime', outcome: 'invalid', reason: 'not-yet-valid', notBefore: (claims.nbf as number) * 1000});
		assert.match(verificationText(verification, now), /✗ Not valid before .*\.\n {4}A service will reject it until then/);
		const withinLeeway = {...claims, nbf: Math.floor(now / 1000) + 30};
		assert.equal(checksOf(await verify(signedElsewhere({alg: 'RS256', typ: 'JWT', kid: 'default-jwt-key-x'}, withinLeeway)))[1].outcome, 'valid');
	});

	it('a token for another client: the audience check fails and names what the token is meant for', async () => {
		const verification = await verify(await freshToken(), {clientId: 'sb-another-app!t99', xsappname: 'another-app!t99'});
		assert.equal(verification.verdict, 'invalid');
		const audience = checksOf(verification)[2];
		assert.equal(audience.outcome, 'invalid');
		assert.match(verificationText(verification, Date.now()), /✗ Meant for uaa, demo-recommendation!t1234, sb-uaa-token-demo!t1234, not for sb-another-app!t99 or another-app!t99\./);
	});

	it('keys that cannot be fetched: the signature is unchecked, the verdict says so, and the exit code is 3', async () => {
		const token = await freshToken();
		const closed = await startTestServer(() => {});
		const {url} = closed;
		await closed.close();
		const verification = await verify(token, {url});
		assert.equal(verification.verdict, 'keys-unreachable');
		assert.equal(checksOf(verification)[0].outcome, 'unchecked');
		assert.equal(verificationExitCode(verification), 3);
		assert.match(verificationText(verification, Date.now()), /^Not verified: the signing keys could not be fetched\.\n {2}\? Signature not checked: .*ECONNREFUSED/);
	});

	it('keys are cached per zone: many verifications at once make one request, and later ones none for 30 minutes', async () => {
		const token = await freshToken();
		const before = demo.tokenKeysRequestCount();
		const verifications = await Promise.all(Array.from({length: 5}, async () => verify(token)));
		assert.ok(verifications.every(verification => verification.verdict === 'valid'));
		assert.equal(demo.tokenKeysRequestCount() - before, 1, 'one request in flight for five verifications');
		await verify(token, {}, Date.now() + keysCacheMs - 60_000);
		assert.equal(demo.tokenKeysRequestCount() - before, 1, 'within 30 minutes, from the cache');
		await verify(token, {}, Date.now() + keysCacheMs + 60_000);
		assert.equal(demo.tokenKeysRequestCount() - before, 2, 'after 30 minutes, fetched again');
	});
});
