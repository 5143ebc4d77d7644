// What a terminal pastes when a file is dragged onto it, read back as the path: quoted ('/a b/key.json' or
// "/a b/key.json"), with backslash-escaped spaces (/a\ b/key.json), often with a trailing space.

/** The path a url field's text names, or undefined when it is a url or holds nothing like a path. */
export function keyFilePathOf(text: string): string | undefined {
	const trimmed = text.trim();
	if (trimmed === '' || /^[a-z][a-z\d+.-]*:\/\//i.test(trimmed)) {
		return undefined;
	}

	const quoted = /^(['"])(.*)\1$/s.exec(trimmed);
	if (quoted) {
		return quoted[2];
	}

	// A backslash before a character is the shell's escape for it; a drive letter's backslashes are left alone.
	return /^[a-z]:\\/i.test(trimmed) ? trimmed : trimmed.replaceAll(/\\(.)/g, '$1');
}
