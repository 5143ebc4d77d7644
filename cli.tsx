#!/usr/bin/env node
import process from 'node:process';
import packageJson from './package.json' with {type: 'json'};
import {applyNoColor} from './source/cli/color-preference.js';
import {hasInteractiveTerminal, readArguments} from './source/cli/cli-options.js';
import {localFileExitCode, refusedExitCode, usageExitCode} from './source/errors/exit-codes.js';
import {helpText} from './source/cli/help.js';
import {descriptorWriter} from './source/script/descriptor-writer.js';
import {describeLocalFileError, isLocalFileError} from './source/errors/local-file.js';
import {cleanOutsideText} from './source/text/outside-text.js';
import {readBoundedStream} from './source/files/read-bounded-text.js';

const stdout = descriptorWriter(1);
const stderr = descriptorWriter(2);
const parsed = readArguments(process.argv.slice(2));
// A function rather than top-level await: the bundle is CommonJS, which Node loads far sooner than ES modules.
async function main(): Promise<void> {
	try {
		if ('wants' in parsed) {
			stdout.write(parsed.wants === 'help' ? helpText() : `${packageJson.version}\n`);
		} else if (parsed.problem !== undefined) {
			stderr.write(`uaa-token: ${parsed.problem}\n`);
			process.exitCode = usageExitCode;
		} else if (parsed.command.kind !== 'interactive') {
			const {runScript} = await import('./source/script/run-script.js');
			process.exitCode = await runScript(parsed.command, {
				stdout,
				stderr,
				env: process.env,
				async readStdin(read) {
					// Up to a limit: stdin may be /dev/zero or a pipe that never ends.
					return readBoundedStream(process.stdin, read);
				},
			});
		} else if (hasInteractiveTerminal(process.stdin, process.stdout)) {
			// Before Ink loads: its colour support is decided once, on import.
			applyNoColor(process.env);
			const {runInteractive} = await import('./source/ui/run-interactive.js');
			process.exitCode = await runInteractive(parsed.command);
		} else {
			stderr.write('uaa-token: no interactive terminal here (stdin or stdout is not a TTY); use --print, --json or --format, for example: uaa-token --profile NAME --print\n');
			process.exitCode = usageExitCode;
		}
	} catch (error) {
		// Every expected failure is handled where it happens; this is the last line against a stack trace. Its text
		// may quote a path or a value from outside, so it is shown only cleaned.
		if (isLocalFileError(error)) {
			const {title, whatToDo} = describeLocalFileError(error);
			stderr.write(`uaa-token: ${cleanOutsideText(title)}.\n  What to do: ${cleanOutsideText(whatToDo)}\n`);
			process.exitCode = localFileExitCode;
		} else {
			stderr.write(`uaa-token: ${cleanOutsideText(error instanceof Error ? error.message : String(error))}\n`);
			process.exitCode = refusedExitCode;
		}
	}
}

void main();
