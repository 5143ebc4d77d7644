// The token request's default HTTP client: the small part of fetch one POST needs, on node:http and node:https.
// Node 20's global fetch spends about 140 ms loading its bundled undici before the first byte is sent, more than
// curl takes for the whole request; node:http is ready in a few milliseconds. Proxies, extra CAs and client
// certificates still go through undici (transport.ts).

import type {IncomingMessage} from 'node:http';
import type {LookupFunction} from 'node:net';
import type {Transform} from 'node:stream';
import {AnswerTooLargeError, isDeclaredTooLarge, maxAnswerBytes} from './answer-limits.js';

type LightResponse = {
	status: number;
	statusText: string;
	headers: {get: (name: string) => string | null};
	text: () => Promise<string>;
};

/**
 * A stream that unpacks the body as it arrives, so a few hundred kB of gzip that unpack to gigabytes are stopped at
 * the limit rather than unpacked whole. No Accept-Encoding is sent, but a server may compress anyway.
 */
async function decoder(encoding: string | undefined): Promise<Transform | undefined> {
	const name = encoding?.trim().toLowerCase();
	if (name === undefined || name === '' || name === 'identity') {
		return undefined;
	}

	const {createBrotliDecompress, createGunzip, createInflate} = await import('node:zlib');
	switch (name) {
		case 'gzip':
		case 'x-gzip': {
			return createGunzip();
		}

		case 'deflate': {
			return createInflate();
		}

		case 'br': {
			return createBrotliDecompress();
		}

		default: {
			return undefined;
		}
	}
}

/**
 * The answer's body, unpacked and read up to maxAnswerBytes; past that the connection is closed and the read fails
 * with AnswerTooLargeError. What cannot be unpacked is read as it came, as before.
 */
async function readBody(incoming: IncomingMessage): Promise<string> {
	if (isDeclaredTooLarge(incoming.headers['content-length'], incoming.headers['content-encoding'])) {
		incoming.destroy();
		throw new AnswerTooLargeError(incoming.statusCode ?? 0);
	}

	// The connection may be cut while zlib loads: what it says then is kept, not lost for want of a listener.
	let earlyError: unknown;
	const keepEarlyError = (error: unknown) => {
		earlyError = error;
	};

	incoming.once('error', keepEarlyError);
	const unpack = await decoder(incoming.headers['content-encoding']);
	incoming.off('error', keepEarlyError);
	const raw: Buffer[] = [];
	const unpacked: Buffer[] = [];
	let size = 0;
	return new Promise((resolve, reject) => {
		// A body cut short (the server or a proxy reset the connection) ends as a reset, never as a wait for the timeout.
		const isCut = () => incoming.destroyed && !incoming.complete;
		if (earlyError !== undefined || isCut()) {
			unpack?.destroy();
			reject(earlyError ?? connectionCut());
			return;
		}

		incoming.once('close', () => {
			if (!incoming.complete) {
				unpack?.destroy();
				reject(connectionCut());
			}
		});
		const tooLarge = () => {
			incoming.destroy();
			unpack?.destroy();
			reject(new AnswerTooLargeError(incoming.statusCode ?? 0));
		};

		const count = (chunk: Buffer, into: Buffer[]): boolean => {
			size += chunk.length;
			if (size > maxAnswerBytes) {
				tooLarge();
				return false;
			}

			into.push(chunk);
			return true;
		};

		incoming.once('error', reject);
		if (unpack === undefined) {
			incoming.on('data', (chunk: Buffer) => count(chunk, raw));
			incoming.once('end', () => {
				resolve(Buffer.concat(raw).toString('utf8'));
			});
			return;
		}

		let isBroken = false;
		incoming.on('data', (chunk: Buffer) => {
			// The packed bytes are bounded too, for the body read as it came when it cannot be unpacked.
			if (raw.reduce((total, part) => total + part.length, chunk.length) > maxAnswerBytes) {
				tooLarge();
				return;
			}

			raw.push(chunk);
			if (!isBroken) {
				unpack.write(chunk);
			}
		});
		unpack.on('data', (chunk: Buffer) => count(chunk, unpacked));
		unpack.once('error', () => {
			isBroken = true;
		});
		incoming.once('end', () => {
			if (isBroken) {
				resolve(Buffer.concat(raw).toString('utf8'));
				return;
			}

			unpack.once('end', () => {
				resolve(isBroken ? Buffer.concat(raw).toString('utf8') : Buffer.concat(unpacked).toString('utf8'));
			});
			unpack.once('error', () => {
				resolve(Buffer.concat(raw).toString('utf8'));
			});
			unpack.end();
		});
	});
}

/** What Node says when a body is cut short: ECONNRESET, which the token client names as a connection reset. */
function connectionCut(): Error {
	return Object.assign(new Error('aborted'), {code: 'ECONNRESET'});
}

function headerGetter(message: IncomingMessage): LightResponse['headers'] {
	return {
		get(name) {
			const value = message.headers[name.toLowerCase()];
			return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
		},
	};
}

/**
 * Sends one request and reads the whole answer, as fetch with redirect "manual" would: a redirect is an answer,
 * never followed. Network errors reject with Node's own error and its code; an abort rejects with the signal's reason.
 */
export async function lightFetch(url: string | URL, init: RequestInit & {lookup?: LookupFunction} = {}): Promise<LightResponse> {
	const target = new URL(url);
	// Imported here, not at the top: the modules that import this one also serve runs that send nothing.
	const {request: send} = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
	const headers = {...(init.headers as Record<string, string> | undefined)};
	const body = typeof init.body === 'string' ? init.body : undefined;
	const {signal} = init;
	signal?.throwIfAborted();

	return new Promise((resolve, reject) => {
		// A fresh connection that closes after the answer: nothing keeps a short-lived CLI's event loop alive.
		const outgoing = send(target, {method: init.method ?? 'GET', headers, agent: false, ...(init.lookup && {lookup: init.lookup})}, incoming => {
			readBody(incoming).then(
				text => {
					signal?.removeEventListener('abort', onAbort);
					resolve({status: incoming.statusCode ?? 0, statusText: incoming.statusMessage ?? '', headers: headerGetter(incoming), text: async () => text});
				},
				(error: unknown) => {
					signal?.removeEventListener('abort', onAbort);
					outgoing.destroy();
					reject(error);
				},
			);
		});
		function onAbort() {
			outgoing.destroy();
			reject(signal?.reason);
		}

		signal?.addEventListener('abort', onAbort, {once: true});
		outgoing.once('error', error => {
			signal?.removeEventListener('abort', onAbort);
			reject(error);
		});
		outgoing.end(body);
	});
}
