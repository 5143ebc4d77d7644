// Copies text to the system clipboard, or through the terminal (OSC 52) where no system clipboard is reachable.

/** Where the text went: the system clipboard, or the terminal's, which puts it on the clipboard of the machine it runs on. */
export type ClipboardKind = 'system' | 'terminal';

export type ClipboardOptions = {
	env: NodeJS.ProcessEnv;
	platform: NodeJS.Platform;
	/** Writes straight to the terminal, outside Ink's frame: an OSC sequence takes no room on screen. */
	writeToTerminal: (text: string) => void;
	/** The system clipboard; rejects when there is none. */
	writeSystemClipboard?: (text: string) => Promise<void>;
};

/** OSC 52: "set the clipboard to this base64 text". Terminals that allow it copy on the user's own machine, even over SSH. */
export function osc52Sequence(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

async function writeWithClipboardy(text: string): Promise<void> {
	const {default: clipboard} = await import('clipboardy');
	await clipboard.write(text);
}

/**
 * Without a display on Linux (a server, a container, SSH without X forwarding) the system clipboard is out of reach;
 * and over SSH it would be the remote machine's anyway, not the one the user pastes on.
 */
function hasReachableSystemClipboard(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
	const hasDisplay = Boolean(env.DISPLAY) || Boolean(env.WAYLAND_DISPLAY);
	const isSsh = Boolean(env.SSH_CONNECTION) || Boolean(env.SSH_TTY);
	if (platform === 'darwin' || platform === 'win32') {
		return !isSsh;
	}

	return hasDisplay;
}

export async function copyToClipboard(text: string, options: ClipboardOptions): Promise<ClipboardKind> {
	const {env, platform, writeToTerminal, writeSystemClipboard = writeWithClipboardy} = options;
	if (hasReachableSystemClipboard(env, platform)) {
		try {
			await writeSystemClipboard(text);
			return 'system';
		} catch {
			// The library's message can quote the command line it ran; the terminal is the way left.
		}
	}

	writeToTerminal(osc52Sequence(text));
	return 'terminal';
}
