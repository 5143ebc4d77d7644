// Checks the command-line flags before anything renders, so bad input ends in one clear line and exit 2.

import {type AuthMethodChoice, authMethodChoices} from './oauth/client-auth.js';
import {defaultTimeoutMs} from './oauth/token-client.js';

export const usageExitCode = 2;

export type RawFlags = {
	demo: boolean;
	timeout?: string;
	authMethod?: string;
};

export type CliOptions = {
	isDemo: boolean;
	timeoutMs: number;
	authMethod: AuthMethodChoice;
};

export type OptionsResult = {options: CliOptions; problem?: undefined} | {options?: undefined; problem: string};

export function parseCliOptions(flags: RawFlags, inputs: readonly string[]): OptionsResult {
	if (inputs.length > 0) {
		return {problem: `Unexpected argument "${inputs[0]!}". uaa-token takes flags only; see uaa-token --help.`};
	}

	let timeoutMs = defaultTimeoutMs;
	if (flags.timeout !== undefined) {
		const seconds = Number(flags.timeout);
		if (flags.timeout.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
			return {problem: `--timeout takes a number of seconds between 0 and 3600, for example --timeout 10 (got "${flags.timeout}").`};
		}

		timeoutMs = Math.round(seconds * 1000);
	}

	const authMethod = (flags.authMethod ?? 'auto') as AuthMethodChoice;
	if (!authMethodChoices.includes(authMethod)) {
		return {problem: `--auth-method takes ${authMethodChoices.join(', ')} (got "${flags.authMethod ?? ''}").`};
	}

	return {options: {isDemo: flags.demo, timeoutMs, authMethod}};
}

export function hasInteractiveTerminal(stdin: {isTTY?: boolean}, stdout: {isTTY?: boolean}): boolean {
	return stdin.isTTY === true && stdout.isTTY === true;
}
