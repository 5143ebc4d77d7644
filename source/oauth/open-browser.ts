// Opens the system browser at the sign-in page, as RFC 8252 asks of native apps (never an embedded view), through
// the `open` package. Bundled, `open` finds no xdg-open of its own and uses the system's; where there is none
// (a server, a container), it fails, and the caller has printed the url for the user to open anywhere.

import open from 'open';

/** Resolves once the opener started, or with the reason it could not; never throws. */
export async function openBrowser(url: string): Promise<{isOpened: true} | {isOpened: false; reason: string}> {
	try {
		const child = await open(url, {wait: false});
		return await new Promise(resolve => {
			child.once('error', error => {
				resolve({isOpened: false, reason: reasonOf(error)});
			});
			child.once('spawn', () => {
				resolve({isOpened: true});
			});
			// An opener that is already running reports no spawn event again.
			setTimeout(() => {
				resolve({isOpened: true});
			}, 500).unref();
		});
	} catch (error) {
		return {isOpened: false, reason: reasonOf(error)};
	}
}

/** Why no browser opened, in words: a server or container without a desktop says "spawn xdg-open ENOENT". */
function reasonOf(error: unknown): string {
	if (!(error instanceof Error)) {
		return String(error);
	}

	const {code, path} = error as NodeJS.ErrnoException;
	return code === 'ENOENT' ? `there is no ${path ?? 'browser opener'} here to open a browser with` : error.message;
}
