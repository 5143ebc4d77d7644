// How the interactive app tells cli.tsx which exit code to end with.

import {refusedExitCode} from './exit-codes.js';

export class ExitRequest extends Error {
	override readonly name = 'ExitRequest';

	constructor(
		readonly exitCode: number,
		reason: string,
	) {
		super(reason);
	}
}

export function exitCodeOf(error: unknown): number {
	return error instanceof ExitRequest ? error.exitCode : refusedExitCode;
}
