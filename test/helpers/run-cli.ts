// Runs the built uaa-token asynchronously, so servers in the test process can answer it.

import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliResult = {code: number | null; stdout: string; stderr: string};

export async function runBuiltCli(args: string[], {env = {}, input = '', timeoutMs = 20_000}: {env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number} = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: {...env, FORCE_COLOR: '0'}, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`uaa-token ${args.join(' ')} did not finish in ${timeoutMs} ms; stderr: ${stderr}`));
		}, timeoutMs);
		child.once('error', reject);
		child.once('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}
