// Runs the built uaa-token, or any command, asynchronously, so servers in the test process can answer it.

import {spawn} from 'node:child_process';
import {chmodSync, cpSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let sharedCliPath: string | undefined;

/**
 * The built CLI where any user can run it, for tests that run it as another uid: the checkout may sit in a directory
 * only its owner can enter (mktemp -d makes 0700 ones). dist/ bundles all it loads, so a copy of it runs alone; the
 * copy is removed when the test process exits.
 */
export function cliPathForAnyUser(): string {
	if (sharedCliPath === undefined) {
		const directory = mkdtempSync(join(tmpdir(), 'uaa-token-dist-'));
		chmodSync(directory, 0o755);
		cpSync(fileURLToPath(new URL('../../dist', import.meta.url)), join(directory, 'dist'), {recursive: true});
		process.once('exit', () => {
			rmSync(directory, {recursive: true, force: true});
		});
		sharedCliPath = join(directory, 'dist', 'cli.js');
	}

	return sharedCliPath;
}

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
