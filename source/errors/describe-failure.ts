// The single place that turns a Failure into words for a beginner, shared by the UI and stderr.

import type {Failure} from './failure.js';

/** What the failure screen offers on Enter; the texts stay free of keys, as stderr shares them. */
export type NextAction = 'reenter-credentials' | 'edit-url' | 'retry';

export type FailureDescription = {
	title: string;
	explanation: string;
	nextStep: string;
	nextAction: NextAction;
	/** 1: the server refused; 3: network, TLS, timeout or 5xx. */
	exitCode: 1 | 3;
};

const maxServerTextLength = 300;

/** Server text is shown to the user, so a secret it happens to echo is cut out and its length capped. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		if (secret.length >= 4) {
			redacted = redacted.split(secret).join('[redacted]');
		}
	}

	// eslint-disable-next-line no-control-regex -- a server must not be able to drive the terminal
	redacted = redacted.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ');
	return redacted.length > maxServerTextLength ? `${redacted.slice(0, maxServerTextLength)}…` : redacted;
}

function serverSaid(error: string | undefined, description: string | undefined, secrets: readonly string[]): string {
	const parts = [error, description].filter((part): part is string => part !== undefined);
	return parts.length === 0 ? '' : ` The server said: ${redactSecrets(parts.join(': '), secrets)}.`;
}

export function describeFailure(failure: Failure, secrets: readonly string[] = []): FailureDescription {
	switch (failure.kind) {
		case 'bad-credentials': {
			if (failure.description !== undefined && /grant type/i.test(failure.description)) {
				return {
					title: 'This client may not use client credentials',
					explanation: `The server knows the client but does not allow the client_credentials grant for it.${serverSaid(failure.error, failure.description, secrets)}`,
					nextStep: 'Use a service key of a service instance whose plan allows client credentials, or ask its owner to enable that grant.',
					nextAction: 'reenter-credentials',
					exitCode: 1,
				};
			}

			return {
				title: 'The clientid or clientsecret is wrong',
				explanation: `The server answered 401 Unauthorized: it did not accept this clientid and clientsecret.${serverSaid(failure.error, failure.description, secrets)}`,
				nextStep: 'Copy clientid and clientsecret again from the uaa section of the service key, whole, with nothing before or after.',
				nextAction: 'reenter-credentials',
				exitCode: 1,
			};
		}

		case 'oauth-error': {
			return {
				title: `The server refused the request (${failure.error})`,
				explanation: `The token endpoint answered ${failure.status} with an OAuth error.${serverSaid(failure.error, failure.description, secrets)}`,
				nextStep: 'Check that the values come from the uaa section of the service key.',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'not-found': {
			return {
				title: 'No token endpoint at this url (404)',
				explanation: `${failure.tokenUrl} does not exist. This is probably not the uaa url: a service key also has a top-level "url", which is the service's own API, not its login server.`,
				nextStep: 'Use the "url" inside the "uaa" section of the service key; it usually looks like https://<subdomain>.authentication.<region>.hana.ondemand.com.',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'html-page': {
			return {
				title: 'The url answered with a web page, not a token',
				explanation: `${failure.tokenUrl} sent back HTML, most likely a login or landing page. This is not the uaa url of the service key.`,
				nextStep: 'Use the "url" inside the "uaa" section of the service key, not the top-level "url".',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'not-json': {
			return {
				title: 'The answer is not JSON',
				explanation: `The server answered ${failure.status}${failure.contentType ? ` with ${failure.contentType}` : ''}, but a token endpoint answers with JSON. This url is probably not an XSUAA token endpoint.`,
				nextStep: 'Check the url against the uaa section of the service key.',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'no-access-token': {
			const fields = failure.fields.length > 0 ? ` It held only: ${failure.fields.join(', ')}.` : '';
			return {
				title: 'The answer holds no access_token',
				explanation: `The server answered ${failure.status} with JSON, but without an access_token field.${fields} This is probably not an XSUAA token endpoint.`,
				nextStep: 'Check the url against the uaa section of the service key.',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'redirect': {
			const target = failure.location ? ` to ${failure.location}` : '';
			return {
				title: 'The url redirects elsewhere',
				explanation: `The server answered ${failure.status}, a redirect${target}. uaa-token never follows a redirect with your credentials.`,
				nextStep: 'Use the uaa url from the service key exactly as written there.',
				nextAction: 'edit-url',
				exitCode: 1,
			};
		}

		case 'http-status': {
			const isServerError = failure.status >= 500;
			return {
				title: isServerError ? `The server had a problem (${failure.status})` : `The server refused the request (${failure.status})`,
				explanation: isServerError
					? 'The token endpoint failed on its side. This is usually temporary.'
					: `The token endpoint answered ${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''} without an OAuth error.`,
				nextStep: isServerError ? 'Wait a moment, then try again.' : 'Check the url against the uaa section of the service key.',
				nextAction: isServerError ? 'retry' : 'edit-url',
				exitCode: isServerError ? 3 : 1,
			};
		}

		case 'connection-refused': {
			return {
				title: 'Connection refused',
				explanation: `Nothing is listening at ${failure.host}. The host exists, but no server answered on that port.`,
				nextStep: 'Check the url, port included. If it is a local server, make sure it is running.',
				nextAction: 'retry',
				exitCode: 3,
			};
		}

		case 'dns': {
			return {
				title: 'Host not found',
				explanation: `The name ${failure.host} could not be resolved: it is misspelled, or this machine has no network or DNS.`,
				nextStep: 'Check the url for typos and your network connection (a VPN may be needed).',
				nextAction: 'edit-url',
				exitCode: 3,
			};
		}

		case 'tls': {
			return {
				title: 'Secure connection failed',
				explanation: `The TLS certificate of ${failure.host} was not accepted (${failure.code}). A proxy that inspects TLS, a self-signed certificate or a wrong host name causes this.`,
				nextStep: 'If your company inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate file and start uaa-token again. Otherwise check the host in the url.',
				nextAction: 'retry',
				exitCode: 3,
			};
		}

		case 'timeout': {
			return {
				title: 'The server did not answer in time',
				explanation: `No answer came within ${Math.round(failure.timeoutMs / 1000)} s.`,
				nextStep: 'Check your network or proxy, then try again. A slow network may need a longer --timeout SECONDS.',
				nextAction: 'retry',
				exitCode: 3,
			};
		}

		case 'network': {
			if (failure.code === 'BLOCKED_PORT') {
				return {
					title: 'This port cannot be used',
					explanation: `The port in ${failure.host} is on the list of ports that web clients refuse to connect to, for safety.`,
					nextStep: 'XSUAA urls have no port; check the url. For a local server, use another port.',
					nextAction: 'edit-url',
					exitCode: 3,
				};
			}

			return {
				title: 'Network error',
				explanation: `The connection to ${failure.host} failed${failure.code ? ` (${failure.code})` : ''}.`,
				nextStep: 'Check your network connection, then try again.',
				nextAction: 'retry',
				exitCode: 3,
			};
		}

		default: {
			const unhandled: never = failure;
			throw new Error(`Unhandled failure ${JSON.stringify(unhandled)}`);
		}
	}
}
