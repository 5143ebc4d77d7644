// Requests a token for either kind of credentials, through the transport a network needs: proxy, CA, client certificate.

import type {LookupFunction} from 'node:net';
import {TokenRequestError} from '../errors/failure.js';
import type {AuthMethodChoice, ClientAuthMethod} from './client-auth.js';
import {type Credentials, tokenBaseUrl} from './credentials.js';
import type {Grant} from './grants.js';
import {type AttemptInfo, requestToken, type RetryOptions, type Token} from './token-client.js';
import {isLocalhostSubdomain, isLoopbackHost, tokenUrlFor} from './uaa-url.js';

export type FetchTokenOptions = {
	/** Extra CA certificates (PEM) to trust, from --ca; otherwise the credentials' own (a profile's). */
	ca?: string;
	env?: NodeJS.ProcessEnv;
	/** The whole request's budget, retries and fallback included; see TokenRequest.timeoutMs. */
	timeoutMs?: number;
	authMethod?: AuthMethodChoice;
	preferredMethod?: ClientAuthMethod;
	/** client_credentials when absent. */
	grant?: Grant;
	signal?: AbortSignal;
	onAttempt?: (method: ClientAuthMethod, attempt: AttemptInfo) => void;
	retry?: RetryOptions;
	now?: () => number;
	/** Resolves a *.localhost name to its addresses; injectable so tests never ask a real resolver. */
	lookup?: (hostname: string) => Promise<string[]>;
};

const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** A proxy variable is set, so requests that are not to loopback go through undici's proxy agent. */
function hasProxy(env: NodeJS.ProcessEnv): boolean {
	return proxyVariables.some(name => (env[name] ?? '').trim() !== '');
}

async function systemLookup(hostname: string): Promise<string[]> {
	const {lookup} = await import('node:dns/promises');
	return (await lookup(hostname, {all: true})).map(entry => entry.address);
}

/**
 * Whether the url's host is this machine: a loopback address or localhost by name, or a *.localhost name that
 * resolves to loopback addresses only. A name that does not resolve, or resolves elsewhere, is not loopback.
 */
async function isLoopbackTarget(url: string, lookup: (hostname: string) => Promise<string[]>): Promise<boolean> {
	const {hostname} = new URL(url);
	if (isLoopbackHost(hostname)) {
		return true;
	}

	if (!isLocalhostSubdomain(hostname)) {
		return false;
	}

	try {
		const addresses = await lookup(hostname);
		return addresses.length > 0 && addresses.every(address => isLoopbackHost(address));
	} catch {
		return false;
	}
}

/** A resolver in the shape node:net's connect option takes. */
function connectionLookup(lookup: (hostname: string) => Promise<string[]>): LookupFunction {
	return (hostname, options, callback) => {
		lookup(hostname).then(
			addresses => {
				const entries = addresses.map(address => ({address, family: address.includes(':') ? 6 : 4}));
				if (options.all) {
					(callback as (error: null, entries: Array<{address: string; family: number}>) => void)(null, entries);
				} else {
					callback(null, entries[0]?.address ?? '', entries[0]?.family ?? 4);
				}
			},
			(error: unknown) => {
				callback(error as NodeJS.ErrnoException, '', 4);
			},
		);
	};
}

/** The environment without proxy variables: a proxy must never see loopback traffic, and could not reach it anyway. */
function withoutProxies(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(?:https?|all)_proxy$/i.test(name)));
}

/**
 * How a request to url travels, for token requests and token_keys alike: a loopback target never through a proxy,
 * and, with an injected resolver, connecting where that resolver decided a *.localhost name goes.
 */
async function routeTo(url: string, options: Pick<FetchTokenOptions, 'env' | 'lookup'>): Promise<{isLoopback: boolean; env: NodeJS.ProcessEnv; lookup?: LookupFunction}> {
	const isLoopback = await isLoopbackTarget(url, options.lookup ?? systemLookup);
	const env = isLoopback ? withoutProxies(options.env ?? process.env) : (options.env ?? process.env);
	return {isLoopback, env, ...(options.lookup && {lookup: connectionLookup(options.lookup)})};
}

export async function fetchToken(credentials: Credentials, requestOptions: FetchTokenOptions = {}): Promise<Token> {
	const options = {...requestOptions, ca: requestOptions.ca ?? credentials.ca};
	const base = {
		url: tokenBaseUrl(credentials),
		clientId: credentials.clientId,
		grant: options.grant,
		timeoutMs: options.timeoutMs,
		signal: options.signal,
		onAttempt: options.onAttempt,
		retry: options.retry,
		now: options.now,
		...(credentials.kind === 'secret'
			? {clientSecret: credentials.clientSecret, authMethod: options.authMethod, preferredMethod: options.preferredMethod}
			: {authMethod: 'tls' as const}),
	};
	const {isLoopback, env, lookup} = await routeTo(base.url, options);
	const request = {...base, isLoopbackTarget: isLoopback, ...(lookup && {lookup})};
	// The token client's own lightFetch (node:http) is enough, and far quicker to load than undici, when no proxy,
	// extra CA or client certificate is involved.
	if (credentials.kind !== 'x509' && options.ca === undefined && !hasProxy(env)) {
		return requestToken(request);
	}

	const {createTransport, CaCertificateError, ProxyConfigurationError, ProxySchemeError} = await import('./transport.js');
	let transport;
	try {
		transport = await createTransport({
			ca: options.ca,
			env,
			...(lookup && {lookup}),
			clientCertificate: credentials.kind === 'x509' ? {certificate: credentials.certificate, key: credentials.key} : undefined,
		});
	} catch (error) {
		if (error instanceof ProxySchemeError) {
			throw new TokenRequestError({kind: 'proxy-unsupported', variable: error.variable, scheme: error.scheme});
		}

		if (error instanceof ProxyConfigurationError) {
			throw new TokenRequestError({kind: 'proxy-misconfigured', variable: error.variable});
		}

		const code = (error as {code?: unknown}).code;
		// The CA is checked first; anything else TLS refuses to load is the X.509 pair, the only other PEM given.
		const what = error instanceof CaCertificateError || credentials.kind === 'secret' ? 'ca' : 'client-certificate';
		throw new TokenRequestError({kind: 'unusable-pem', what, code: typeof code === 'string' ? code : undefined});
	}

	try {
		return await requestToken({
			...request,
			fetch: transport.fetch,
			dispatcher: transport.dispatcher,
			proxyUrl: transport.proxyFor(tokenUrlFor(base.url)),
		});
	} catch (error) {
		// Some servers refuse a client certificate by hanging up without an alert; with a certificate in play,
		// that is the likely meaning of a connection cut during the exchange.
		if (credentials.kind === 'x509' && error instanceof TokenRequestError && error.failure.kind === 'connection-reset') {
			throw new TokenRequestError({kind: 'tls', host: error.failure.host, code: 'ECONNRESET', reason: 'client-certificate'});
		}

		throw error;
	} finally {
		await transport.close();
	}
}

/**
 * GETs a zone's token_keys through the same network as token requests (proxies, --ca and the loopback rules), within
 * timeoutMs. Network failures reject with Node's error and its code.
 */
export async function fetchTokenKeys(url: string, options: Pick<FetchTokenOptions, 'ca' | 'env' | 'timeoutMs' | 'signal' | 'lookup'> = {}): Promise<{status: number; text: string}> {
	const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])]);
	const {env, lookup} = await routeTo(url, options);
	const headers = {Accept: 'application/json'};
	if (options.ca === undefined && !hasProxy(env)) {
		const {lightFetch} = await import('./light-fetch.js');
		const answer = await lightFetch(url, {headers, signal, ...(lookup && {lookup})});
		return {status: answer.status, text: await answer.text()};
	}

	const {createTransport} = await import('./transport.js');
	const transport = await createTransport({ca: options.ca, env, ...(lookup && {lookup})});
	try {
		const answer = await transport.fetch(url, {headers, signal, redirect: 'manual'});
		const {readBoundedText} = await import('./answer-limits.js');
		return {status: answer.status, text: await readBoundedText(answer)};
	} finally {
		await transport.close();
	}
}
