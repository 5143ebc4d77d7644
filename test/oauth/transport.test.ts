import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {createServer as createHttpsServer, type ServerOptions} from 'node:https';
import {createServer as createNetServer, type AddressInfo, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {rootCertificates, type TLSSocket} from 'node:tls';
import {after, before, describe, it} from 'node:test';
import {TokenRequestError} from '../../source/errors/failure.js';
import {requestToken} from '../../source/oauth/token-client.js';
import {CaCertificateError, caCertificatesFor, createTransport, ProxyConfigurationError, type Transport, type TransportOptions} from '../../source/oauth/transport.js';
import {type ForwardProxy, startForwardProxy} from '../helpers/forward-proxy.js';
import {answer, readRequest, startTestServer, type TestServer} from '../helpers/http-server.js';
import {hasOpenssl, startOpensslServer} from '../helpers/openssl-server.js';
import {createSelfSignedCertificate, createTestCa, type KeyPair, type TestCa} from '../helpers/pki.js';

type Seen = {method: string; url: string; body: string; authorization?: string; clientCommonName?: string | string[]};

type ErrorLink = {name?: unknown; message?: unknown; code?: unknown};

/** The error and its causes, outermost first, as a failure mapper walks them. */
function causeChain(error: unknown): ErrorLink[] {
	const chain: ErrorLink[] = [];
	for (let current = error; typeof current === 'object' && current !== null && chain.length < 6; ) {
		const {name, message, code, cause} = current as ErrorLink & {cause?: unknown};
		chain.push({name, message, code});
		current = cause;
	}

	return chain;
}

function firstCode(error: unknown): string | undefined {
	return causeChain(error).find(link => typeof link.code === 'string')?.code as string | undefined;
}

async function withTransport<T>(options: TransportOptions, use: (transport: Transport) => Promise<T>): Promise<T> {
	const transport = await createTransport(options);
	try {
		return await use(transport);
	} finally {
		await transport.close();
	}
}

async function post(transport: Transport, url: string): Promise<{status: number; seen: Seen}> {
	const response = await transport.fetch(url, {
		method: 'POST',
		headers: {'Content-Type': 'application/x-www-form-urlencoded'},
		body: 'grant_type=client_credentials',
		signal: AbortSignal.timeout(5000),
	});
	return {status: response.status, seen: (await response.json()) as Seen};
}

async function fetchError(transport: Transport, url: string, method = 'POST'): Promise<unknown> {
	try {
		const response = await transport.fetch(url, {method, body: method === 'GET' ? undefined : 'x', signal: AbortSignal.timeout(5000)});
		await response.body?.cancel();
	} catch (error) {
		return error;
	}

	throw new Error(`expected ${method} ${url} to fail`);
}

/** A request that fails the way fetch fails on the network: TypeError "fetch failed" with the reason in its cause. */
function assertFetchFailed(error: unknown, code: string, message?: RegExp): void {
	const [outer, cause] = causeChain(error);
	assert.equal(outer?.name, 'TypeError');
	assert.equal(outer?.message, 'fetch failed');
	assert.equal(firstCode(error), code, JSON.stringify(causeChain(error)));
	if (message) {
		assert.match(String(cause?.message), message);
	}
}

async function echo(request: IncomingMessage, response: ServerResponse): Promise<void> {
	const {method, url, body, headers} = await readRequest(request);
	const peer = (request.socket as TLSSocket).getPeerCertificate?.();
	const seen: Seen = {method, url, body, authorization: headers.authorization, clientCommonName: peer?.subject?.CN};
	answer(response, 200, JSON.stringify(seen));
}

async function startHttpsServer(tls: ServerOptions): Promise<TestServer & {port: number; host: string}> {
	const server = await startTestServer((request, response) => {
		void echo(request, response);
	}, tls);
	const {host, port} = new URL(server.url);
	return {...server, host, port: Number(port)};
}

/** A raw TCP server on 127.0.0.1 that treats each connection as `handle` says. */
async function startTcpServer(handle: (socket: Socket) => void): Promise<{port: number; close(): Promise<void>}> {
	const sockets = new Set<Socket>();
	const server: Server = createNetServer(socket => {
		sockets.add(socket);
		handle(socket);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		port: (server.address() as AddressInfo).port,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
}

async function closedPort(): Promise<number> {
	const server = await startTcpServer(() => undefined);
	await server.close();
	return server.port;
}

describe('createTransport', {timeout: 60_000}, () => {
	let ca: TestCa;
	let otherCa: TestCa;
	let serverCertificate: KeyPair;
	let client: KeyPair;
	let clientCertificate: {certificate: string; key: string};
	let server: Awaited<ReturnType<typeof startHttpsServer>>;
	let mtlsServer: Awaited<ReturnType<typeof startHttpsServer>>;
	let proxy: ForwardProxy;
	const closers: Array<() => Promise<void>> = [];

	before(async () => {
		ca = await createTestCa();
		otherCa = await createTestCa('unrelated CA');
		serverCertificate = await ca.issueServerCertificate();
		client = await ca.issueClientCertificate('sb-x509-client!b42');
		clientCertificate = {certificate: client.cert, key: client.key};
		server = await startHttpsServer(serverCertificate);
		mtlsServer = await startHttpsServer({...serverCertificate, requestCert: true, rejectUnauthorized: true, ca: ca.cert});
		proxy = await startForwardProxy();
		closers.push(server.close, mtlsServer.close, proxy.close);
	});

	after(async () => {
		// Proxy tunnels end when the servers behind them close, so the servers close first.
		for (const close of closers) {
			// eslint-disable-next-line no-await-in-loop -- in order, see above
			await close();
		}
	});

	describe('trust', () => {
		it('reaches an HTTPS server whose CA is given as ca', async () => {
			const {status, seen} = await withTransport({ca: ca.cert, env: {}}, async transport => post(transport, `${server.url}/oauth/token`));
			assert.equal(status, 200);
			assert.deepEqual([seen.method, seen.url, seen.body], ['POST', '/oauth/token', 'grant_type=client_credentials']);
		});

		it('fails without the CA, with UNABLE_TO_VERIFY_LEAF_SIGNATURE when the server sends only its own certificate', async () => {
			const error = await withTransport({env: {}}, async transport => fetchError(transport, server.url));
			assertFetchFailed(error, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', /^unable to verify the first certificate$/);
		});

		it('fails with SELF_SIGNED_CERT_IN_CHAIN when the server sends its chain up to an unknown root', async () => {
			const chained = await startHttpsServer({cert: `${serverCertificate.cert.trimEnd()}\n${ca.cert}`, key: serverCertificate.key});
			closers.unshift(chained.close);
			const error = await withTransport({env: {}}, async transport => fetchError(transport, chained.url));
			assertFetchFailed(error, 'SELF_SIGNED_CERT_IN_CHAIN', /^self-signed certificate in certificate chain$/);
		});

		it('fails with DEPTH_ZERO_SELF_SIGNED_CERT for a self-signed server certificate, even with another CA given', async () => {
			const selfSigned = await startHttpsServer(await createSelfSignedCertificate());
			closers.unshift(selfSigned.close);
			const error = await withTransport({ca: ca.cert, env: {}}, async transport => fetchError(transport, selfSigned.url));
			assertFetchFailed(error, 'DEPTH_ZERO_SELF_SIGNED_CERT', /^self-signed certificate$/);
		});

		it('keeps NODE_EXTRA_CA_CERTS and the bundled roots when ca adds another CA', async () => {
			const directory = mkdtempSync(join(tmpdir(), 'uaa-token-ca-'));
			try {
				const extraFile = join(directory, 'extra.pem');
				writeFileSync(extraFile, ca.cert);
				const env = {NODE_EXTRA_CA_CERTS: extraFile};
				const {status} = await withTransport({ca: otherCa.cert, env}, async transport => post(transport, server.url));
				assert.equal(status, 200);

				const list = caCertificatesFor(otherCa.cert, env) ?? [];
				assert.deepEqual(list.slice(0, rootCertificates.length), [...rootCertificates]);
				assert.deepEqual(list.slice(rootCertificates.length), [ca.cert, otherCa.cert]);
			} finally {
				rmSync(directory, {recursive: true, force: true});
			}
		});

		it('rejects a ca that holds no PEM certificate, which Node would silently ignore', async () => {
			await assert.rejects(createTransport({ca: 'not a certificate', env: {}}), (error: unknown) => {
				assert.ok(error instanceof CaCertificateError);
				assert.equal(error.code, 'ERR_CA_NO_PEM_CERTIFICATE');
				assert.equal(error.message, 'ca holds no PEM certificate');
				return true;
			});
		});

		it('goes on without an unreadable NODE_EXTRA_CA_CERTS, as Node does, and leaves the defaults alone without ca', async () => {
			assert.equal(caCertificatesFor(ca.cert, {NODE_EXTRA_CA_CERTS: '/nonexistent/extra.pem'})?.length, rootCertificates.length + 1);
			assert.equal(caCertificatesFor(undefined, {NODE_EXTRA_CA_CERTS: '/nonexistent/extra.pem'}), undefined);
		});

		it('fails with CERT_HAS_EXPIRED for an expired server certificate', async () => {
			const expired = await startHttpsServer(await ca.issueServerCertificate({expired: true}));
			closers.unshift(expired.close);
			const error = await withTransport({ca: ca.cert, env: {}}, async transport => fetchError(transport, expired.url));
			assertFetchFailed(error, 'CERT_HAS_EXPIRED', /^certificate has expired$/);
		});

		it('fails with ERR_TLS_CERT_ALTNAME_INVALID for a certificate naming only localhost, asked for as 127.0.0.1', async () => {
			const localhostOnly = await startHttpsServer(await ca.issueServerCertificate({hosts: ['localhost']}));
			closers.unshift(localhostOnly.close);
			const error = await withTransport({ca: ca.cert, env: {}}, async transport => fetchError(transport, localhostOnly.url));
			assertFetchFailed(error, 'ERR_TLS_CERT_ALTNAME_INVALID', /^Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list: $/);
		});

		it('fails with ERR_TLS_CERT_ALTNAME_INVALID for a certificate naming only 127.0.0.1, asked for as localhost', async () => {
			const ipOnly = await startHttpsServer(await ca.issueServerCertificate({hosts: ['127.0.0.1']}));
			closers.unshift(ipOnly.close);
			const error = await withTransport({ca: ca.cert, env: {}}, async transport => fetchError(transport, `https://localhost:${ipOnly.port}/`));
			assertFetchFailed(error, 'ERR_TLS_CERT_ALTNAME_INVALID', /^Hostname\/IP does not match certificate's altnames: Host: localhost\. is not cert's CN: 127\.0\.0\.1$/);
		});
	});

	describe('proxies from the environment', () => {
		for (const variable of ['HTTPS_PROXY', 'https_proxy']) {
			it(`tunnels HTTPS through ${variable} with CONNECT, trusting the extra CA behind the proxy`, async () => {
				const before = proxy.connectTargets.length;
				await withTransport({ca: ca.cert, env: {[variable]: proxy.url}}, async transport => {
					assert.equal(transport.proxyFor(server.url), proxy.url);
					const {status, seen} = await post(transport, `${server.url}/oauth/token`);
					assert.equal(status, 200);
					assert.equal(seen.body, 'grant_type=client_credentials');
				});
				assert.deepEqual(proxy.connectTargets.slice(before), [`127.0.0.1:${server.port}`]);
			});
		}

		it('uses HTTP_PROXY for HTTPS targets too when HTTPS_PROXY is not set, and reads lower case first', async () => {
			const unused = `http://127.0.0.1:${await closedPort()}`;
			const before = proxy.connectTargets.length;
			await withTransport({ca: ca.cert, env: {http_proxy: proxy.url, HTTP_PROXY: unused}}, async transport => {
				assert.equal(transport.proxyFor(server.url), proxy.url);
				assert.equal((await post(transport, server.url)).status, 200);
			});
			assert.deepEqual(proxy.connectTargets.slice(before), [`127.0.0.1:${server.port}`]);
		});

		it('tunnels plain HTTP with CONNECT too, rather than sending the proxy absolute urls', async () => {
			const plain = await startTestServer((request, response) => {
				void echo(request, response);
			});
			closers.unshift(plain.close);
			const before = proxy.connectTargets.length;
			await withTransport({env: {HTTP_PROXY: proxy.url}}, async transport => {
				assert.equal((await post(transport, plain.url)).status, 200);
			});
			assert.deepEqual(proxy.connectTargets.slice(before), [new URL(plain.url).host]);
			assert.deepEqual(proxy.requestUrls, []);
		});

		for (const [variable, value] of [
			['NO_PROXY', '127.0.0.1'],
			['no_proxy', 'example.test, 127.0.0.1'],
			['NO_PROXY', '*'],
		] as const) {
			it(`connects directly to hosts in ${variable}=${value}`, async () => {
				const before = proxy.connectTargets.length;
				await withTransport({ca: ca.cert, env: {HTTPS_PROXY: proxy.url, [variable]: value}}, async transport => {
					assert.equal(transport.proxyFor(server.url), undefined);
					assert.equal((await post(transport, server.url)).status, 200);
				});
				assert.equal(proxy.connectTargets.length, before);
			});
		}

		it('honours a port in NO_PROXY, proxying the same host on other ports', async () => {
			await withTransport({env: {HTTPS_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${server.port}`}}, async transport => {
				assert.equal(transport.proxyFor(server.url), undefined);
				assert.equal(transport.proxyFor('https://127.0.0.1:1/'), proxy.url);
			});
		});

		it('leaves process.env alone when env is given', async () => {
			const saved = process.env['HTTPS_PROXY'];
			process.env['HTTPS_PROXY'] = `http://127.0.0.1:${await closedPort()}`;
			try {
				await withTransport({ca: ca.cert, env: {}}, async transport => {
					assert.equal(transport.proxyFor(server.url), undefined);
					assert.equal((await post(transport, server.url)).status, 200);
				});
			} finally {
				if (saved === undefined) {
					delete process.env['HTTPS_PROXY'];
				} else {
					process.env['HTTPS_PROXY'] = saved;
				}
			}
		});

		it('sends proxy credentials from the url, and leaves them out of proxyFor', async () => {
			const guarded = await startForwardProxy({credentials: {username: 'corp\\me', password: 'p@ss:w+rd'}});
			closers.push(guarded.close);
			const {port} = new URL(guarded.url);
			const withCredentials = `http://${encodeURIComponent('corp\\me')}:${encodeURIComponent('p@ss:w+rd')}@127.0.0.1:${port}`;
			await withTransport({ca: ca.cert, env: {HTTPS_PROXY: withCredentials}}, async transport => {
				assert.equal(transport.proxyFor(server.url), guarded.url);
				assert.equal((await post(transport, server.url)).status, 200);
			});
			assert.deepEqual(guarded.connectTargets, [`127.0.0.1:${server.port}`]);
		});

		it('speaks TLS to an https:// proxy, trusting the extra CA for it as well', async () => {
			const secureProxy = await startForwardProxy({tls: await ca.issueServerCertificate()});
			closers.push(secureProxy.close);
			const {seen} = await withTransport({ca: ca.cert, clientCertificate, env: {HTTPS_PROXY: secureProxy.url}}, async transport => {
				assert.equal(transport.proxyFor(mtlsServer.url), secureProxy.url);
				return post(transport, mtlsServer.url);
			});
			assert.equal(seen.clientCommonName, 'sb-x509-client!b42');
			assert.deepEqual(secureProxy.connectTargets, [`127.0.0.1:${mtlsServer.port}`]);
		});

		it('fails with UNABLE_TO_VERIFY_LEAF_SIGNATURE for an https:// proxy whose CA is not trusted', async () => {
			const secureProxy = await startForwardProxy({tls: await otherCa.issueServerCertificate()});
			closers.push(secureProxy.close);
			const error = await withTransport({ca: ca.cert, env: {HTTPS_PROXY: secureProxy.url}}, async transport => fetchError(transport, server.url));
			assertFetchFailed(error, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
			assert.deepEqual(secureProxy.connectTargets, []);
		});

		it('reads a proxy given as host:port as an http proxy', async () => {
			await withTransport({ca: ca.cert, env: {HTTPS_PROXY: new URL(proxy.url).host}}, async transport => {
				assert.equal(transport.proxyFor(server.url), proxy.url);
				assert.equal((await post(transport, server.url)).status, 200);
			});
		});

		it('rejects a proxy variable that is not a url, naming the variable but not its value', async () => {
			await assert.rejects(createTransport({env: {https_proxy: 'http://user:secret@'}}), (error: unknown) => {
				assert.ok(error instanceof ProxyConfigurationError);
				assert.equal(error.variable, 'https_proxy');
				assert.equal(error.message, 'https_proxy is not a valid proxy url');
				return true;
			});
		});

		for (const status of [403, 407] as const) {
			it(`fails with the proxy's ${status} to CONNECT in the cause chain`, async () => {
				const refusing = await startForwardProxy({refuse: status});
				closers.push(refusing.close);
				const error = await withTransport({ca: ca.cert, env: {HTTPS_PROXY: refusing.url}}, async transport => fetchError(transport, server.url));
				assert.deepEqual(causeChain(error), [
					{name: 'TypeError', message: 'fetch failed', code: undefined},
					{name: 'Error', message: 'Request was cancelled.', code: 0},
					{name: 'AbortError', message: `Proxy response (${status}) !== 200 when HTTP Tunneling`, code: 'UND_ERR_ABORTED'},
				]);
				assert.deepEqual(refusing.connectTargets, [`127.0.0.1:${server.port}`]);
			});
		}

		it('fails with ECONNREFUSED, as for the target itself, when the proxy is not listening', async () => {
			const port = await closedPort();
			const error = await withTransport({ca: ca.cert, env: {HTTPS_PROXY: `http://127.0.0.1:${port}`}}, async transport => fetchError(transport, server.url));
			assertFetchFailed(error, 'ECONNREFUSED', new RegExp(`^connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`));
		});

		it('fails with the proxy answering 500 to CONNECT when the proxy cannot reach the target', async () => {
			const port = await closedPort();
			const error = await withTransport({ca: ca.cert, env: {HTTPS_PROXY: proxy.url}}, async transport => fetchError(transport, `https://127.0.0.1:${port}/`));
			assert.equal(causeChain(error)[2]?.message, 'Proxy response (500) !== 200 when HTTP Tunneling');
		});
	});

	describe('client certificates (mutual TLS)', () => {
		it('presents the client certificate directly', async () => {
			const {status, seen} = await withTransport({ca: ca.cert, clientCertificate, env: {}}, async transport => post(transport, mtlsServer.url));
			assert.equal(status, 200);
			assert.equal(seen.clientCommonName, 'sb-x509-client!b42');
		});

		it('presents the client certificate through a CONNECT proxy, not to the proxy', async () => {
			const before = proxy.connectTargets.length;
			const {seen} = await withTransport({ca: ca.cert, clientCertificate, env: {HTTPS_PROXY: proxy.url}}, async transport => post(transport, mtlsServer.url));
			assert.equal(seen.clientCommonName, 'sb-x509-client!b42');
			assert.deepEqual(proxy.connectTargets.slice(before), [`127.0.0.1:${mtlsServer.port}`]);
		});

		it('accepts PEM whose newlines are the two characters \\n, as some printed service keys hold them', async () => {
			const escaped = {certificate: client.cert.replaceAll('\n', '\\n'), key: client.key.replaceAll('\n', '\\n')};
			const {seen} = await withTransport({ca: ca.cert.replaceAll('\n', '\\n'), clientCertificate: escaped, env: {}}, async transport =>
				post(transport, mtlsServer.url),
			);
			assert.equal(seen.clientCommonName, 'sb-x509-client!b42');
		});

		it('uses the default trust store when only a client certificate is given', async () => {
			const error = await withTransport({clientCertificate, env: {}}, async transport => fetchError(transport, mtlsServer.url));
			// A Node server given `ca` sends that CA along with its own certificate.
			assertFetchFailed(error, 'SELF_SIGNED_CERT_IN_CHAIN');
		});

		for (const proxied of [false, true]) {
			const where = proxied ? ', through the proxy' : '';
			const env = () => (proxied ? {HTTPS_PROXY: proxy.url} : {});

			// Node's own server checks client certificates after a TLS 1.3 handshake and then just hangs up, so only the
			// failure is certain here; the alerts real servers send are tested against openssl below.
			it(`fails when a Node server wants a client certificate and gets none${where}`, async () => {
				const error = await withTransport({ca: ca.cert, env: env()}, async transport => fetchError(transport, mtlsServer.url));
				assert.match(String(causeChain(error).at(-1)?.code), /^(?:ERR_SSL_|UND_ERR_SOCKET|ECONNRESET)/);
			});

			it(`fails when a Node server gets a client certificate from an unrelated CA${where}`, async () => {
				const foreign = await otherCa.issueClientCertificate('foreign');
				const options = {ca: ca.cert, clientCertificate: {certificate: foreign.cert, key: foreign.key}, env: env()};
				const error = await withTransport(options, async transport => fetchError(transport, mtlsServer.url));
				assert.match(String(causeChain(error).at(-1)?.code), /^(?:ERR_SSL_|UND_ERR_SOCKET|ECONNRESET)/);
			});
		}

		it('rejects a key that does not belong to the certificate, or unreadable PEM, before any request', async () => {
			const other = await otherCa.issueClientCertificate('other');
			await assert.rejects(createTransport({clientCertificate: {certificate: client.cert, key: other.key}, env: {}}), {
				code: 'ERR_OSSL_X509_KEY_VALUES_MISMATCH',
				message: 'error:05800074:x509 certificate routines::key values mismatch',
			});
			await assert.rejects(createTransport({clientCertificate: {certificate: 'garbage', key: client.key}, env: {}}), {
				code: 'ERR_OSSL_PEM_NO_START_LINE',
			});
			await assert.rejects(createTransport({clientCertificate: {certificate: client.cert, key: 'garbage'}, env: {}}), {
				code: 'ERR_OSSL_UNSUPPORTED',
			});
		});
	});

	// openssl's s_server sends the alerts real servers send; Node's own server just hangs up. It is part of Debian's base system.
	describe('client certificates against a server that answers with TLS alerts', () => {
		before(() => {
			assert.equal(hasOpenssl, true, 'these tests need the openssl command (Debian: apt-get install openssl)');
		});

		// With a client certificate the transport speaks TLS 1.2, where a refusal is a handshake alert that names itself.
		for (const tlsVersion of ['1.2'] as const) {
			for (const proxied of [false, true]) {
				const where = `TLS ${tlsVersion}${proxied ? ', through the proxy' : ''}`;
				const env = () => (proxied ? {HTTPS_PROXY: proxy.url} : {});

				it(`succeeds with the client certificate (${where})`, async () => {
					const openssl = await startOpensslServer({...serverCertificate, clientCa: ca.cert, tlsVersion});
					try {
						const status = await withTransport({ca: ca.cert, clientCertificate, env: env()}, async transport => {
							const response = await transport.fetch(`${openssl.url}/`, {signal: AbortSignal.timeout(5000)});
							await response.text();
							return response.status;
						});
						assert.equal(status, 200);
					} finally {
						await openssl.close();
					}
				});

				const cases = [
					{label: 'with a client certificate from an unrelated CA', client: 'foreign', code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'},
					{label: 'with an expired client certificate', client: 'expired', code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'},
				] as const;
				for (const {label, client: kind, code} of cases) {
					it(`fails with ${code} ${label} (${where})`, async () => {
						const pair = kind === 'foreign' ? await otherCa.issueClientCertificate('foreign') : kind === 'expired' ? await ca.issueClientCertificate('old', {expired: true}) : undefined;
						const openssl = await startOpensslServer({...serverCertificate, clientCa: ca.cert, tlsVersion});
						try {
							const options = {ca: ca.cert, clientCertificate: pair && {certificate: pair.cert, key: pair.key}, env: env()};
							const error = await withTransport(options, async transport => fetchError(transport, `${openssl.url}/`, 'GET'));
							assertFetchFailed(error, code, /SSL alert number \d+\n$/);
						} finally {
							await openssl.close();
						}
					});
				}
			}
		}
	});

	describe('connections dropped by the server', () => {
		it('fails with ECONNRESET when the server closes the connection before the TLS handshake', async () => {
			const dropping = await startTcpServer(socket => socket.destroy());
			closers.unshift(dropping.close);
			const error = await withTransport({ca: ca.cert, env: {}}, async transport => fetchError(transport, `https://127.0.0.1:${dropping.port}/`));
			assertFetchFailed(error, 'ECONNRESET', /^Client network socket disconnected before secure TLS connection was established$/);
		});

		it('fails with UND_ERR_SOCKET when the server closes the connection after reading the request', async () => {
			const hangingUp = await startTestServer(request => request.socket.destroy(), serverCertificate);
			closers.unshift(hangingUp.close);
			for (const env of [{}, {HTTPS_PROXY: proxy.url}]) {
				// eslint-disable-next-line no-await-in-loop -- one after the other, on one server
				const error = await withTransport({ca: ca.cert, env}, async transport => fetchError(transport, hangingUp.url));
				assertFetchFailed(error, 'UND_ERR_SOCKET', /^other side closed$/);
			}
		});
	});

	describe('with requestToken', () => {
		it('gets a token from an X.509 key over mutual TLS, through the proxy', async () => {
			const before = proxy.connectTargets.length;
			const jwt = ['eyJhbGciOiJub25lIn0', 'eyJjaWQiOiJzYi14NTA5LWNsaWVudCFiNDIifQ', 'c2ln'].join('.');
			const seen: Seen[] = [];
			const endpoint = await startTestServer(
				(request, response) => {
					void readRequest(request).then(({method, url, body, headers}) => {
						seen.push({method, url, body, authorization: headers.authorization, clientCommonName: (request.socket as TLSSocket).getPeerCertificate().subject?.CN});
						answer(response, 200, JSON.stringify({access_token: jwt, token_type: 'bearer', expires_in: 43_199, scope: 'uaa.resource', jti: 'abc'}));
					});
				},
				{...serverCertificate, requestCert: true, rejectUnauthorized: true, ca: ca.cert},
			);
			closers.unshift(endpoint.close);
			const token = await withTransport({ca: ca.cert, clientCertificate, env: {HTTPS_PROXY: proxy.url}}, async transport =>
				requestToken({
					url: endpoint.url,
					clientId: 'sb-x509-client!b42',
					authMethod: 'tls',
					fetch: transport.fetch,
					dispatcher: transport.dispatcher,
					proxyUrl: transport.proxyFor(`${endpoint.url}/oauth/token`),
					retry: {attempts: 1},
				}),
			);
			assert.equal(token.accessToken, jwt);
			assert.equal(token.authMethod, 'tls');
			assert.deepEqual(seen, [
				{
					method: 'POST',
					url: '/oauth/token',
					body: 'grant_type=client_credentials&client_id=sb-x509-client%21b42',
					authorization: undefined,
					clientCommonName: 'sb-x509-client!b42',
				},
			]);
			assert.deepEqual(proxy.connectTargets.slice(before), [new URL(endpoint.url).host]);
		});

		it('fails as a TLS failure over a client certificate when the server refuses it with an alert', async () => {
			assert.equal(hasOpenssl, true, 'this test needs the openssl command');
			const foreign = await otherCa.issueClientCertificate('foreign');
			const openssl = await startOpensslServer({...serverCertificate, clientCa: ca.cert, tlsVersion: '1.2'});
			try {
				const error = await withTransport({ca: ca.cert, clientCertificate: {certificate: foreign.cert, key: foreign.key}, env: {}}, async transport =>
					requestToken({url: openssl.url, clientId: 'sb-x509-client!b42', authMethod: 'tls', fetch: transport.fetch, dispatcher: transport.dispatcher, retry: {attempts: 1}}).then(
						() => undefined,
						(error: unknown) => error,
					),
				);
				assert.ok(error instanceof TokenRequestError, String(error));
				assert.deepEqual(error.failure, {kind: 'tls', host: new URL(openssl.url).host, code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', reason: 'client-certificate'});
			} finally {
				await openssl.close();
			}
		});
	});
});
