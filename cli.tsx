#!/usr/bin/env node
import process from 'node:process';
import packageJson from './package.json' with {type: 'json'};
import {hasInteractiveTerminal, readArguments, usageExitCode} from './source/cli-options.js';
import {configDirectory} from './source/profiles/config-directory.js';
import {descriptorWriter} from './source/script/descriptor-writer.js';

const helpText = () => `
  ${packageJson.description}

  Usage
    $ uaa-token [options]              the wizard, or the profile picker
    $ uaa-token --profile NAME --print the token of a saved profile, for scripts
    $ uaa-token profiles [--json]      list saved profiles
    $ uaa-token profiles remove NAME   remove one

  Opens a step-by-step wizard that asks for url, clientid and clientsecret
  from the "uaa" section of a service key, requests an OAuth access token
  with the client_credentials grant, and shows every field of the answer.
  Saved profiles open a picker first.

  Options
    --demo                 Practise on the built-in XSUAA look-alike server
                           (127.0.0.1); its values are shown at each step
    --profile NAME         Use a saved profile; without --print or --json
                           it opens the profile's result screen
    --print                Print only the access token, for scripts
    --json                 Print access_token, token_type, expires_in,
                           expires_at, scope, jti, profile and cached as JSON
    --refresh              Ignore the cached token and request a new one
    --service-key FILE     Read url, clientid and clientsecret (or the X.509
                           certificate and key) from a service key file;
                           - reads it from stdin. cf service-key output,
                           {"credentials": ...} and VCAP_SERVICES work too
    --ca FILE              Also trust the CA certificates in this PEM file
                           (a TLS-inspecting proxy); saved with --save
    --url URL              The uaa url, instead of a profile
    --client-id ID         The clientid, instead of a profile
    --client-secret-stdin  Read the clientsecret from stdin; otherwise it
                           comes from UAA_TOKEN_CLIENT_SECRET (never from
                           an argument, which would land in shell history)
    --save NAME            With --print/--json: save the values used,
                           secret included, as a profile
    --timeout SECONDS      Give up on the token request after this long
                           (default 30)
    --auth-method METHOD   How to send clientid and clientsecret:
                           auto  body first, HTTP Basic on a 401 (default)
                           post  in the form body, as SAP's libraries do
                           basic HTTP Basic, URL-encoded as RFC 6749 asks
    --help                 Show this help
    --version              Show the version

  Keys
    Picker: arrows move, Enter chooses, type to filter, d delete, r rename,
            e edit
    Wizard: Enter next, Esc back, Tab fill the demo value (--demo)
    Result: v show/hide the token, c copy it, s save as a profile,
            R new token, q quit; Ctrl+C quits at any time

  Exit codes
    0 success   1 the server refused   2 usage or input error
    3 network, TLS, timeout or 5xx   130 cancelled with Ctrl+C

  Environment
    UAA_TOKEN_CONFIG_DIR     Directory for every file uaa-token writes; now
                             ${configDirectory()}
    UAA_TOKEN_CLIENT_SECRET  The clientsecret for --print and --json
    HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                             Proxies, upper or lower case, as curl reads them
    NODE_EXTRA_CA_CERTS      Extra CA certificates, for TLS-inspecting proxies

  Examples
    $ uaa-token --demo
    $ uaa-token --profile mysubaccount --print
    $ uaa-token --service-key key.json --json --save mysubaccount
    $ cf service-key my-instance my-key | uaa-token --service-key - --print
    $ UAA_TOKEN_CLIENT_SECRET=... uaa-token --url https://sub.authentication.eu10.hana.ondemand.com \\
        --client-id 'sb-app!t1' --json --save sub
`;

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
				async readStdin() {
					const chunks: Buffer[] = [];
					for await (const chunk of process.stdin) {
						chunks.push(chunk as Buffer);
					}

					return Buffer.concat(chunks).toString('utf8');
				},
			});
		} else if (hasInteractiveTerminal(process.stdin, process.stdout)) {
			const {runInteractive} = await import('./source/ui/run-interactive.js');
			process.exitCode = await runInteractive(parsed.command);
		} else {
			stderr.write('uaa-token: no interactive terminal here (stdin or stdout is not a TTY); use --print or --json, for example: uaa-token --profile NAME --print\n');
			process.exitCode = usageExitCode;
		}
	} catch (error) {
		// Every expected failure is handled where it happens; this is the last line against a stack trace.
		stderr.write(`uaa-token: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	}
}

void main();
