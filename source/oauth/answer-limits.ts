// How much of an answer uaa-token reads. XSUAA's token answers are a few kB, its tokens 1–4 kB; the limits are far
// above that and far below what would hurt: a gzip bomb or an endless body ends in a message, not in gigabytes.

/** The most of a token answer's body read, counted after decompression. */
export const maxAnswerBytes = 1024 * 1024;

/** The longest access_token accepted. */
export const maxAccessTokenBytes = 64 * 1024;

/** RFC 6750 §2.1: a bearer token is a b64token, the only form an Authorization header carries without quoting. */
const b64token = /^[\w\-.~+/]+=*$/;

export function isB64token(text: string): boolean {
	return b64token.test(text);
}

/** Thrown by a body reader that stopped at maxAnswerBytes; token-client turns it into the answer-too-large failure. */
export class AnswerTooLargeError extends Error {
	override readonly name = 'AnswerTooLargeError';

	constructor(readonly status: number) {
		super(`The answer is larger than ${maxAnswerBytes} bytes.`);
	}
}

/**
 * Whether the headers alone say the body is past the limit: an unpacked body whose Content-Length is larger, which is
 * refused before a byte of it is read. A packed body's length says nothing sure about its unpacked size.
 */
export function isDeclaredTooLarge(contentLength: string | undefined, contentEncoding: string | undefined): boolean {
	const encoding = contentEncoding?.trim().toLowerCase() ?? '';
	return (encoding === '' || encoding === 'identity') && contentLength !== undefined && /^\s*\d+\s*$/.test(contentLength) && Number(contentLength) > maxAnswerBytes;
}

type StreamedBody = {getReader: () => {read: () => Promise<{done: boolean; value?: Uint8Array}>; cancel: () => Promise<void>}};

/**
 * The body as text, read chunk by chunk up to maxAnswerBytes (after the client's own decompression) and cancelled
 * past it, so an endless or bomb-sized answer never sits in memory. A response without a stream (lightFetch, which
 * bounds its own reading) is read with text().
 */
export async function readBoundedText(response: {
	status: number;
	body?: unknown;
	headers?: {get: (name: string) => string | null};
	text: () => Promise<string>;
}): Promise<string> {
	const body = response.body as StreamedBody | null | undefined;
	if (body === undefined || body === null || typeof body.getReader !== 'function') {
		return response.text();
	}

	const reader = body.getReader();
	if (isDeclaredTooLarge(response.headers?.get('content-length') ?? undefined, response.headers?.get('content-encoding') ?? undefined)) {
		await reader.cancel().catch(() => undefined);
		throw new AnswerTooLargeError(response.status);
	}

	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop -- a stream is read in order
		const {done, value} = await reader.read();
		if (done) {
			break;
		}

		if (value !== undefined) {
			size += value.byteLength;
			if (size > maxAnswerBytes) {
				// eslint-disable-next-line no-await-in-loop -- once, on the way out
				await reader.cancel().catch(() => undefined);
				throw new AnswerTooLargeError(response.status);
			}

			chunks.push(value);
		}
	}

	return Buffer.concat(chunks).toString('utf8');
}
