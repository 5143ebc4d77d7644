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
				resolve({isOpened: false, reason: error.message});
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
		return {isOpened: false, reason: error instanceof Error ? error.message : String(error)};
	}
}
