import assert from 'node:assert/strict';
import {generateKeyPairSync} from 'node:crypto';
import {describe, it} from 'node:test';
import {looksLikeServiceKey, parseServiceKey, type ServiceKey} from '../../source/service-key/parse-service-key.js';

// Every value here is made up; nothing is a real credential.
const uaaUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
const certUrl = 'https://mysubaccount.authentication.cert.eu10.hana.ondemand.com';
const serviceUrl = 'https://recommendation.example.test';
const clientId = 'sb-fake-client!b123|pr-service-broker!b456';
const fakeSecret = 'fake-secret$abc=';
const cfHeader = 'Getting key my-key for service instance my-instance as user@example.com...';

const {privateKey: keyPem, publicKey: publicPem} = generateKeyPairSync('rsa', {
	modulusLength: 1024,
	privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
	publicKeyEncoding: {type: 'spki', format: 'pem'},
});
// The parser only checks the PEM frame, so any base64 body serves as a certificate here.
const certificatePem = publicPem.replaceAll('PUBLIC KEY', 'CERTIFICATE');
const keyBodyLine = keyPem.split('\n')[1]!;

const uaaSection = {
	apiurl: 'https://api.authentication.eu10.hana.ondemand.com',
	clientid: clientId,
	clientsecret: fakeSecret,
	'credential-type': 'binding-secret',
	identityzone: 'mysubaccount',
	tenantmode: 'dedicated',
	uaadomain: 'authentication.eu10.hana.ondemand.com',
	url: uaaUrl,
	verificationkey: '-----BEGIN PUBLIC KEY-----\nMIIBfake\n-----END PUBLIC KEY-----',
	xsappname: 'fake-app!t123',
};
const plainKey = {url: serviceUrl, swagger: `${serviceUrl}/swagger.json`, uaa: uaaSection};
const xsuaaKey = {clientid: clientId, clientsecret: fakeSecret, url: uaaUrl, xsappname: 'fake-app!t123', identityzone: 'mysubaccount'};
const x509Section = {
	clientid: clientId,
	'credential-type': 'x509',
	certificate: certificatePem,
	key: keyPem,
	certurl: certUrl,
	url: uaaUrl,
	identityzone: 'mysubaccount',
};

const secretCredentials = {kind: 'secret', url: uaaUrl, clientId, clientSecret: fakeSecret} as const;
const nestedKey: ServiceKey = {
	credentials: secretCredentials,
	serviceUrl,
	credentialType: 'binding-secret',
	shape: 'plain',
	identityZone: 'mysubaccount',
	// Kept for verifying tokens: keys come from https://<uaadomain>/token_keys, and the xsappname is an audience.
	uaaDomain: 'authentication.eu10.hana.ondemand.com',
	xsappname: 'fake-app!t123',
};

function json(value: unknown): string {
	return JSON.stringify(value, undefined, 2);
}

function keyOf(text: string): ServiceKey {
	const result = parseServiceKey(text);
	assert.ok(result.ok, result.ok ? '' : result.problem);
	return result.key;
}

function problemOf(text: string): string {
	const result = parseServiceKey(text);
	assert.ok(!result.ok, 'expected a problem');
	assert.ok(!result.problem.includes(fakeSecret), `the problem shows the secret: ${result.problem}`);
	assert.ok(!result.problem.includes(keyBodyLine), `the problem shows the private key: ${result.problem}`);
	return result.problem;
}

function withUaa(changes: Record<string, unknown>): string {
	return json({...plainKey, uaa: {...uaaSection, ...changes}});
}

function withX509(changes: Record<string, unknown>): string {
	return json({url: serviceUrl, uaa: {...x509Section, ...changes}});
}

describe('parseServiceKey: the ways a key gets pasted', () => {
	it('reads a plain key of an XSUAA-protected service, keeping the service url apart from the uaa url', () => {
		assert.deepEqual(keyOf(json(plainKey)), nestedKey);
	});

	it('reads cf service-key output, skipping the header line and the blank line after it', () => {
		assert.deepEqual(keyOf(`${cfHeader}\n\n${json(plainKey)}\n`), {...nestedKey, shape: 'cf-service-key'});
	});

	it('reads the {"credentials": …} output of newer cf CLIs after their header', () => {
		assert.deepEqual(keyOf(`${cfHeader}\n\n${json({credentials: plainKey})}`), {...nestedKey, shape: 'cf-service-key'});
	});

	it('reads a {"credentials": …} wrapper around a plain key', () => {
		assert.deepEqual(keyOf(json({credentials: plainKey})), {...nestedKey, shape: 'credentials'});
	});

	it('reads a {"credentials": …} wrapper around a key of the XSUAA service itself', () => {
		const key = keyOf(json({credentials: xsuaaKey}));
		assert.equal(key.shape, 'credentials');
		assert.deepEqual(key.credentials, secretCredentials);
		assert.equal(key.serviceUrl, undefined);
	});

	it('reads the first xsuaa entry of VCAP_SERVICES', () => {
		const vcap = {
			destination: [{credentials: {uaa: {...uaaSection, clientid: 'sb-other-client'}}, name: 'dest'}],
			xsuaa: [
				{credentials: xsuaaKey, name: 'my-xsuaa', label: 'xsuaa', plan: 'application'},
				{credentials: {...xsuaaKey, clientid: 'sb-second-entry'}, name: 'second'},
			],
		};
		const key = keyOf(json(vcap));
		assert.equal(key.shape, 'vcap-services');
		assert.deepEqual(key.credentials, secretCredentials);
		assert.equal(key.identityZone, 'mysubaccount');
	});

	it('reads a VCAP_SERVICES entry of another service when it is the only one with uaa credentials', () => {
		const vcap = {'some-service': [{credentials: plainKey, name: 'my-instance'}], 'user-provided': [{credentials: {password: 'x'}}]};
		assert.deepEqual(keyOf(json(vcap)), {...nestedKey, shape: 'vcap-services'});
	});

	it('reads a key of the XSUAA service itself, which has no service url', () => {
		assert.deepEqual(keyOf(json(xsuaaKey)), {credentials: secretCredentials, shape: 'top-level-uaa', identityZone: 'mysubaccount', xsappname: 'fake-app!t123'});
	});

	it('tolerates a byte order mark, surrounding blank lines and a trailing OK line', () => {
		assert.deepEqual(keyOf(`\uFEFF\n  \n${json(plainKey)}\n\nOK\n\n`), nestedKey);
	});

	it('stores the base url when the key or a user added /oauth/token', () => {
		const key = keyOf(withUaa({url: `${uaaUrl}/oauth/token/`}));
		assert.equal(key.credentials.url, uaaUrl);
	});

	it('trims whitespace around url, clientid and clientsecret, and says so without the values', () => {
		const key = keyOf(withUaa({url: ` ${uaaUrl}\n`, clientid: `${clientId} `, clientsecret: `\t${fakeSecret}\r\n`}));
		assert.deepEqual(key.credentials, secretCredentials);
		assert.deepEqual(key.notices, [
			'removed whitespace around the url from the service key.',
			'removed whitespace around the clientid from the service key.',
			'removed whitespace around the clientsecret from the service key.',
		]);
	});

	it('keeps whitespace inside a clientsecret and flags it, never showing the secret', () => {
		const key = keyOf(withUaa({clientsecret: 'fake secret$abc='}));
		assert.equal(key.credentials.kind === 'secret' && key.credentials.clientSecret, 'fake secret$abc=');
		assert.equal(key.notices?.length, 1);
		assert.match(key.notices[0]!, /clientsecret from the service key has whitespace inside it/);
		assert.ok(!key.notices[0]!.includes('fake secret'));
	});

	it('adds no notices to a clean key', () => {
		assert.equal(keyOf(json(plainKey)).notices, undefined);
	});
});

describe('parseServiceKey: X.509 keys', () => {
	it('reads the certificate, private key and certurl, and keeps the url', () => {
		const key = keyOf(withX509({}));
		assert.deepEqual(key.credentials, {kind: 'x509', url: uaaUrl, certUrl, clientId, certificate: certificatePem.trim(), key: keyPem.trim()});
		assert.equal(key.credentialType, 'x509');
		assert.equal(key.serviceUrl, serviceUrl);
	});

	it('turns literal \\n and \\r\\n sequences in the PEM values into line breaks', () => {
		const key = keyOf(withX509({certificate: certificatePem.replaceAll('\n', '\\n'), key: keyPem.replaceAll('\n', '\\r\\n')}));
		assert.ok(key.credentials.kind === 'x509');
		assert.equal(key.credentials.certificate, certificatePem.trim());
		assert.equal(key.credentials.key, keyPem.trim());
		assert.ok(!key.credentials.key.includes('\\'));
	});

	it('uses the secret of an x509-typed key that carries a clientsecret but no certificate', () => {
		const key = keyOf(withX509({certificate: undefined, key: undefined, clientsecret: fakeSecret}));
		assert.deepEqual(key.credentials, secretCredentials);
		assert.equal(key.credentialType, 'x509');
	});

	it('prefers the certificate of an x509-typed key that also carries a clientsecret', () => {
		assert.equal(keyOf(withX509({clientsecret: fakeSecret})).credentials.kind, 'x509');
	});

	it('reads certificate and key without a credential-type as an X.509 key', () => {
		const key = keyOf(withX509({'credential-type': undefined}));
		assert.equal(key.credentials.kind, 'x509');
		assert.equal(key.credentialType, undefined);
	});
});

describe('parseServiceKey: problems', () => {
	for (const text of ['', '  \n\t', '\uFEFF']) {
		it(`asks for the whole key when given ${JSON.stringify(text)}`, () => {
			assert.match(problemOf(text), /^The service key is empty\. Paste the whole key/);
		});
	}

	it('says no JSON object was found in text without one', () => {
		assert.match(problemOf(`${cfHeader}\nFAILED\nService key my-key not found`), /^No JSON object was found\. Paste the whole service key/);
	});

	it('points at the line and column of invalid JSON in the original cf output', () => {
		const text = `${cfHeader}\n\n{"clientid": "sb-x", "clientsecret": "${fakeSecret}" "url": "${uaaUrl}"}`;
		assert.equal(problemOf(text), 'The service key is not valid JSON: expected \',\' or \'}\' after property value at line 3, column 57.');
		assert.equal(text.split('\n')[2]!.slice(56, 61), '"url"');
	});

	it('points at an unquoted value without quoting it, although Node gives no position for it', () => {
		const text = `{\n  "uaa": {\n    "clientid": "sb-x",\n    "clientsecret": ${fakeSecret}\n  }\n}`;
		assert.equal(problemOf(text), 'The service key is not valid JSON: unexpected token \'k\' at line 4, column 23.');
		assert.equal(text.split('\n')[3]![22], 'k');
	});

	it('points at the end of a key that was cut off, not at the blank lines after it', () => {
		const text = json(plainKey).split('\n').slice(0, 6).join('\n');
		const lastLine = text.split('\n')[5]!;
		assert.equal(
			problemOf(`${text}\n\n`),
			`The service key is not valid JSON: expected double-quoted property name at line 6, column ${lastLine.length + 1}. It looks cut off: copy the key up to its last "}".`,
		);
		assert.equal(
			problemOf(`${cfHeader}\n{"url": "${serviceUrl}", "uaa": {"url": \n`),
			'The service key is not valid JSON: unexpected end of JSON input at line 2, column 62. It looks cut off: copy the key up to its last "}".',
		);
	});

	it('does not count a byte order mark as a column', () => {
		assert.equal(problemOf('\uFEFF{"a" 1}'), 'The service key is not valid JSON: expected \':\' after property name at line 1, column 6.');
	});

	it('reports a second object after the key rather than ignoring it', () => {
		assert.equal(problemOf(`${json(xsuaaKey)}\n{"url": "x"}`), 'The service key is not valid JSON: unexpected non-whitespace character after JSON at line 8, column 1.');
	});

	it('refuses JSON that is a list instead of an object', () => {
		assert.match(problemOf(`[${json(plainKey)}]`), /^The service key must be a JSON object in "\{ \}", but this is a "\[ \]" list\./);
		assert.equal(problemOf(`{"a": 1}\n[]`), 'The service key is not valid JSON: unexpected non-whitespace character after JSON at line 2, column 1.');
	});

	it('explains a key without uaa fields, naming at most five of its fields', () => {
		const problem = problemOf(json({url: serviceUrl, username: 'u', password: fakeSecret, vendor: 'v', swagger: 's', host: 'h', port: 1}));
		assert.equal(
			problem,
			'No "uaa" section was found in the service key, which has only "url", "username", "password", "vendor", "swagger" and 2 more. The key must come from an XSUAA-protected service instance; such a key holds "uaa" with "url", "clientid" and "clientsecret".',
		);
	});

	it('explains an empty credentials wrapper', () => {
		assert.match(problemOf(json({credentials: {}})), /^No "uaa" section was found in the "credentials" section, which is empty\. .*XSUAA-protected service instance/);
	});

	it('refuses VCAP_SERVICES with several services that have uaa credentials, naming them', () => {
		const vcap = {'service-a': [{credentials: plainKey}], 'service-b': [{credentials: xsuaaKey}]};
		assert.match(problemOf(json(vcap)), /several services with uaa credentials \("service-a", "service-b"\)\. Paste the credentials of just one/);
	});

	it('says when the xsuaa entry has no credentials', () => {
		assert.match(problemOf(json({xsuaa: [{name: 'my-xsuaa'}]})), /^The first "xsuaa" entry has no "credentials" section/);
	});

	for (const field of ['url', 'clientid', 'clientsecret']) {
		it(`names a missing "${field}" as the key spells it`, () => {
			assert.equal(problemOf(withUaa({[field]: undefined})), `The "uaa" section has no "${field}".`);
		});
	}

	it('names a missing field of a key of the XSUAA service itself', () => {
		assert.equal(problemOf(json({...xsuaaKey, clientsecret: undefined})), 'The service key has no "clientsecret".');
	});

	it('names an empty field', () => {
		assert.equal(problemOf(withUaa({clientsecret: '  '})), 'The "uaa" section has an empty "clientsecret".');
	});

	for (const field of ['certificate', 'key', 'certurl', 'url', 'clientid']) {
		it(`names a missing "${field}" of an X.509 key`, () => {
			assert.equal(problemOf(withX509({[field]: undefined})), `The "uaa" section has no "${field}".`);
		});
	}

	it('names a field of the wrong type', () => {
		assert.equal(problemOf(withUaa({clientid: 12_345})), 'The "uaa" section has a "clientid" that is a number; it must be a string in double quotes.');
		assert.match(problemOf(withUaa({clientsecret: {value: fakeSecret}})), /has a "clientsecret" that is an object/);
		assert.match(problemOf(withUaa({'credential-type': 1})), /has a "credential-type" that is a number/);
		assert.match(problemOf(json({url: serviceUrl, uaa: 'see below'})), /^The "uaa" section must be a JSON object, but it is a string\./);
	});

	it('refuses a uaa url the token client cannot use, with the reason', () => {
		assert.equal(
			problemOf(withUaa({url: 'mysubaccount.authentication.eu10.hana.ondemand.com'})),
			'The uaa "url" in the service key is not usable: The url must be absolute and start with https://, for example https://mysubaccount.authentication.eu10.hana.ondemand.com',
		);
	});

	it('refuses an X.509 certurl the token client cannot use', () => {
		assert.match(problemOf(withX509({certurl: 'http://mysubaccount.authentication.cert.eu10.hana.ondemand.com'})), /^The uaa "certurl" in the service key is not usable: Plain http:\/\//);
	});

	it('names a certificate or key that is not PEM, without showing it', () => {
		assert.equal(
			problemOf(withX509({certificate: 'MIIBfakebase64'})),
			'The "uaa" section has a "certificate" that is not a certificate in PEM form: it must run from a "-----BEGIN ..." line to an "-----END ..." line.',
		);
		const notPem = keyPem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '');
		assert.match(problemOf(withX509({key: notPem})), /^The "uaa" section has a "key" that is not a private key in PEM form/);
	});
});

describe('looksLikeServiceKey', () => {
	it('takes a url for a url', () => {
		assert.equal(looksLikeServiceKey(uaaUrl), false);
		assert.equal(looksLikeServiceKey(`  ${uaaUrl}/oauth/token?grant_type=client_credentials\n`), false);
		assert.equal(looksLikeServiceKey('~/keys/my-key.json'), false);
	});

	it('recognises a pasted JSON key, also after spaces or a byte order mark', () => {
		assert.equal(looksLikeServiceKey(json(plainKey)), true);
		assert.equal(looksLikeServiceKey('\uFEFF  {"url"'), true);
	});

	it('recognises cf service-key output, also when only its header has arrived', () => {
		assert.equal(looksLikeServiceKey(`${cfHeader}\n\n${json(plainKey)}`), true);
		assert.equal(looksLikeServiceKey(`${cfHeader}\n`), true);
	});
});
