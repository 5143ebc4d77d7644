import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TLSSocket} from 'node:tls';
import {after, before, describe, it} from 'node:test';
import {type DemoServer, startDemoServer} from '../source/demo/demo-server.js';
import {type ForwardProxy, startForwardProxy} from './helpers/forward-proxy.js';
import {createTestCa, type KeyPair, type TestCa} from './helpers/pki.js';
import {runBuiltCli} from './helpers/run-cli.js';

const x509ClientId = 'sb-x509-app!b42';
// Env for children: PATH only, so no proxy or secret of the machine leaks into a test.
const baseEnv = {PATH: process.env['PATH'] ?? ''};

describe('--service-key with secret and X.509 keys, directly and through a proxy', () => {
	let directory: string;
	let demo: DemoServer;
	let ca: TestCa;
	let client: KeyPair;
	let mtlsServer: Server;
	let mtlsUrl: string;
	let proxy: ForwardProxy;
	const seenByMtls: Array<{body: string; clientName?: string}> = [];

	before(async () => {
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-keys-'));
		demo = await startDemoServer();
		ca = await createTestCa();
		const serverPair = await ca.issueServerCertificate({hosts: ['127.0.0.1', 'uaa.test']});
		client = await ca.issueClientCertificate('uaa-token x509 client');
		// An XSUAA cert host stand-in: it answers only clients whose certificate its CA signed.
		mtlsServer = createServer({key: serverPair.key, cert: serverPair.cert, ca: ca.cert, requestCert: true, rejectUnauthorized: true}, (request, response) => {
			let body = '';
			request.setEncoding('utf8');
			request.on('data', (chunk: string) => {
				body += chunk;
			});
			request.on('end', () => {
				const peer = (request.socket as TLSSocket).getPeerCertificate();
				seenByMtls.push({body, clientName: typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined});
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.end(JSON.stringify({access_token: `mtls.token.${seenByMtls.length}`, token_type: 'bearer', expires_in: 43_199, scope: 'uaa.resource'}));
			});
		});
		await new Promise<void>(resolve => {
			mtlsServer.listen(0, '127.0.0.1', resolve);
		});
		mtlsUrl = `https://127.0.0.1:${(mtlsServer.address() as AddressInfo).port}`;
		proxy = await startForwardProxy();
		writeFileSync(join(directory, 'ca.pem'), ca.cert);
	});

	after(async () => {
		mtlsServer.closeAllConnections();
		await new Promise(resolve => {
			mtlsServer.close(resolve);
		});
		await proxy.close();
		await demo.close();
		rmSync(directory, {recursive: true, force: true});
	});

	function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return {...baseEnv, UAA_TOKEN_CONFIG_DIR: join(directory, 'config'), ...extra};
	}

	function writeKey(name: string, content: unknown): string {
		const path = join(directory, name);
		writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
		return path;
	}

	function x509Key(uaaUrl = mtlsUrl) {
		// As BTP prints them: PEM line breaks as the two characters \n inside JSON strings.
		return {
			url: 'https://recommendation.example.test',
			uaa: {
				'credential-type': 'x509',
				clientid: x509ClientId,
				certificate: client.cert.replaceAll('\n', '\\n'),
				key: client.key.replaceAll('\n', '\\n'),
				certurl: uaaUrl,
				url: uaaUrl,
			},
		};
	}

	it('gets a token with a secret key file', async () => {
		const path = writeKey('secret.json', {url: `${demo.uaaUrl}/service-api`, uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret}});
		const {code, stdout, stderr} = await runBuiltCli(['--service-key', path, '--print'], {env: env()});
		assert.equal(code, 0, stderr);
		assert.equal(stdout.trim().split('.').length, 3);
		assert.ok(!stderr.includes(demo.clientSecret));
	});

	it('reads cf service-key output from stdin', async () => {
		const cfOutput = `Getting key my-key for service instance my-instance as someone@example.test...\n\n${JSON.stringify({credentials: {uaa: {url: demo.uaaUrl, clientid: demo.clientId, clientsecret: demo.clientSecret}}}, null, 2)}\n`;
		const {code, stdout, stderr} = await runBuiltCli(['--service-key', '-', '--json'], {env: env(), input: cfOutput});
		assert.equal(code, 0, stderr);
		assert.equal((JSON.parse(stdout) as {token_type: string}).token_type, 'bearer');
	});

	it('gets a token with an X.509 key over mutual TLS, with client_id in the body and no secret', async () => {
		seenByMtls.length = 0;
		const path = writeKey('x509.json', x509Key());
		const {code, stdout, stderr} = await runBuiltCli(['--service-key', path, '--ca', join(directory, 'ca.pem'), '--print'], {env: env()});
		assert.equal(code, 0, stderr);
		assert.match(stdout, /^mtls\.token\.\d+\n$/);
		assert.equal(seenByMtls.length, 1);
		assert.deepEqual(Object.fromEntries(new URLSearchParams(seenByMtls[0]!.body)), {grant_type: 'client_credentials', client_id: x509ClientId});
		assert.equal(seenByMtls[0]!.clientName, 'uaa-token x509 client');
	});

	it('gets the same token through an HTTPS_PROXY, which sees the CONNECT', async () => {
		// A name the test proxy reaches on 127.0.0.1: loopback urls never go through a proxy.
		const remoteUrl = mtlsUrl.replace('127.0.0.1', 'uaa.test');
		const path = writeKey('x509-remote.json', x509Key(remoteUrl));
		const before = proxy.connectTargets.length;
		const {code, stdout, stderr} = await runBuiltCli(['--service-key', path, '--ca', join(directory, 'ca.pem'), '--print'], {env: env({https_proxy: proxy.url})});
		assert.equal(code, 0, stderr);
		assert.match(stdout, /^mtls\.token\.\d+\n$/);
		assert.deepEqual(proxy.connectTargets.slice(before), [new URL(remoteUrl).host]);
	});

	it('saves an X.509 profile with its certificate, key and CA, which works again later', async () => {
		const path = writeKey('x509.json', x509Key());
		const saved = await runBuiltCli(['--service-key', path, '--ca', join(directory, 'ca.pem'), '--json', '--save', 'certs'], {env: env()});
		assert.equal(saved.code, 0, saved.stderr);
		// No D-Bus session in this test: the private key is kept in the 0600 file, and saving says so.
		assert.match(saved.stderr, /Saved the profile "certs" in .*certs\.json\. Its X\.509 key is stored in that file, readable only by you, not in a system keychain: /);
		const stored = JSON.parse(readFileSync(join(directory, 'config', 'profiles', 'certs.json'), 'utf8')) as {profile: Record<string, string>};
		assert.match(stored.profile['certificate']!, /^-----BEGIN CERTIFICATE-----\n/);
		assert.equal(stored.profile['serviceurl'], 'https://recommendation.example.test');
		assert.equal(stored.profile['clientsecret'], undefined);
		const again = await runBuiltCli(['--profile', 'certs', '--refresh', '--print'], {env: env()});
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /^mtls\.token\.\d+\n$/);
	});

	it('names the missing field of a malformed key, with exit 2', async () => {
		const path = writeKey('broken.json', {uaa: {url: demo.uaaUrl, clientid: demo.clientId}});
		const {code, stderr} = await runBuiltCli(['--service-key', path, '--print'], {env: env()});
		assert.equal(code, 2);
		assert.match(stderr, /--service-key: The "uaa" section has no "clientsecret"/);
	});

	it('gives the line and column of invalid JSON', async () => {
		const path = writeKey('invalid.json', '{\n  "uaa": {\n    "url" "x"\n  }\n}\n');
		const {code, stderr} = await runBuiltCli(['--service-key', path, '--print'], {env: env()});
		assert.equal(code, 2);
		assert.match(stderr, /not valid JSON: .* at line 3, column 11\./);
	});

	it('reports a rejected client certificate as a TLS failure with exit 3', async () => {
		const stranger = await (await createTestCa('unrelated CA')).issueClientCertificate('stranger');
		const key = x509Key();
		key.uaa.certificate = stranger.cert;
		key.uaa.key = stranger.key;
		const path = writeKey('stranger.json', key);
		const {code, stderr} = await runBuiltCli(['--service-key', path, '--ca', join(directory, 'ca.pem'), '--print'], {env: env()});
		assert.equal(code, 3, stderr);
		assert.match(stderr, /rejected the client certificate|connection was cut/);
	});
});
