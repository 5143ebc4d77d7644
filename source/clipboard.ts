// Copies text to the system clipboard, with a reason fit for the screen when there is none.

export async function copyToClipboard(text: string): Promise<void> {
	try {
		const {default: clipboard} = await import('clipboardy');
		await clipboard.write(text);
	} catch {
		// The library's own message can quote the command line it ran, so it is replaced, never shown.
		throw new Error(
			process.platform === 'linux'
				? 'no clipboard is reachable here (no desktop session, or an SSH connection without one).'
				: 'the system clipboard refused the copy.',
		);
	}
}
