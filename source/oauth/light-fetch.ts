// The token request's default HTTP client: the small part of fetch one POST needs, on node:http and node:https.
// Node 20's global fetch spends about 140 ms loading its bundled undici before the first byte is sent, more than
// curl takes for the whole request; node:http is ready in a few milliseconds. Proxies, extra CAs and client
// certificates still go through undici (transport.ts).

import type {IncomingMessage} from 'node:http';

type LightResponse = {
	status: number;
	statusText: string;
	headers: {get: (name: string) => string | null};
	text: () => Promise<string>;
};

async function decoded(body: Buffer, encoding: string | undefined): Promise<Buffer> {
	// No Accept-Encoding is sent, but a server may compress anyway; what cannot be decoded is read as it came.
	const name = encoding?.trim().toLowerCase();
	if (name === undefined || name === '' || name === 'identity') {
		return body;
	}

	const {brotliDecompressSync, gunzipSync, inflateSync} = await import('node:zlib');
	try {
		switch (name) {
			case 'gzip':
			case 'x-gzip': {
				return gunzipSync(body);
			}

			case 'deflate': {
				return inflateSync(body);
			}

			case 'br': {
				return brotliDecompressSync(body);
			}

			default: {
				return body;
			}
		}
	} catch {
		return body;
	}
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
export async function lightFetch(url: string | URL, init: RequestInit = {}): Promise<LightResponse> {
	const target = new URL(url);
	// Imported here, not at the top: the modules that import this one also serve runs that send nothing.
	const {request: send} = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
	const headers = {...(init.headers as Record<string, string> | undefined)};
	const body = typeof init.body === 'string' ? init.body : undefined;
	const {signal} = init;
	signal?.throwIfAborted();

	return new Promise((resolve, reject) => {
		// A fresh connection that closes after the answer: nothing keeps a short-lived CLI's event loop alive.
		const outgoing = send(target, {method: init.method ?? 'GET', headers, agent: false}, incoming => {
			const chunks: Buffer[] = [];
			incoming.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
			});
			incoming.once('error', reject);
			incoming.once('end', async () => {
				signal?.removeEventListener('abort', onAbort);
				const body = await decoded(Buffer.concat(chunks), headerGetter(incoming).get('content-encoding') ?? undefined);
				const text = body.toString('utf8');
				resolve({status: incoming.statusCode ?? 0, statusText: incoming.statusMessage ?? '', headers: headerGetter(incoming), text: async () => text});
			});
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
