// A real Secret Service for tests: gnome-keyring-daemon in a private D-Bus session (dbus-run-session), with its
// keyrings in a temp HOME, so no test touches a keychain of the machine's user. .ci/run installs gnome-keyring when
// it is missing; a test that needs it fails without it, it never skips.

import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export type KeychainSession = {
	/** The environment a process needs to reach this keychain (and no other). */
	env: Record<string, string>;
	home: string;
	/** Ends the D-Bus session, and gnome-keyring-daemon with it; the keyrings stay in home for a later session. */
	stop: () => Promise<void>;
};

export type KeychainSessionOptions = {
	/** A home from an earlier session, whose keyrings this one opens. */
	home?: string;
	/**
	 * false: gnome-keyring is not started and unlocked first; D-Bus starts it on the first request, locked, and with
	 * no display it cannot ask for the password: a keychain that refuses.
	 */
	withKeyring?: boolean;
};

function requireProgram(name: string): void {
	if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
		throw new Error(`${name} is not installed; .ci/run installs it (apt-get install gnome-keyring dbus). Keychain tests need a real Secret Service.`);
	}
}

export async function startKeychainSession({home = mkdtempSync(join(tmpdir(), 'uaa-token-keychain-home-')), withKeyring = true}: KeychainSessionOptions = {}): Promise<KeychainSession> {
	requireProgram('dbus-run-session');
	requireProgram('gnome-keyring-daemon');
	const runtime = join(home, 'run');
	mkdirSync(runtime, {recursive: true, mode: 0o700});
	const baseEnv = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, XDG_DATA_HOME: join(home, '.local', 'share'), XDG_RUNTIME_DIR: runtime, LANG: 'C.UTF-8'};
	// The login keyring is created, or unlocked, with this password on stdin; then the session waits on stdin.
	const startKeyring = withKeyring ? 'printf uaa-token-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1;' : '';
	const session = spawn('dbus-run-session', ['--', 'sh', '-c', `${startKeyring} echo "$DBUS_SESSION_BUS_ADDRESS"; exec cat`], {env: baseEnv, stdio: ['pipe', 'pipe', 'ignore']});
	const address = await new Promise<string>((resolve, reject) => {
		let output = '';
		session.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			if (output.includes('\n')) {
				resolve(output.trim());
			}
		});
		session.once('exit', code => {
			reject(new Error(`dbus-run-session ended (${code}) before its session was up`));
		});
	});
	const ended = new Promise<void>(resolve => {
		session.once('exit', () => {
			resolve();
		});
	});
	return {
		env: {...baseEnv, DBUS_SESSION_BUS_ADDRESS: address},
		home,
		async stop() {
			if (session.exitCode === null && session.signalCode === null) {
				session.stdin.end();
				await ended;
			}
		},
	};
}

export function removeHome(home: string): void {
	rmSync(home, {recursive: true, force: true});
}
