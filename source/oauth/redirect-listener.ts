// The loopback end of the browser sign-in (RFC 8252 §7.3): a one-request HTTP listener on localhost that takes the
// authorization code the browser brings back, answers with a page saying the tab can be closed, and closes.

import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {type SignInFailureReason, TokenRequestError} from '../errors/failure.js';

export {defaultRedirectPort} from './redirect-port.js';
export const redirectPath = '/callback';

export type RedirectListener = {
	redirectUri: string;
	/** The code, once a redirect with the expected state brings one; rejects with a sign-in-failed TokenRequestError. */
	code: Promise<string>;
	/** Stops listening, at once; safe to call more than once. */
	close: () => Promise<void>;
};

export type ListenOptions = {
	/** 0 picks a free port (tests); the redirect uri then names the port picked. */
	port: number;
	state: string;
	timeoutMs: number;
	signal?: AbortSignal;
};

const pageHeaders = {
	'Content-Type': 'text/html; charset=utf-8',
	'Cache-Control': 'no-store',
	// The url held the code: no page this one links to may learn it.
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
	Connection: 'close',
};

/** Static words only: nothing from the request is ever put in the page. */
function page(title: string, text: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>uaa-token: ${title}</title><style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:36rem;line-height:1.5}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

const pages = {
	signedIn: page('Signed in', 'uaa-token has the sign-in. You can close this tab and go back to the terminal.'),
	refused: page('Sign-in not completed', 'The sign-in did not give uaa-token a code. The terminal says what happened and what to do.'),
	notFound: page('Not found', 'This address is uaa-token\'s sign-in listener; it has nothing else.'),
};

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({port, host, exclusive: true}, () => {
			server.off('error', reject);
			resolve(server.address() as AddressInfo);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise(resolve => {
		if (!server.listening) {
			resolve();
			return;
		}

		server.close(() => {
			resolve();
		});
		server.closeAllConnections();
	});
}

/**
 * Listens on 127.0.0.1 and, where the machine has it, ::1 (a browser may resolve localhost to either), under the
 * redirect uri http://localhost:PORT/callback. The first request to /callback settles the sign-in: a wrong state,
 * an error or a missing code ends it as a failure, so a stale tab is not waited on. Other paths get a 404 and are
 * otherwise ignored; header size is Node's limit (16 kB, a 431 beyond it). Everything closes once settled.
 */
export async function listenForRedirect({port, state, timeoutMs, signal}: ListenOptions): Promise<RedirectListener> {
	let settle: {resolve: (code: string) => void; reject: (error: unknown) => void} | undefined;
	const code = new Promise<string>((resolve, reject) => {
		settle = {resolve, reject};
	});
	// A caller that stops waiting (an abort) must not leave an unhandled rejection behind.
	code.catch(() => {});
	const servers: Server[] = [];
	let redirectUri = '';
	let isSettled = false;
	let timer: NodeJS.Timeout | undefined;

	const close = async () => {
		clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
		await Promise.all(servers.map(server => closeServer(server)));
	};

	const finish = (outcome: {code: string} | {reason: SignInFailureReason; error?: string; description?: string} | {abort: unknown}) => {
		if (isSettled) {
			return;
		}

		isSettled = true;
		if ('code' in outcome) {
			settle!.resolve(outcome.code);
		} else if ('abort' in outcome) {
			settle!.reject(outcome.abort);
		} else {
			settle!.reject(new TokenRequestError({kind: 'sign-in-failed', redirectUri, ...outcome, ...(outcome.reason === 'timeout' ? {timeoutMs} : {})}));
		}

		void close();
	};

	function onAbort() {
		finish({abort: signal!.reason});
	}

	const handle = (request: IncomingMessage, response: ServerResponse) => {
		// A body is never read; it is let through so the connection can end cleanly.
		request.resume();
		const send = (status: number, html: string) => {
			response.writeHead(status, pageHeaders);
			response.end(html);
		};

		let url: URL;
		try {
			url = new URL(request.url ?? '/', 'http://localhost');
		} catch {
			send(400, pages.notFound);
			return;
		}

		if (url.pathname !== redirectPath || isSettled) {
			send(404, pages.notFound);
			return;
		}

		if (request.method !== 'GET') {
			response.writeHead(405, {...pageHeaders, Allow: 'GET'});
			response.end(pages.notFound);
			return;
		}

		const query = url.searchParams;
		const only = (name: string) => (query.getAll(name).length === 1 ? query.get(name)! : undefined);
		// Exactly one state, and the one sent: a repeated parameter is not read as either of its values.
		if (only('state') !== state) {
			send(400, pages.refused);
			finish({reason: 'state-mismatch'});
			return;
		}

		const error = only('error');
		if (error !== undefined || query.has('error')) {
			send(200, pages.refused);
			finish({reason: 'denied', error: error ?? 'error', description: only('error_description')});
			return;
		}

		const received = only('code');
		if (received === undefined || received === '') {
			send(400, pages.refused);
			finish({reason: 'no-code'});
			return;
		}

		send(200, pages.signedIn);
		finish({code: received});
	};

	const make = () => {
		const server = createServer({maxHeaderSize: 16 * 1024, requestTimeout: 10_000, headersTimeout: 10_000}, handle);
		server.maxHeadersCount = 100;
		servers.push(server);
		return server;
	};

	let chosenPort: number;
	try {
		chosenPort = (await listen(make(), port, '127.0.0.1')).port;
	} catch (error) {
		await close();
		const code = (error as {code?: string}).code;
		redirectUri = `http://localhost:${port}${redirectPath}`;
		if (code === 'EADDRINUSE' || code === 'EACCES') {
			throw new TokenRequestError({kind: 'sign-in-failed', reason: 'port-taken', redirectUri});
		}

		throw error;
	}

	redirectUri = `http://localhost:${chosenPort}${redirectPath}`;
	try {
		await listen(make(), chosenPort, '::1');
	} catch {
		// No IPv6 loopback here, or its port is taken by something else: 127.0.0.1 serves alone.
		const ipv6 = servers.pop();
		await closeServer(ipv6!);
	}

	timer = setTimeout(() => {
		finish({reason: 'timeout'});
	}, timeoutMs);
	timer.unref?.();
	if (signal?.aborted) {
		onAbort();
	} else {
		signal?.addEventListener('abort', onAbort, {once: true});
	}

	return {redirectUri, code, close};
}
