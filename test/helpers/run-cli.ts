// Runs the built uaa-token, or any command, asynchronously, so servers in the test process can answer it.

import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export type CliResult = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

export type RunOptions = {env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number};

/** Spawns a command with stdin written and closed, and collects what it prints; rejects if it runs past the timeout. */
export async function runProcess(command: string, args: readonly string[], {env = {}, cwd, input = '', timeoutMs = 20_000}: RunOptions = {}): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, cwd, stdio: ['pipe', 'pipe', 'pipe']});
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
			reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms.\nstdout: ${stdout}\nstderr: ${stderr}`));
		}, timeoutMs);
		child.once('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
		// The command may exit before reading stdin; a closed pipe is not a test failure.
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

export async function runBuiltCli(args: string[], {env = {}, ...options}: RunOptions = {}): Promise<CliResult> {
	return runProcess(process.execPath, [cliPath, ...args], {...options, env: {...env, FORCE_COLOR: '0'}});
}
