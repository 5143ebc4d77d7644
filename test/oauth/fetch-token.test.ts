import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {type Failure, TokenRequestError} from '../../source/errors/failure.js';
import type {Credentials} from '../../source/oauth/credentials.js';
import {fetchToken, type FetchTokenOptions} from '../../source/oauth/fetch-token.js';
import {answer, startTestServer} from '../helpers/http-server.js';
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

/** The same server under a name the test proxy maps to 127.0.0.1: a remote host, as far as uaa-token can tell. */
function remote(url: string): string {
	return url.replace('127.0.0.1', 'uaa.test');
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
		good = await startHttps(await ca.issueServerCertificate({hosts: ['127.0.0.1', 'uaa.test']}));
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
		const token = await fetchToken(secretFor(remote(good.url)), {ca: ca.cert, env: {HTTPS_PROXY: proxy.url}});
		assert.equal(token.accessToken, 'tls.token.value');
		assert.deepEqual(proxy.connectTargets.slice(before), [new URL(remote(good.url)).host]);
	});

	it('names a proxy that wants credentials (407) or forbids the target (403)', async () => {
		assert.deepEqual(await failureOf(secretFor(remote(good.url)), {ca: ca.cert, env: {https_proxy: refusingProxy.url}}), {kind: 'proxy-refused', proxy: refusingProxy.url, status: 407});
		assert.deepEqual(await failureOf(secretFor(remote(good.url)), {ca: ca.cert, env: {HTTPS_PROXY: forbiddingProxy.url}}), {kind: 'proxy-refused', proxy: forbiddingProxy.url, status: 403});
	});

	it('names a proxy that cannot be reached', async () => {
		const gone = await startForwardProxy();
		await gone.close();
		const failure = await failureOf(secretFor(remote(good.url)), {ca: ca.cert, env: {HTTPS_PROXY: gone.url}});
		assert.deepEqual(failure, {kind: 'proxy-unreachable', proxy: gone.url, code: 'ECONNREFUSED'});
	});

	it('never sends loopback traffic through a proxy: https and plain http, HTTPS_PROXY and HTTP_PROXY (NO_PROXY is covered in transport.test.ts)', async () => {
		const before = {connects: proxy.connectTargets.length, requests: proxy.requestUrls.length};
		const token = await fetchToken(secretFor(good.url), {ca: ca.cert, env: {HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url}});
		assert.equal(token.accessToken, 'tls.token.value');
		const plain = await startTestServer((request, response) => {
			request.resume();
			answer(response, 200, tokenBody);
		});
		try {
			for (const url of [plain.url, plain.url.replace('127.0.0.1', 'localhost')]) {
				// eslint-disable-next-line no-await-in-loop -- one after the other, so the proxy's lists stay in order
				const plainToken = await fetchToken(secretFor(url), {env: {HTTP_PROXY: proxy.url, http_proxy: proxy.url}});
				assert.equal(plainToken.accessToken, 'tls.token.value');
			}
		} finally {
			await plain.close();
		}

		assert.deepEqual(proxy.connectTargets.slice(before.connects), [], 'no CONNECT for a loopback host');
		assert.deepEqual(proxy.requestUrls.slice(before.requests), [], 'no proxied request carrying the secret in clear text');
	});

	it('counts a *.localhost name as loopback only when it resolves to a loopback address', async () => {
		const plain = await startTestServer((request, response) => {
			request.resume();
			answer(response, 200, tokenBody);
		});
		try {
			const {port} = new URL(plain.url);
			const toLoopback = async () => ['127.0.0.1'];
			const token = await fetchToken(secretFor(`http://uaa.localhost:${port}`), {env: {HTTP_PROXY: proxy.url}, lookup: toLoopback});
			assert.equal(token.accessToken, 'tls.token.value');
			// Resolved elsewhere, it is a remote host: plain http is refused before anything is sent.
			const elsewhere = async () => ['192.0.2.7'];
			assert.deepEqual(await failureOf(secretFor(`http://uaa.localhost:${port}`), {env: {}, lookup: elsewhere}), {kind: 'insecure-http', host: `uaa.localhost:${port}`});
			const unresolved = async () => {
				throw Object.assign(new Error('not found'), {code: 'ENOTFOUND'});
			};

			assert.deepEqual(await failureOf(secretFor(`http://uaa.localhost:${port}`), {env: {}, lookup: unresolved}), {kind: 'insecure-http', host: `uaa.localhost:${port}`});
		} finally {
			await plain.close();
		}
	});

	it('speaks to an https proxy given as an IP address without Node\'s DEP0123 warning', async () => {
		const secureProxy = await startForwardProxy({tls: await ca.issueServerCertificate({hosts: ['127.0.0.1']})});
		const warnings: string[] = [];
		const onWarning = (warning: Error & {code?: string}) => warnings.push(`${warning.code ?? ''} ${warning.message}`);
		process.on('warning', onWarning);
		try {
			const token = await fetchToken(secretFor(remote(good.url)), {ca: ca.cert, env: {HTTPS_PROXY: secureProxy.url}});
			assert.equal(token.accessToken, 'tls.token.value');
			assert.deepEqual(secureProxy.connectTargets, [new URL(remote(good.url)).host]);
			// Warnings are emitted on the next tick.
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			assert.deepEqual(warnings, []);
		} finally {
			process.off('warning', onWarning);
			await secureProxy.close();
		}
	});

	it('refuses a socks proxy by name, with exit code 2, instead of blaming the CA file', async () => {
		const failure = await failureOf(secretFor(remote(good.url)), {ca: ca.cert, env: {HTTPS_PROXY: 'socks5://127.0.0.1:1080'}});
		assert.deepEqual(failure, {kind: 'proxy-unsupported', variable: 'HTTPS_PROXY', scheme: 'socks5://'});
		assert.equal(describeFailure(failure).exitCode, 2);
		assert.match(describeFailure(failure).title, /not supported \(socks5:\/\/\)/);
	});

	it('names a proxy variable that is not a url, with exit code 2', async () => {
		const failure = await failureOf(secretFor(remote(good.url)), {env: {HTTPS_PROXY: 'http://[not a url'}});
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
