import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {describeFailure} from '../../source/errors/describe-failure.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import type {Credentials} from '../../source/oauth/credentials.js';
import {fetchToken, type FetchTokenOptions} from '../../source/oauth/fetch-token.js';
import {answer} from '../helpers/http-server.js';
import {type ForwardProxy, startForwardProxy} from '../helpers/forward-proxy.js';
import {createTestCa, type KeyPair, type TestCa} from '../helpers/pki.js';

const tokenBody = JSON.stringify({access_token: 'tls.token.value', token_type: 'bearer', expires_in: 60});

async function startHttps(pair: KeyPair): Promise<{url: string; server: Server}> {
	const server = createServer({key: pair.key, cert: pair.cert}, (_request, response) => {
		answer(response, 200, tokenBody);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server};
}

async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
}

function secretFor(url: string): Credentials {
	return {kind: 'secret', url, clientId: 'sb-app!t1', clientSecret: 'fetch-token-secret'};
}

async function failureOf(credentials: Credentials, options: FetchTokenOptions): Promise<Failure> {
	try {
		await fetchToken(credentials, {retry: {attempts: 1}, timeoutMs: 5000, ...options});
	} catch (error) {
		assert.ok(error instanceof TokenRequestError, `expected a TokenRequestError, got ${String(error)}`);
		return error.failure;
	}

	throw new Error('expected the request to fail');
}

describe('fetchToken on networks with TLS and proxies, each failure named', {timeout: 60_000}, () => {
	let ca: TestCa;
	let good: {url: string; server: Server};
	let expired: {url: string; server: Server};
	let localhostOnly: {url: string; server: Server};
	let proxy: ForwardProxy;
	let refusingProxy: ForwardProxy;
	let forbiddingProxy: ForwardProxy;

	before(async () => {
		ca = await createTestCa();
		good = await startHttps(await ca.issueServerCertificate({hosts: ['127.0.0.1']}));
		expired = await startHttps(await ca.issueServerCertificate({hosts: ['127.0.0.1'], expired: true}));
		localhostOnly = await startHttps(await ca.issueServerCertificate({hosts: ['localhost']}));
		proxy = await startForwardProxy();
		refusingProxy = await startForwardProxy({refuse: 407});
		forbiddingProxy = await startForwardProxy({refuse: 403});
	});

	after(async () => {
		await Promise.all([close(good.server), close(expired.server), close(localhostOnly.server), proxy.close(), refusingProxy.close(), forbiddingProxy.close()]);
	});

	it('trusts a CA given with --ca and gets the token', async () => {
		const token = await fetchToken(secretFor(good.url), {ca: ca.cert, env: {}});
		assert.equal(token.accessToken, 'tls.token.value');
	});

	it('names an untrusted certificate and points at --ca and NODE_EXTRA_CA_CERTS', async () => {
		const failure = await failureOf(secretFor(good.url), {env: {}});
		assert.equal(failure.kind === 'tls' && failure.reason, 'untrusted');
		assert.match(describeFailure(failure).nextStep, /--ca FILE.*NODE_EXTRA_CA_CERTS/);
		assert.equal(describeFailure(failure).exitCode, 3);
	});

	it('names an expired certificate', async () => {
		const failure = await failureOf(secretFor(expired.url), {ca: ca.cert, env: {}});
		assert.deepEqual(failure, {kind: 'tls', host: new URL(expired.url).host, code: 'CERT_HAS_EXPIRED', reason: 'expired'});
	});

	it('names a certificate for another host', async () => {
		const failure = await failureOf(secretFor(localhostOnly.url), {ca: ca.cert, env: {}});
		assert.equal(failure.kind === 'tls' && failure.reason, 'hostname');
	});

	it('goes through HTTPS_PROXY, which sees the CONNECT', async () => {
		const before = proxy.connectTargets.length;
		const token = await fetchToken(secretFor(good.url), {ca: ca.cert, env: {HTTPS_PROXY: proxy.url}});
		assert.equal(token.accessToken, 'tls.token.value');
		assert.deepEqual(proxy.connectTargets.slice(before), [new URL(good.url).host]);
	});

	it('names a proxy that wants credentials (407) or forbids the target (403)', async () => {
		assert.deepEqual(await failureOf(secretFor(good.url), {ca: ca.cert, env: {https_proxy: refusingProxy.url}}), {kind: 'proxy-refused', proxy: refusingProxy.url, status: 407});
		assert.deepEqual(await failureOf(secretFor(good.url), {ca: ca.cert, env: {HTTPS_PROXY: forbiddingProxy.url}}), {kind: 'proxy-refused', proxy: forbiddingProxy.url, status: 403});
	});

	it('names a proxy that cannot be reached', async () => {
		const gone = await startForwardProxy();
		await gone.close();
		const failure = await failureOf(secretFor(good.url), {ca: ca.cert, env: {HTTPS_PROXY: gone.url}});
		assert.deepEqual(failure, {kind: 'proxy-unreachable', proxy: gone.url, code: 'ECONNREFUSED'});
	});

	it('connects directly to hosts in NO_PROXY', async () => {
		const token = await fetchToken(secretFor(good.url), {ca: ca.cert, env: {HTTPS_PROXY: refusingProxy.url, NO_PROXY: '127.0.0.1'}});
		assert.equal(token.accessToken, 'tls.token.value');
	});

	it('names a proxy variable that is not a url, with exit code 2', async () => {
		const failure = await failureOf(secretFor(good.url), {env: {HTTPS_PROXY: 'http://[not a url'}});
		assert.equal(failure.kind, 'proxy-misconfigured');
		assert.equal(describeFailure(failure).exitCode, 2);
	});

	it('names a --ca file without a certificate, and an X.509 key whose parts do not match', async () => {
		assert.equal((await failureOf(secretFor(good.url), {ca: 'not a certificate', env: {}})).kind, 'unusable-pem');
		const first = await ca.issueClientCertificate('first');
		const second = await ca.issueClientCertificate('second');
		const mismatched: Credentials = {kind: 'x509', url: good.url, certUrl: good.url, clientId: 'x', certificate: first.cert, key: second.key};
		assert.deepEqual(await failureOf(mismatched, {ca: ca.cert, env: {}}), {kind: 'unusable-pem', what: 'client-certificate', code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH'});
		const x509: Credentials = {...mismatched, key: first.key};
		assert.deepEqual(await failureOf(x509, {ca: 'not a certificate', env: {}}), {kind: 'unusable-pem', what: 'ca', code: 'ERR_CA_NO_PEM_CERTIFICATE'});
	});
});
