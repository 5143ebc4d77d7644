// The single place that turns a Failure into words for a beginner, shared by the UI and stderr.

import {refusedExitCode, unreachableExitCode, usageExitCode} from '../errors/exit-codes.js';
import type {Failure} from '../errors/failure.js';
import {redactedCopy, redactSecrets} from '../errors/server-text.js';
import {uaaUrlShape} from '../oauth/uaa-url.js';
import {bytesText, secondsText} from '../text/quantities.js';

export {redactSecrets} from '../errors/server-text.js';

/** What the failure screen offers on Enter; the texts stay free of keys, as stderr shares them. */
export type NextAction = 'reenter-credentials' | 'edit-url' | 'retry' | 'sign-in-again';

export type FailureDescription = {
	title: string;
	explanation: string;
	nextStep: string;
	nextAction: NextAction;
	/** 1: the server refused; 2: the input cannot work; 3: network, TLS, proxy, timeout, 408, 429 or 5xx. */
	exitCode: typeof refusedExitCode | typeof usageExitCode | typeof unreachableExitCode;
};

const uaaUrlHint = `Use the "url" inside the "uaa" section of the service key; it usually looks like ${uaaUrlShape}.`;
const caHint = 'If your company inspects TLS, get its CA certificate (a PEM file) and pass it with --ca FILE, or point NODE_EXTRA_CA_CERTS at it.';

function serverSaid(error: string | undefined, description: string | undefined, secrets: readonly string[]): string {
	const parts = [error, description].filter((part): part is string => part !== undefined);
	return parts.length === 0 ? '' : ` The server said: ${redactSecrets(parts.join(': '), secrets)}.`;
}

function describeOauthError(failure: Extract<Failure, {kind: 'oauth-error'}>, secrets: readonly string[]): FailureDescription {
	const said = serverSaid(failure.error, failure.description, secrets);
	const common = {nextAction: 'edit-url', exitCode: refusedExitCode} as const;
	switch (failure.error) {
		case 'invalid_scope': {
			return {
				...common,
				title: 'The server refused the requested scope (invalid_scope)',
				explanation: `The client may not receive the scopes asked for.${said}`,
				nextStep: 'uaa-token asks for no scope of its own, so the client itself lacks the scopes its token would carry. Check the role collections and the xs-security.json of the service instance.',
			};
		}

		case 'unsupported_grant_type': {
			return {
				...common,
				title: 'The server does not support this grant (unsupported_grant_type)',
				explanation: `The token endpoint did not accept grant_type=client_credentials.${said}`,
				nextStep: `This is probably not an XSUAA token endpoint. ${uaaUrlHint}`,
			};
		}

		case 'invalid_request': {
			return {
				...common,
				title: 'The server found the request malformed (invalid_request)',
				explanation: `The token endpoint did not accept the form it was sent.${said}`,
				nextStep: `Check that the url is the uaa url of the service key, with nothing added. ${uaaUrlHint}`,
			};
		}

		default: {
			return {
				...common,
				title: `The server refused the request (${failure.error})`,
				explanation: `The token endpoint answered ${failure.status} with an OAuth error.${said}`,
				nextStep: 'Check that the values come from the uaa section of the service key.',
			};
		}
	}
}

const redirectUrisHint = (redirectUri: string) =>
	`Allow it in the app's xs-security.json, under "oauth2-configuration": {"redirect-uris": ["${/^[a-z]+:\/\/[^/]*/i.exec(redirectUri)?.[0] ?? redirectUri}/**"]}, then update the service instance (cf update-service … -c xs-security.json). Or choose an allowed port with --redirect-port.`;

function describeUserRefusal(failure: Extract<Failure, {kind: 'user-refused'}>, secrets: readonly string[]): FailureDescription {
	const said = serverSaid(failure.error, failure.description, secrets);
	const common = {nextAction: 'sign-in-again', exitCode: refusedExitCode} as const;
	switch (failure.grant) {
		case 'password': {
			return {
				...common,
				title: 'The user name or password is wrong',
				explanation: `The server refused this user's password (${failure.status}).${said} XSUAA answers the same when the identity provider (origin) is not the user's, or does not allow the password grant: only OIDC-connected providers such as sap.custom do; SAML providers and single sign-on do not.`,
				nextStep: 'Check the user name and password, and the origin (--origin) of the provider they belong to. If you sign in with single sign-on, use a one-time passcode (--grant passcode) or the browser (--grant code) instead.',
			};
		}

		case 'passcode': {
			return {
				...common,
				title: 'The passcode was not accepted',
				explanation: `The server refused the one-time passcode (${failure.status}).${said} A passcode works once, and only for a few minutes.`,
				nextStep: 'Open the passcode page again, sign in, and use the new code at once.',
			};
		}

		case 'authorization_code': {
			return {
				...common,
				title: 'The browser sign-in could not be completed',
				explanation: `The server refused the code the browser brought back (${failure.status}).${said} A code works once, for a few minutes.`,
				nextStep: 'Sign in with the browser again.',
			};
		}

		case 'refresh_token': {
			return {
				...common,
				title: 'The saved sign-in has ended',
				explanation: `The server refused the refresh token (${failure.status}): it expired, was used already, or the user's session was revoked.${said}`,
				nextStep: 'Sign in again as the user; the new sign-in is kept for the next time.',
			};
		}
	}
}

function describeSignInFailure(failure: Extract<Failure, {kind: 'sign-in-failed'}>, secrets: readonly string[]): FailureDescription {
	const said = serverSaid(failure.error, failure.description, secrets);
	const common = {nextAction: 'retry', exitCode: refusedExitCode} as const;
	switch (failure.reason) {
		case 'state-mismatch': {
			return {
				...common,
				title: 'The browser came back from another sign-in',
				explanation: `A redirect reached ${failure.redirectUri} with a state this sign-in did not send: an old browser tab, or another program. It was refused, so no code from it was used.`,
				nextStep: 'Sign in again, in the tab that uaa-token opens.',
			};
		}

		case 'denied': {
			return {
				...common,
				title: 'The sign-in was refused in the browser',
				explanation: `The server sent the browser back without a code.${said}`,
				nextStep: failure.error === 'access_denied' ? 'The user declined, or lacks access to this app: check the role collections assigned to the user.' : 'Check that the clientid is the uaa clientid of the service key, then sign in again.',
			};
		}

		case 'no-code': {
			return {
				...common,
				title: 'The browser came back without a code',
				explanation: `A redirect reached ${failure.redirectUri} with neither a code nor an error.`,
				nextStep: 'Sign in again, in the tab that uaa-token opens.',
			};
		}

		case 'timeout': {
			return {
				...common,
				exitCode: unreachableExitCode,
				title: 'No sign-in came back from the browser',
				explanation: `Nothing reached ${failure.redirectUri} within ${secondsText(failure.timeoutMs ?? 0)}. If the browser showed "Invalid redirect" or "redirect_uri", the app does not allow this redirect.`,
				nextStep: `${redirectUrisHint(failure.redirectUri)} Otherwise, sign in again and finish in the browser sooner (--timeout gives more time).`,
			};
		}

		case 'port-taken': {
			return {
				...common,
				exitCode: usageExitCode,
				title: 'The redirect port is in use',
				explanation: `uaa-token could not listen on ${failure.redirectUri}: another program uses that port.`,
				nextStep: 'Choose another port with --redirect-port, one that the app\'s xs-security.json allows as a redirect uri.',
			};
		}

		case 'invalid-redirect': {
			return {
				...common,
				exitCode: usageExitCode,
				title: 'The app does not allow this redirect uri',
				explanation: `The server refused ${failure.redirectUri} as a redirect uri.${said}`,
				nextStep: redirectUrisHint(failure.redirectUri),
			};
		}
	}
}

function describeStatus(failure: Extract<Failure, {kind: 'http-status'}>, secrets: readonly string[]): FailureDescription {
	const {status} = failure;
	const said = serverSaid(failure.error, failure.description, secrets);
	if (status === 403) {
		return {
			title: 'Access forbidden (403)',
			explanation: `The server understood the request but refuses it.${said} A firewall or proxy in between can answer this too.`,
			nextStep: 'Check that this network may reach the url (a VPN may be needed), and that the url is the uaa url of the service key.',
			nextAction: 'edit-url',
			exitCode: refusedExitCode,
		};
	}

	if (status === 405) {
		return {
			title: 'The server refused the request method (405)',
			explanation: `This server does not accept the request at this path.${said} UAA answers so when GET is disabled, but uaa-token sends POST, so this url is probably not a token endpoint.`,
			nextStep: uaaUrlHint,
			nextAction: 'edit-url',
			exitCode: refusedExitCode,
		};
	}

	if (status === 406) {
		return {
			title: 'The server refuses parameters in the url (406)',
			explanation: `The server wants every parameter in the request body.${said}`,
			nextStep: 'Remove any "?..." from the url: use the uaa url of the service key exactly, without /oauth/token or a query.',
			nextAction: 'edit-url',
			exitCode: refusedExitCode,
		};
	}

	if (status === 408 || status === 429 || status >= 500) {
		const wait = failure.retryAfterSeconds === undefined ? '' : failure.retryAfterSeconds === 0 ? ' It said to try again at once.' : ` It asked to wait ${failure.retryAfterSeconds} s.`;
		const titles: Record<number, string> = {408: 'The server gave up waiting (408)', 429: 'Too many requests (429)'};
		return {
			title: titles[status] ?? `The server had a problem (${status})`,
			explanation:
				status === 429
					? `The server limits how often a client may ask for tokens.${wait}${said}`
					: `The token endpoint failed on its side; this is usually temporary.${wait}${said}`,
			nextStep: status === 429 ? 'Wait a minute, then try again. A cached token (saved profiles) avoids asking again and again.' : 'Wait a moment, then try again. If it persists, check the SAP BTP status page.',
			nextAction: 'retry',
			exitCode: unreachableExitCode,
		};
	}

	return {
		title: `The server refused the request (${status})`,
		explanation: `The token endpoint answered ${status}${failure.statusText ? ` ${failure.statusText}` : ''}.${said}`,
		nextStep: `Check the url against the uaa section of the service key. ${uaaUrlHint}`,
		nextAction: 'edit-url',
		exitCode: refusedExitCode,
	};
}

function describeTls(failure: Extract<Failure, {kind: 'tls'}>): FailureDescription {
	const common = {nextAction: 'retry', exitCode: unreachableExitCode} as const;
	switch (failure.reason) {
		case 'untrusted': {
			return {
				...common,
				title: 'The server certificate is not trusted',
				explanation: `The certificate of ${failure.host} is not signed by an authority this machine trusts (${failure.code}). SAP's servers have trusted certificates, so a proxy that inspects TLS, or a self-signed test server, is the likely cause.`,
				nextStep: caHint,
			};
		}

		case 'expired': {
			return {
				...common,
				title: 'The server certificate has expired',
				explanation: `The certificate of ${failure.host} is out of its validity period (${failure.code}). Check this machine's clock too: a wrong date makes valid certificates look expired.`,
				nextStep: 'Fix the clock if it is wrong; otherwise the server (or a proxy in between) must renew its certificate.',
			};
		}

		case 'hostname': {
			return {
				...common,
				title: 'The server certificate is for another host',
				explanation: `The certificate presented for ${failure.host} names other hosts (${failure.code}). The url may hold a typo or an alias, or a proxy answers in its place.`,
				nextStep: `Use the url exactly as the service key writes it. ${uaaUrlHint}`,
				nextAction: 'edit-url',
			};
		}

		case 'client-certificate': {
			return {
				...common,
				title: 'The server rejected the client certificate',
				explanation: `${failure.host} asked for a client certificate and refused the one sent, or none was sent (${failure.code}). SAP-generated X.509 certificates last only days.`,
				nextStep: 'Create a new X.509 service key (the certificate may have expired), and use its certurl with its certificate and key.',
			};
		}

		case 'plain-http': {
			return {
				...common,
				title: 'This port answers plain http, not TLS',
				explanation: `The url starts with https://, but ${failure.host} answered the secure handshake in plain http (${failure.code}). The url names a port, or a server, that does not speak https.`,
				nextStep:
					'Check the host and port in the url: XSUAA urls are https:// with no port. Only for a server on this machine (127.0.0.1, ::1, localhost) may you write http:// instead.',
				nextAction: 'edit-url',
			};
		}

		case 'other': {
			return {
				...common,
				title: 'Secure connection failed',
				explanation: `The TLS connection to ${failure.host} failed (${failure.code}).`,
				nextStep: `${caHint} Otherwise check the host in the url.`,
			};
		}

		default: {
			const unhandled: never = failure.reason;
			throw new Error(`Unhandled TLS reason ${String(unhandled)}`);
		}
	}
}

/** The most --timeout accepts, as cli-options checks it. */
const longestTimeoutSeconds = 3600;

function describeTimeout(failure: Extract<Failure, {kind: 'timeout'}>): FailureDescription {
	const budget = secondsText(failure.timeoutMs);
	const tries = failure.attempts === undefined ? '' : failure.attempts === 1 ? ' (1 attempt)' : ` (${failure.attempts} attempts)`;
	const longer = Math.min(longestTimeoutSeconds, Math.max(1, Math.ceil((failure.timeoutMs / 1000) * 2)));
	const network = 'Check your network or proxy (HTTPS_PROXY) and that the url\'s host is reachable from here, then try again.';
	const nextStep =
		failure.timeoutMs >= longestTimeoutSeconds * 1000 ? network : `${network} If the network is only slow, allow more time, e.g. --timeout ${longer}.`;
	// The budget covers the whole request, retries and their delays included, so that is the time to name.
	return failure.isBudgetSpent === false
		? {
				title: 'The connection timed out',
				explanation: `Every attempt${tries} timed out before the server answered, with time left of the ${budget} allowed for the whole request (--timeout). Something between here and the server drops the connection.`,
				nextStep: network,
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			}
		: {
				title: 'The server did not answer in time',
				explanation: `No answer came within ${budget}${tries}, the time allowed for the whole request, retries included (--timeout).`,
				nextStep,
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
}

export function describeFailure(unsafeFailure: Failure, secrets: readonly string[] = []): FailureDescription {
	// Any field may hold server text: every one is cleaned before a word of it is used.
	const failure = redactedCopy(unsafeFailure, secrets);
	switch (failure.kind) {
		case 'bad-credentials': {
			if (failure.description !== undefined && /grant type/i.test(failure.description)) {
				return {
					title: 'This client may not use client credentials',
					explanation: `The server knows the client but does not allow the client_credentials grant for it.${serverSaid(failure.error, failure.description, secrets)}`,
					nextStep: 'Use a service key of a service instance whose plan allows client credentials, or ask its owner to enable that grant.',
					nextAction: 'reenter-credentials',
					exitCode: refusedExitCode,
				};
			}

			return {
				title: 'The clientid or clientsecret is wrong',
				explanation: `The server answered 401 Unauthorized: it did not accept this clientid and clientsecret.${serverSaid(failure.error, failure.description, secrets)}`,
				nextStep: 'Copy clientid and clientsecret again from the uaa section of the service key, whole, with nothing before or after.',
				nextAction: 'reenter-credentials',
				exitCode: refusedExitCode,
			};
		}

		case 'user-refused': {
			return describeUserRefusal(failure, secrets);
		}

		case 'sign-in-failed': {
			return describeSignInFailure(failure, secrets);
		}

		case 'oauth-error': {
			return describeOauthError(failure, secrets);
		}

		case 'not-found': {
			return {
				title: 'No token endpoint at this url (404)',
				explanation: `${failure.tokenUrl} does not exist. This is probably not the uaa url: a service key also has a top-level "url", which is the service's own API, not its login server.`,
				nextStep: uaaUrlHint,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'html-page': {
			return {
				title: 'The url answered with a web page, not a token',
				explanation: `${failure.tokenUrl} sent back HTML, most likely a login or landing page. This is not the uaa url of the service key.`,
				nextStep: 'Use the "url" inside the "uaa" section of the service key, not the top-level "url".',
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'not-json': {
			return {
				title: 'The answer is not JSON',
				explanation: `The server answered ${failure.status}${failure.contentType ? ` with ${failure.contentType}` : ''}, but a token endpoint answers with JSON. This url is probably not an XSUAA token endpoint.`,
				nextStep: `Check the url against the uaa section of the service key. ${uaaUrlHint}`,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'no-access-token': {
			const fields = failure.fields.length > 0 ? ` It held only: ${failure.fields.join(', ')}.` : '';
			return {
				title: 'The answer holds no access_token',
				explanation: `The server answered ${failure.status} with JSON, but without an access_token field.${fields} This is probably not an XSUAA token endpoint.`,
				nextStep: `Check the url against the uaa section of the service key. ${uaaUrlHint}`,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'not-bearer': {
			return {
				title: `The token is not a bearer token (${redactSecrets(failure.tokenType, secrets)})`,
				explanation: 'The server sent a token of another type. SAP services expect "Authorization: Bearer <token>", which this token cannot be used in.',
				nextStep: `This is probably not an XSUAA token endpoint. ${uaaUrlHint}`,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'redirect': {
			const target = failure.location ? ` to ${failure.location}` : '';
			return {
				title: 'The url redirects elsewhere',
				explanation: `The server answered ${failure.status}: the url redirects${target}. uaa-token never follows a redirect with your credentials.`,
				nextStep: 'Use the uaa url from the service key exactly as written there, not the address a browser ends up at.',
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'http-status': {
			return describeStatus(failure, secrets);
		}

		case 'insecure-http': {
			return {
				title: 'Plain http is refused',
				explanation: `http://${failure.host} would send your client secret unencrypted. Only loopback addresses (127.0.0.1, ::1, localhost) may use http.`,
				nextStep: 'Use the https:// url from the service key.',
				nextAction: 'edit-url',
				exitCode: usageExitCode,
			};
		}

		case 'connection-refused': {
			return {
				title: 'Connection refused',
				explanation: `Nothing is listening at ${failure.host}. The host exists, but no server answered on that port.`,
				nextStep: 'Check the url, port included. If it is a local server, make sure it is running.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		case 'connection-reset': {
			return {
				title: 'The connection was cut',
				explanation: `${failure.host} closed the connection before answering. A proxy or firewall in between often does this.`,
				nextStep: 'Try again. If it keeps happening, check whether your network needs a proxy (set HTTPS_PROXY) or a VPN.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		case 'dns': {
			return {
				title: 'Host not found',
				explanation: `The name ${failure.host} could not be resolved: it is misspelled, or this machine has no network or DNS.`,
				nextStep: 'Check the url for typos and your network connection (a VPN or HTTPS_PROXY may be needed).',
				nextAction: 'edit-url',
				exitCode: unreachableExitCode,
			};
		}

		case 'tls': {
			return describeTls(failure);
		}

		case 'timeout': {
			return describeTimeout(failure);
		}

		case 'waited-for-other-process': {
			return {
				title: 'Another uaa-token is still getting this token',
				explanation: `Another uaa-token process has been asking the server for the token of the profile "${failure.profile}" for longer than the ${secondsText(failure.timeoutMs)} allowed (--timeout). It holds the profile's lock, so that one request serves every process that asks at once.`,
				nextStep: 'Try again in a moment. If that process hangs, end it; a lock left by a process that ended frees itself within seconds.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		case 'proxy-refused': {
			const status = failure.status === undefined ? '' : ` with ${failure.status}`;
			return {
				title: 'The proxy refused the connection',
				explanation: `The proxy ${failure.proxy} answered${status} instead of connecting to the token endpoint.${failure.status === 407 ? ' It wants a user name and password.' : ''}`,
				nextStep: 'Check HTTPS_PROXY: put proxy credentials in it as http://user:password@proxy:port if it needs them, or add the host to NO_PROXY if it should be reached directly.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		case 'proxy-unreachable': {
			return {
				title: 'The proxy cannot be reached',
				explanation: `The proxy ${failure.proxy}, from HTTPS_PROXY or HTTP_PROXY, did not accept a connection${failure.code ? ` (${failure.code})` : ''}.`,
				nextStep: 'Check the proxy address in HTTPS_PROXY and HTTP_PROXY (upper or lower case), or unset them if this network needs no proxy.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		case 'proxy-misconfigured': {
			return {
				title: 'The proxy setting is not a url',
				explanation: `${failure.variable} is set, but its value cannot be read as a proxy address.`,
				nextStep: `Set ${failure.variable} to a url such as http://proxy.example.com:8080 (with user:password@ before the host if the proxy needs them), or unset it.`,
				nextAction: 'retry',
				exitCode: usageExitCode,
			};
		}

		case 'unusable-pem': {
			const isCa = failure.what === 'ca';
			return {
				title: isCa ? 'The CA file cannot be used' : 'The X.509 certificate or key cannot be used',
				explanation: isCa
					? `The file given with --ca holds no certificate TLS can read${failure.code ? ` (${failure.code})` : ''}.`
					: `The "certificate" and "key" of the service key could not be loaded as a matching pair${failure.code ? ` (${failure.code})` : ''}.`,
				nextStep: isCa
					? 'Pass a PEM file: text between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE----- lines.'
					: 'Copy the service key again, whole, or create a new X.509 service key; both values must come from the same key.',
				nextAction: 'retry',
				exitCode: usageExitCode,
			};
		}

		case 'answer-too-large': {
			return {
				title: 'The answer is far too large for a token',
				explanation: `The server answered ${failure.status} with more than ${bytesText(failure.limitBytes)} (unpacked), so uaa-token stopped reading it. An XSUAA token answer is a few kB.`,
				nextStep: `This is probably not an XSUAA token endpoint. ${uaaUrlHint}`,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'bad-access-token': {
			const tooLong = failure.reason === 'too-long';
			return {
				title: tooLong ? 'The access_token is too long to be a token' : 'The access_token cannot be a bearer token',
				explanation: tooLong
					? `The server answered ${failure.status} with an access_token longer than ${bytesText(failure.limitBytes ?? 0)}. An XSUAA token is a few kB.`
					: `The server answered ${failure.status} with an access_token holding characters a bearer token cannot have (spaces, control or non-ASCII characters). A bearer token is letters, digits and - . _ ~ + / only, with = at the end.`,
				nextStep: `This is probably not an XSUAA token endpoint. ${uaaUrlHint}`,
				nextAction: 'edit-url',
				exitCode: refusedExitCode,
			};
		}

		case 'proxy-unsupported': {
			return {
				title: `This kind of proxy is not supported (${failure.scheme})`,
				explanation: `${failure.variable} names a ${failure.scheme} proxy; uaa-token speaks to http:// and https:// proxies only.`,
				nextStep: `Set ${failure.variable} to an http:// or https:// proxy url, or unset it if this network needs no proxy.`,
				nextAction: 'retry',
				exitCode: usageExitCode,
			};
		}

		case 'network': {
			if (failure.code === 'BLOCKED_PORT') {
				return {
					title: 'This port cannot be used',
					explanation: `The port in ${failure.host} is on the list of ports that web clients refuse to connect to, for safety.`,
					nextStep: 'XSUAA urls have no port; check the url. For a local server, use another port.',
					nextAction: 'edit-url',
					exitCode: unreachableExitCode,
				};
			}

			return {
				title: 'Network error',
				explanation: `The connection to ${failure.host} failed${failure.code ? ` (${failure.code})` : ''}.`,
				nextStep: 'Check your network connection, then try again.',
				nextAction: 'retry',
				exitCode: unreachableExitCode,
			};
		}

		default: {
			const unhandled: never = failure;
			throw new Error(`Unhandled failure ${JSON.stringify(unhandled)}`);
		}
	}
}
