import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {describeFailure, redactSecrets} from '../../source/presentation/describe-failure.js';
import type {Failure} from '../../source/errors/failure.js';

const everyFailure: Failure[] = [
	{kind: 'bad-credentials', status: 401, error: 'unauthorized', description: 'Bad credentials'},
	{kind: 'bad-credentials', status: 401, error: 'invalid_client', description: 'Unauthorized grant type'},
	{kind: 'oauth-error', status: 400, error: 'invalid_request', description: 'Missing grant type'},
	{kind: 'not-found', status: 404, tokenUrl: 'https://svc.example.test/oauth/token'},
	{kind: 'html-page', status: 200, tokenUrl: 'https://svc.example.test/oauth/token'},
	{kind: 'not-json', status: 200, contentType: 'text/plain'},
	{kind: 'no-access-token', status: 200, fields: ['status']},
	{kind: 'redirect', status: 302, location: 'https://login.example.test'},
	{kind: 'http-status', status: 503},
	{kind: 'http-status', status: 403, statusText: 'Forbidden'},
	{kind: 'connection-refused', host: '127.0.0.1:9'},
	{kind: 'dns', host: 'nosuch.example.test'},
	{kind: 'tls', host: 'x.example.test', code: 'SELF_SIGNED_CERT_IN_CHAIN', reason: 'untrusted'},
	{kind: 'timeout', timeoutMs: 30_000},
	{kind: 'network', host: 'x.example.test', code: 'ECONNRESET'},
	{kind: 'network', host: '127.0.0.1:6000', code: 'BLOCKED_PORT'},
	{kind: 'oauth-error', status: 400, error: 'unsupported_grant_type', description: 'Unsupported grant type: client_credentials'},
	{kind: 'oauth-error', status: 400, error: 'invalid_scope', description: 'Invalid scope'},
	{kind: 'http-status', status: 405, error: 'method_not_allowed'},
	{kind: 'http-status', status: 406, error: 'query_string_not_allowed', description: 'Parameters must be passed in the body of the request'},
	{kind: 'http-status', status: 408},
	{kind: 'http-status', status: 429, retryAfterSeconds: 60},
	{kind: 'not-bearer', tokenType: 'mac'},
	{kind: 'insecure-http', host: 'sub.example.test'},
	{kind: 'connection-reset', host: 'x.example.test'},
	{kind: 'tls', host: 'x.example.test', code: 'CERT_HAS_EXPIRED', reason: 'expired'},
	{kind: 'tls', host: 'x.example.test', code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: 'hostname'},
	{kind: 'tls', host: 'x.example.test', code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', reason: 'client-certificate'},
	{kind: 'tls', host: 'x.example.test', code: 'ERR_SSL_UNSUPPORTED_PROTOCOL', reason: 'other'},
	{kind: 'tls', host: '127.0.0.1:8080', code: 'EPROTO', reason: 'plain-http'},
	{kind: 'timeout', timeoutMs: 60_000, attempts: 3, isBudgetSpent: false},
	{kind: 'proxy-refused', proxy: 'http://proxy.example.test:3128', status: 407},
	{kind: 'proxy-unreachable', proxy: 'http://proxy.example.test:3128', code: 'ECONNREFUSED'},
	{kind: 'proxy-misconfigured', variable: 'HTTPS_PROXY'},
	{kind: 'unusable-pem', what: 'client-certificate', code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'},
	{kind: 'unusable-pem', what: 'ca'},
	{kind: 'user-refused', status: 401, grant: 'password', error: 'unauthorized', description: 'Bad credentials'},
	{kind: 'user-refused', status: 401, grant: 'passcode', error: 'unauthorized', description: 'Invalid passcode'},
	{kind: 'user-refused', status: 400, grant: 'authorization_code', error: 'invalid_grant', description: 'Invalid authorization code'},
	{kind: 'user-refused', status: 401, grant: 'refresh_token', error: 'invalid_token', description: 'Invalid refresh token (expired)'},
	{kind: 'sign-in-failed', reason: 'state-mismatch', redirectUri: 'http://localhost:8765/callback'},
	{kind: 'sign-in-failed', reason: 'denied', redirectUri: 'http://localhost:8765/callback', error: 'access_denied'},
	{kind: 'sign-in-failed', reason: 'no-code', redirectUri: 'http://localhost:8765/callback'},
	{kind: 'sign-in-failed', reason: 'timeout', redirectUri: 'http://localhost:8765/callback', timeoutMs: 300_000},
	{kind: 'sign-in-failed', reason: 'port-taken', redirectUri: 'http://localhost:8765/callback'},
	{kind: 'sign-in-failed', reason: 'invalid-redirect', redirectUri: 'http://localhost:8765/callback', error: 'invalid_grant', description: 'Redirect mismatch'},
];

describe('describeFailure', () => {
	for (const failure of everyFailure) {
		it(`explains ${failure.kind} ${'status' in failure ? failure.status : ''} with a title, a meaning and a next step`, () => {
			const description = describeFailure(failure);
			assert.ok(description.title.length > 5);
			assert.ok(description.explanation.length > 20);
			assert.ok(description.nextStep.length > 20);
			assert.ok(!/\bat .+:\d+:\d+\)/.test(JSON.stringify(description)), 'no stack trace');
		});
	}

	it('tells a 401 beginner that clientid or clientsecret is wrong and offers to re-enter them', () => {
		const description = describeFailure(everyFailure[0]!);
		assert.match(description.title, /clientid or clientsecret/);
		assert.equal(description.nextAction, 'reenter-credentials');
		assert.equal(description.exitCode, 1);
	});

	it('points a 404 and an HTML page at the top-level url mistake', () => {
		assert.match(describeFailure(everyFailure[3]!).explanation, /top-level "url"/);
		assert.match(describeFailure(everyFailure[4]!).nextStep, /inside the "uaa" section/);
	});

	it('tells a refused user sign-in from a refused client, and says what to use instead of a password for single sign-on', () => {
		const password = describeFailure({kind: 'user-refused', status: 401, grant: 'password', error: 'unauthorized', description: 'Bad credentials'});
		assert.match(password.title, /user name or password/);
		assert.match(password.nextStep, /--grant passcode/);
		assert.equal(password.nextAction, 'sign-in-again');
		const refresh = describeFailure({kind: 'user-refused', status: 401, grant: 'refresh_token', error: 'invalid_token', description: 'Invalid refresh token (expired)'});
		assert.match(refresh.nextStep, /Sign in again/);
	});

	it('says how to allow a refused redirect uri in xs-security.json', () => {
		const {nextStep} = describeFailure({kind: 'sign-in-failed', reason: 'invalid-redirect', redirectUri: 'http://localhost:8765/callback', error: 'invalid_grant', description: 'Redirect mismatch'});
		assert.match(nextStep, /"redirect-uris": \["http:\/\/localhost:8765\/\*\*"\]/);
		assert.match(nextStep, /--redirect-port/);
	});

	it('shows the server error and description of a 400', () => {
		assert.match(describeFailure(everyFailure[2]!).explanation, /invalid_request: Missing grant type/);
	});

	it('names NODE_EXTRA_CA_CERTS for TLS failures and --timeout for timeouts', () => {
		assert.match(describeFailure(everyFailure[12]!).nextStep, /NODE_EXTRA_CA_CERTS/);
		assert.match(describeFailure(everyFailure[13]!).nextStep, /--timeout/);
	});

	it('names the whole --timeout budget and the attempts, and a longer --timeout to try', () => {
		const spent = describeFailure({kind: 'timeout', timeoutMs: 30_000, attempts: 3, isBudgetSpent: true});
		assert.equal(spent.explanation, 'No answer came within 30 s (3 attempts), the time allowed for the whole request, retries included (--timeout).');
		assert.match(spent.nextStep, /--timeout 60\b/);
		assert.match(describeFailure({kind: 'timeout', timeoutMs: 2500, attempts: 1, isBudgetSpent: true}).explanation, /within 2\.5 s \(1 attempt\)/);
		assert.doesNotMatch(describeFailure({kind: 'timeout', timeoutMs: 3_600_000, isBudgetSpent: true}).nextStep, /--timeout \d/);
		const early = describeFailure({kind: 'timeout', timeoutMs: 60_000, attempts: 3, isBudgetSpent: false});
		assert.doesNotMatch(early.explanation, /No answer came within/);
		assert.match(early.explanation, /\(3 attempts\) timed out .* 60 s allowed/);
	});

	it('says an https url whose port speaks plain http is exactly that, and where http:// is allowed', () => {
		const description = describeFailure({kind: 'tls', host: '127.0.0.1:8080', code: 'EPROTO', reason: 'plain-http'});
		assert.equal(description.title, 'This port answers plain http, not TLS');
		assert.match(description.explanation, /127\.0\.0\.1:8080/);
		assert.match(description.nextStep, /no port.*http:\/\//);
		assert.equal(description.nextAction, 'edit-url');
	});

	it('gives every failure its own title', () => {
		const titles = everyFailure.map(failure => describeFailure(failure).title);
		assert.equal(new Set(titles).size, titles.length, titles.join('\n'));
	});

	it('names --ca and NODE_EXTRA_CA_CERTS for an untrusted certificate, and the clock for an expired one', () => {
		assert.match(describeFailure({kind: 'tls', host: 'h', code: 'SELF_SIGNED_CERT_IN_CHAIN', reason: 'untrusted'}).nextStep, /--ca FILE.*NODE_EXTRA_CA_CERTS/);
		assert.match(describeFailure({kind: 'tls', host: 'h', code: 'CERT_HAS_EXPIRED', reason: 'expired'}).explanation, /clock/);
	});

	it('names HTTPS_PROXY for proxy trouble and asks for credentials on a 407', () => {
		const refused = describeFailure({kind: 'proxy-refused', proxy: 'http://p:1', status: 407});
		assert.match(refused.explanation, /user name and password/);
		assert.match(describeFailure({kind: 'proxy-unreachable', proxy: 'http://p:1'}).nextStep, /HTTPS_PROXY/);
	});

	it('uses exit code 3 for network trouble and 5xx, 1 for refusals', () => {
		assert.equal(describeFailure({kind: 'timeout', timeoutMs: 1}).exitCode, 3);
		assert.equal(describeFailure({kind: 'http-status', status: 502}).exitCode, 3);
		assert.equal(describeFailure({kind: 'http-status', status: 403}).exitCode, 1);
	});

	it('never repeats a secret the server echoed, nor its control characters', () => {
		const failure: Failure = {kind: 'oauth-error', status: 400, error: 'invalid_request', description: 'bad secret s3cr3t+value\u001B[2J'};
		const text = JSON.stringify(describeFailure(failure, ['s3cr3t+value']));
		assert.ok(!text.includes('s3cr3t+value'));
		assert.ok(!text.includes('\u001B'));
		assert.match(text, /\[redacted\]/);
	});

	it('cuts out a 10 kB secret of emoji echoed form-encoded, too long for a pattern, without throwing', () => {
		const secret = '🔑'.repeat(10_000);
		const echoed = `rejected ${new URLSearchParams({s: secret}).toString().slice(2)} here`;
		assert.equal(redactSecrets(echoed, [secret]), 'rejected [redacted] here');
		const failure: Failure = {kind: 'oauth-error', status: 401, error: 'unauthorized', description: echoed};
		assert.ok(!JSON.stringify(describeFailure(failure, [secret])).includes('%F0%9F%94%91'));
	});

	it('caps the length of server text', () => {
		assert.ok(redactSecrets('x'.repeat(5000), []).length < 400);
	});
});
