// Runs `openssl s_server` as a mutual-TLS server that rejects client certificates the way most servers do: with a TLS alert.
// Node's own HTTPS server cannot stand in for it: with requestCert and rejectUnauthorized it just closes the connection.

import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const hasOpenssl = spawnSync('openssl', ['version'], {stdio: 'ignore'}).status === 0;

export type OpensslServerOptions = {
	cert: string;
	key: string;
	/** The CA that client certificates must be signed by. */
	clientCa: string;
	tlsVersion?: '1.2' | '1.3';
};

export type OpensslServer = {
	/** Like https://127.0.0.1:PORT; a GET of / answers 200 with an HTML status page. */
	url: string;
	close(): Promise<void>;
};

export async function startOpensslServer({cert, key, clientCa, tlsVersion = '1.3'}: OpensslServerOptions): Promise<OpensslServer> {
	const directory = mkdtempSync(join(tmpdir(), 'uaa-token-openssl-'));
	const file = (name: string, content: string) => {
		const path = join(directory, name);
		writeFileSync(path, content);
		return path;
	};

	const arguments_ = ['s_server', '-accept', '127.0.0.1:0', '-www'];
	arguments_.push('-cert', file('cert.pem', cert), '-key', file('key.pem', key), '-CAfile', file('ca.pem', clientCa));
	// -Verify demands a client certificate; without -verify_return_error s_server would go on after a failed check.
	arguments_.push('-Verify', '1', '-verify_return_error', tlsVersion === '1.2' ? '-tls1_2' : '-tls1_3');
	// stdin stays an open pipe: s_server reads commands from it and stops at its end.
	const server = spawn('openssl', arguments_, {stdio: ['pipe', 'pipe', 'pipe']});
	const exited = new Promise<void>(resolve => {
		server.once('exit', () => {
			resolve();
		});
	});

	let output = '';
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error(`openssl s_server did not start: ${output}`));
		}, 10_000);
		const read = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const accept = /ACCEPT\s+\S*:(\d+)/.exec(output);
			if (accept?.[1]) {
				clearTimeout(timer);
				resolve(Number(accept[1]));
			}
		};

		server.stdout.on('data', read);
		server.stderr.on('data', read);
		server.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`openssl s_server exited with ${String(code)}: ${output}`));
		});
	}).catch(async (error: unknown) => {
		server.kill();
		rmSync(directory, {recursive: true, force: true});
		throw error;
	});

	return {
		url: `https://127.0.0.1:${port}`,
		async close() {
			server.kill();
			await exited;
			rmSync(directory, {recursive: true, force: true});
		},
	};
}
