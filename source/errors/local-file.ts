// A problem with a file on this machine (the config directory, a profile, a key file), as opposed to anything the
// server did: its own exit code, so a script can tell "the server refused" (1) from "I could not write my cache" (4).

import {cleanOutsideText} from '../text/outside-text.js';


const localFileErrorBrand = Symbol.for('uaa-token.LocalFileError');

export class LocalFileError extends Error {
	override readonly name = 'LocalFileError';
	readonly [localFileErrorBrand] = true;

	/**
	 * path: the file or directory concerned. problem: what is wrong, in words. whatToDo: the next step for the user.
	 */
	constructor(
		readonly path: string,
		readonly problem: string,
		readonly whatToDo: string,
		options?: {cause?: unknown},
	) {
		super(`${cleanOutsideText(path)}: ${problem}`, options);
	}

	/** instanceof across two bundles (dist/cli.js and a lazily loaded chunk) that each hold a copy of this class. */
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[localFileErrorBrand] === true;
	}
}

export function isLocalFileError(error: unknown): error is LocalFileError {
	return error instanceof LocalFileError;
}

/** The error as lines for stderr or a notice: the path cleaned, the problem, and what to do. */
export function describeLocalFileError(error: LocalFileError): {title: string; whatToDo: string} {
	return {title: `${cleanOutsideText(error.path)}: ${error.problem}`, whatToDo: error.whatToDo};
}
