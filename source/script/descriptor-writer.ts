// Output for the scripted path, written straight to the file descriptor: setting up process.stdout as a stream
// costs more than the rest of a cached --print does.

import {writeSync} from 'node:fs';

export type TextWriter = {write: (text: string) => void};

export function descriptorWriter(fd: 1 | 2): TextWriter {
	return {
		write(text) {
			const bytes = Buffer.from(text, 'utf8');
			let offset = 0;
			try {
				while (offset < bytes.length) {
					offset += writeSync(fd, bytes, offset);
				}
			} catch (error) {
				const code = (error as {code?: unknown}).code;
				if (code === 'EAGAIN') {
					// A non-blocking descriptor that is full: the stream waits for room and writes the rest.
					(fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(offset));
				} else if (code !== 'EPIPE') {
					// EPIPE means the reader has gone, as with `| head -c 10`; there is no one left to tell.
					throw error;
				}
			}
		},
	};
}
