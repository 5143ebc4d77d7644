#!/usr/bin/env node
import process from 'node:process';
import meow from 'meow';
import {hasInteractiveTerminal, parseCliOptions, usageExitCode} from './source/cli-options.js';

const cli = meow(
	`
	Usage
	  $ uaa-token [options]

	Opens a step-by-step wizard that asks for url, clientid and clientsecret
	from the "uaa" section of a service key, requests an OAuth access token
	with the client_credentials grant, and shows every field of the answer.

	Options
	  --demo                 Practise on the built-in XSUAA look-alike server
	                         (127.0.0.1); its values are shown at each step
	  --timeout SECONDS      Give up on the token request after this long
	                         (default 30)
	  --auth-method METHOD   How to send clientid and clientsecret:
	                         auto  body first, HTTP Basic on a 401 (default)
	                         post  in the form body, as SAP's libraries do
	                         basic HTTP Basic, URL-encoded as RFC 6749 asks
	  --help                 Show this help
	  --version              Show the version

	Keys
	  Enter next · Esc back · Tab fill the demo value (--demo)
	  v show/hide the token · c copy it · q quit · Ctrl+C quit at any time

	Environment
	  UAA_TOKEN_CONFIG_DIR   Directory for every file uaa-token writes
	  NODE_EXTRA_CA_CERTS    Extra CA certificates, for TLS-inspecting proxies

	Examples
	  $ uaa-token --demo
	  $ uaa-token --timeout 10
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			demo: {type: 'boolean', default: false},
			timeout: {type: 'string'},
			authMethod: {type: 'string'},
		},
	},
);

const parsed = parseCliOptions(cli.flags, cli.input);
if (parsed.problem !== undefined) {
	process.stderr.write(`uaa-token: ${parsed.problem}\n`);
	process.exitCode = usageExitCode;
} else if (hasInteractiveTerminal(process.stdin, process.stdout)) {
	try {
		const {runInteractive} = await import('./source/ui/run-interactive.js');
		process.exitCode = await runInteractive(parsed.options);
	} catch (error) {
		// The screens handle every expected failure; this is the last line against a stack trace.
		process.stderr.write(`uaa-token: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	}
} else {
	process.stderr.write('uaa-token: the wizard needs an interactive terminal, and stdin or stdout is not one. Run it directly in a terminal.\n');
	process.exitCode = usageExitCode;
}
