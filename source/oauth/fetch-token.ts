// Requests a token for either kind of credentials, through the transport a network needs: proxy, CA, client certificate.

import {TokenRequestError} from '../errors/failure.js';
import type {AuthMethodChoice, ClientAuthMethod} from './client-auth.js';
import {type Credentials, tokenBaseUrl} from './credentials.js';
import {type AttemptInfo, requestToken, type RetryOptions, type Token} from './token-client.js';
import {tokenUrlFor} from './uaa-url.js';

export type FetchTokenOptions = {
	/** Extra CA certificates (PEM) to trust, from --ca or a profile. */
	ca?: string;
	env?: NodeJS.ProcessEnv;
	/** The whole request's budget, retries and fallback included; see TokenRequest.timeoutMs. */
	timeoutMs?: number;
	authMethod?: AuthMethodChoice;
	preferredMethod?: ClientAuthMethod;
	signal?: AbortSignal;
	onAttempt?: (method: ClientAuthMethod, attempt: AttemptInfo) => void;
	retry?: RetryOptions;
	now?: () => number;
};

const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** Node's own fetch is enough, and quicker to load, when no proxy, extra CA or client certificate is involved. */
function needsTransport(credentials: Credentials, options: FetchTokenOptions): boolean {
	const env = options.env ?? process.env;
	return credentials.kind === 'x509' || options.ca !== undefined || proxyVariables.some(name => (env[name] ?? '').trim() !== '');
}

export async function fetchToken(credentials: Credentials, options: FetchTokenOptions = {}): Promise<Token> {
	const base = {
		url: tokenBaseUrl(credentials),
		clientId: credentials.clientId,
		timeoutMs: options.timeoutMs,
		signal: options.signal,
		onAttempt: options.onAttempt,
		retry: options.retry,
		now: options.now,
		...(credentials.kind === 'secret'
			? {clientSecret: credentials.clientSecret, authMethod: options.authMethod, preferredMethod: options.preferredMethod}
			: {authMethod: 'tls' as const}),
	};
	if (!needsTransport(credentials, options)) {
		return requestToken(base);
	}

	const {createTransport, CaCertificateError, ProxyConfigurationError} = await import('./transport.js');
	let transport;
	try {
		transport = await createTransport({
			ca: options.ca,
			env: options.env,
			clientCertificate: credentials.kind === 'x509' ? {certificate: credentials.certificate, key: credentials.key} : undefined,
		});
	} catch (error) {
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
			...base,
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
