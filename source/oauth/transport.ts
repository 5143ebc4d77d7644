// The HTTP client for token requests on corporate networks: env proxies, extra CAs and X.509 client certificates.

import {readFileSync} from 'node:fs';
import {isIP, type LookupFunction} from 'node:net';
import {createSecureContext, rootCertificates, type SecureContext} from 'node:tls';
import type {buildConnector} from 'undici';

export type TransportOptions = {
	/** PEM text of extra CA certificates (from --ca); added to, not replacing, the default trust store and NODE_EXTRA_CA_CERTS. */
	ca?: string;
	/** Client certificate for X.509 service keys (mutual TLS). */
	clientCertificate?: {certificate: string; key: string};
	/** Defaults to process.env; HTTPS_PROXY/HTTP_PROXY/NO_PROXY in upper or lower case, and NODE_EXTRA_CA_CERTS. */
	env?: NodeJS.ProcessEnv;
	/** How direct connections resolve names; the caller's, when it decided where a name goes. */
	lookup?: LookupFunction;
};

/** A TLS server name, or undefined for an IP address, which SNI does not carry (Node warns DEP0123 when given one). */
function serverNameFor(servername: string | null | undefined): string | undefined {
	return servername && isIP(servername.replace(/^\[|\]$/g, '')) === 0 ? servername : undefined;
}

export type Transport = {
	/** undici's fetch, using this transport's dispatcher unless a call passes its own. */
	fetch: typeof fetch;
	/** An undici dispatcher, for request options that take one. */
	dispatcher: unknown;
	/** The proxy used for a target url, without credentials, for messages; undefined when connecting directly. */
	proxyFor(url: string): string | undefined;
	close(): Promise<void>;
};

/** A proxy variable holding something that is not a url; thrown by createTransport. */
export class ProxyConfigurationError extends Error {
	override readonly name = 'ProxyConfigurationError';

	/** @param variable The variable's name as it was set, in its case. */
	constructor(readonly variable: string) {
		// The value is left out: it may hold the proxy's password.
		super(`${variable} is not a valid proxy url`);
	}
}

/** A proxy variable naming a scheme other than http or https (socks5://, say); thrown by createTransport. */
export class ProxySchemeError extends Error {
	override readonly name = 'ProxySchemeError';

	constructor(
		readonly variable: string,
		readonly scheme: string,
	) {
		super(`${variable} names a ${scheme} proxy`);
	}
}

/** A ca option without a single PEM certificate in it, such as a DER file or the wrong file; thrown by createTransport. */
export class CaCertificateError extends Error {
	override readonly name = 'CaCertificateError';
	readonly code = 'ERR_CA_NO_PEM_CERTIFICATE';

	constructor() {
		super('ca holds no PEM certificate');
	}
}

type ProxySettings = {
	httpProxy?: URL;
	httpsProxy?: URL;
	noProxy: Array<{hostname: string; port: number}>;
	noProxyValue: string;
};

const defaultPorts: Record<string, number> = {'http:': 80, 'https:': 443};

/** The first of the lower- and upper-case names that is set, lower case first, as curl and undici read them. */
function fromEnv(env: NodeJS.ProcessEnv, name: string): {variable: string; value: string} | undefined {
	for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
		const value = env[variable];
		if (value !== undefined) {
			return {variable, value};
		}
	}

	return undefined;
}

function proxyUrlFrom(env: NodeJS.ProcessEnv, name: string): URL | undefined {
	const setting = fromEnv(env, name);
	const value = setting?.value.trim();
	if (!setting || !value) {
		return undefined;
	}

	// Proxies are often given as host:port alone, which curl reads as http and URL would read as a scheme.
	const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		throw new ProxyConfigurationError(setting.variable);
	}

	// undici would take a socks5:// url as an http proxy on that port and fail in a way that names something else.
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new ProxySchemeError(setting.variable, `${url.protocol}//`);
	}

	return url;
}

function proxySettingsFrom(env: NodeJS.ProcessEnv): ProxySettings {
	const httpProxy = proxyUrlFrom(env, 'http_proxy');
	const httpsProxy = proxyUrlFrom(env, 'https_proxy') ?? httpProxy;
	const noProxyValue = fromEnv(env, 'no_proxy')?.value ?? '';
	// Parsed as curl and undici's EnvHttpProxyAgent parse it; the dispatcher routes by it, so proxyFor names the proxy really used.
	const noProxy = noProxyValue
		.split(/[,\s]/)
		.filter(Boolean)
		.map(entry => {
			const parsed = /^(.+):(\d+)$/.exec(entry);
			return {hostname: (parsed?.[1] ?? entry).toLowerCase(), port: parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0};
		});
	return {httpProxy, httpsProxy, noProxy, noProxyValue};
}

function shouldProxy(settings: ProxySettings, hostname: string, port: number): boolean {
	if (settings.noProxy.length === 0) {
		return true;
	}

	if (settings.noProxyValue === '*') {
		return false;
	}

	return !settings.noProxy.some(entry => {
		if (entry.port && entry.port !== port) {
			return false;
		}

		return /^[.*]/.test(entry.hostname) ? hostname.endsWith(entry.hostname.replace(/^\*/, '')) : hostname === entry.hostname;
	});
}

function proxyUrlFor(settings: ProxySettings, target: string): URL | undefined {
	const {protocol, host, port} = new URL(target);
	// Keeps the brackets of an IPv6 address, as undici compares them.
	const hostname = host.replace(/:\d*$/, '').toLowerCase();
	if (!shouldProxy(settings, hostname, Number.parseInt(port, 10) || defaultPorts[protocol] || 0)) {
		return undefined;
	}

	return protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
}

function withoutCredentials(url: URL): string {
	return url.origin;
}

// Service keys printed as JSON strings sometimes keep their newlines as the two characters \n.
function normalizePem(pem: string): string {
	return pem.replaceAll('\\n', '\n');
}

/**
 * The CA list for TLS when extra CAs are given: Node's `ca` option replaces its default list, so the
 * bundled roots and NODE_EXTRA_CA_CERTS are put back first. Undefined when Node's defaults are enough.
 */
export function caCertificatesFor(ca: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
	if (ca === undefined) {
		return undefined;
	}

	const certificates = [...rootCertificates];
	const extraFile = env['NODE_EXTRA_CA_CERTS'];
	if (extraFile) {
		try {
			certificates.push(readFileSync(extraFile, 'utf8'));
		} catch {
			// Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS and goes on without it.
		}
	}

	certificates.push(normalizePem(ca));
	return certificates;
}

/**
 * Builds the fetch and dispatcher for token requests. Async because undici is imported only here, so a CLI
 * start that never requests a token does not load it. Throws ProxyConfigurationError for a proxy variable
 * that is not a url, CaCertificateError for a ca without a certificate, and Node's own errors for an
 * unreadable client certificate or key (ERR_OSSL_PEM_NO_START_LINE, ERR_OSSL_UNSUPPORTED) or a key that is
 * not the certificate's (ERR_OSSL_X509_KEY_VALUES_MISMATCH).
 */
export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
	const env = options.env ?? process.env;
	// Node ignores a ca without any PEM certificate in it, which would hide a wrong file behind a trust error later.
	if (options.ca !== undefined && !normalizePem(options.ca).includes('-----BEGIN CERTIFICATE-----')) {
		throw new CaCertificateError();
	}

	const settings = proxySettingsFrom(env);
	const ca = caCertificatesFor(options.ca, env);
	const certificate = options.clientCertificate;

	// One context parsed once, rather than the whole CA list again for every connection; it also makes a
	// bad certificate or key fail here, before any request.
	let targetContext: SecureContext | undefined;
	if (ca !== undefined || certificate !== undefined) {
		targetContext = createSecureContext({
			ca,
			cert: certificate && normalizePem(certificate.certificate),
			key: certificate && normalizePem(certificate.key),
			// Under TLS 1.3 a server refuses a client certificate only after the handshake, and undici 6 then
			// reports a bare "other side closed" (or, with workarounds, can hang); under 1.2 the refusal is a
			// handshake alert that names itself. XSUAA's certificate hosts speak 1.2.
			...(certificate ? {maxVersion: 'TLSv1.2' as const} : {}),
		});
	}

	// A TLS-inspecting proxy spoken to over https may use the extra CA too; the client certificate is for the
	// token endpoint only, never shown to the proxy.
	const httpsProxy = [settings.httpProxy, settings.httpsProxy].some(proxy => proxy?.protocol === 'https:');
	const proxyContext = ca !== undefined && httpsProxy ? createSecureContext({ca}) : undefined;

	const imported = await import('undici');
	// undici is CommonJS: imported from a chunk of the bundle, its exports arrive as the default export alone.
	const undici = ('ProxyAgent' in imported ? imported : (imported as {default: unknown}).default) as typeof imported;
	const {Agent, Dispatcher, Pool, ProxyAgent, fetch: undiciFetch} = undici;
	const targetTls = targetContext ? {secureContext: targetContext} : undefined;
	const direct = new Agent({connect: {...targetTls, ...(options.lookup && {lookup: options.lookup})}});
	const proxyAgents = new Map<string, InstanceType<typeof ProxyAgent>>();
	for (const proxy of [settings.httpProxy, settings.httpsProxy]) {
		if (proxy !== undefined && !proxyAgents.has(proxy.href)) {
			proxyAgents.set(
				proxy.href,
				new ProxyAgent({
					uri: proxy.href,
					...(targetTls && {requestTls: targetTls}),
					...(proxyContext && {proxyTls: {secureContext: proxyContext}}),
					// undici names an https proxy given as an IP address as the TLS server name, which Node does not
					// send (SNI is for names) and warns about (DEP0123); without it TLS still checks the address.
					clientFactory: (origin: URL, clientOptions: object) => {
						const {connect} = clientOptions as {connect: buildConnector.connector};
						return new Pool(origin, {...clientOptions, connect: (connectOptions, callback) => connect({...connectOptions, servername: serverNameFor(connectOptions.servername)}, callback)});
					},
				}),
			);
		}
	}

	// Loopback targets reach here without proxy variables (fetchToken removes them), so NO_PROXY and the variables decide.
	const route = (origin: string) => {
		const proxy = proxyUrlFor(settings, origin);
		return (proxy && proxyAgents.get(proxy.href)) ?? direct;
	};

	/**
	 * Picks, per origin, a direct connection or the proxy the variables name for it. undici's EnvHttpProxyAgent routes
	 * the same way, but undici 6 warns on stderr that it is experimental (silenced only by patching
	 * process.emitWarning), and its NO_PROXY matching would be a second copy of proxyUrlFor's, which proxyFor reports.
	 */
	class RoutingDispatcher extends Dispatcher {
		override dispatch(dispatchOptions: Parameters<InstanceType<typeof Dispatcher>['dispatch']>[0], handler: Parameters<InstanceType<typeof Dispatcher>['dispatch']>[1]): boolean {
			return route(String(dispatchOptions.origin)).dispatch(dispatchOptions, handler);
		}

		override async close(): Promise<void> {
			await Promise.all([direct, ...proxyAgents.values()].map(async agent => agent.close()));
		}

		override async destroy(): Promise<void> {
			await Promise.all([direct, ...proxyAgents.values()].map(async agent => agent.destroy()));
		}
	}

	const dispatcher = new RoutingDispatcher();
	const transportFetch = async (input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
		undiciFetch(input, {...init, dispatcher: init?.dispatcher ?? dispatcher});

	return {
		// undici's Response and Node's global one differ only in their type declarations.
		fetch: transportFetch as unknown as typeof fetch,
		dispatcher,
		proxyFor(url) {
			const proxy = proxyUrlFor(settings, url);
			return proxy && withoutCredentials(proxy);
		},
		async close() {
			await dispatcher.close();
		},
	};
}
