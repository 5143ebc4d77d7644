// Makes throwaway certificates at test time: a CA with server and client certificates, and lone self-signed ones.

import {generate, type CertificateExtension} from 'selfsigned';

export type KeyPair = {cert: string; key: string};

export type ServerCertificateOptions = {
	/** DNS names and IP addresses the certificate is for; a wrong one makes hostname checks fail. */
	hosts?: string[];
	/** Valid from two days ago until yesterday. */
	expired?: boolean;
};

export type TestCa = KeyPair & {
	issueServerCertificate(options?: ServerCertificateOptions): Promise<KeyPair>;
	issueClientCertificate(commonName: string, options?: {expired?: boolean}): Promise<KeyPair>;
};

const dayMs = 24 * 60 * 60 * 1000;
// EC keys, because RSA key generation would make each certificate take a noticeable fraction of a second.
const keyOptions = {keyType: 'ec', algorithm: 'sha256'} as const;

function subjectAltNames(hosts: string[]): CertificateExtension {
	return {
		name: 'subjectAltName',
		altNames: hosts.map(host => (/^[\d.]+$|:/.test(host) ? {type: 7, ip: host} : {type: 2, value: host})),
	};
}

function serverExtensions(hosts: string[]): CertificateExtension[] {
	return [
		{name: 'basicConstraints', cA: false},
		{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
		{name: 'extKeyUsage', serverAuth: true},
		subjectAltNames(hosts),
	];
}

function validity(expired = false): {notBeforeDate: Date; notAfterDate: Date} {
	const now = Date.now();
	return expired
		? {notBeforeDate: new Date(now - 2 * dayMs), notAfterDate: new Date(now - dayMs)}
		: {notBeforeDate: new Date(now - 60_000), notAfterDate: new Date(now + dayMs)};
}

export const defaultHosts = ['localhost', '127.0.0.1', '::1'];

export async function createTestCa(commonName = 'uaa-token test CA'): Promise<TestCa> {
	const now = Date.now();
	const root = await generate([{name: 'commonName', value: commonName}], {
		...keyOptions,
		// Wider than any certificate it signs, expired ones included.
		notBeforeDate: new Date(now - 7 * dayMs),
		notAfterDate: new Date(now + 7 * dayMs),
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
		],
	});
	const ca = {cert: root.cert, key: root.private};

	return {
		...ca,
		async issueServerCertificate({hosts = defaultHosts, expired = false} = {}) {
			const pems = await generate([{name: 'commonName', value: hosts[0] ?? 'localhost'}], {
				...keyOptions,
				...validity(expired),
				extensions: serverExtensions(hosts),
				ca,
			});
			return {cert: pems.cert, key: pems.private};
		},
		async issueClientCertificate(clientCommonName, {expired = false} = {}) {
			const pems = await generate([{name: 'commonName', value: clientCommonName}], {
				...keyOptions,
				...validity(expired),
				extensions: [
					{name: 'basicConstraints', cA: false},
					{name: 'keyUsage', digitalSignature: true, critical: true},
					{name: 'extKeyUsage', clientAuth: true},
				],
				ca,
			});
			return {cert: pems.cert, key: pems.private};
		},
	};
}

/** A server certificate that vouches for itself, as a TLS-inspecting proxy's or a developer's would. */
export async function createSelfSignedCertificate(hosts = defaultHosts): Promise<KeyPair> {
	const pems = await generate([{name: 'commonName', value: hosts[0] ?? 'localhost'}], {
		...keyOptions,
		...validity(),
		extensions: serverExtensions(hosts),
	});
	return {cert: pems.cert, key: pems.private};
}
