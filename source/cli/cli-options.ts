// Turns flags into one command before anything runs, so bad input ends in one clear line and exit 2.

import {type ParseArgsConfig, parseArgs} from 'node:util';
import {cleanCredential, credentialWhitespaceNotes} from '../text/credential-whitespace.js';
import {handOffFormats, type HandOffFormat, isHandOffFormat} from '../presentation/hand-off.js';
import {type AuthMethodChoice, authMethodChoices} from '../oauth/client-auth.js';
import {defaultTimeoutMs} from '../oauth/token-client.js';
import {checkUaaUrl} from '../oauth/uaa-url.js';
import {checkProfileName} from '../profiles/profile-file.js';
import {usageExitCode} from '../errors/exit-codes.js';
import type {RequestSettings} from '../core/request-settings.js';
import {passcodeVariable, passwordVariable, type ScriptCommand, secretVariable, type TokenCommand} from '../script/script-command.js';
import {grantChoices, type SignInMethod} from '../oauth/grants.js';
import {defaultRedirectPort} from '../oauth/redirect-port.js';
import {hasUnsafeCharacters} from '../text/outside-text.js';
import type {InteractiveCommand} from '../ui/interactive-command.js';



export type RawFlags = {
	demo: boolean;
	tutorial: boolean;
	screenReader: boolean;
	timeout?: string;
	authMethod?: string;
	profile?: string;
	print: boolean;
	json: boolean;
	format?: string;
	decode: boolean;
	verify: boolean;
	refresh: boolean;
	url?: string;
	clientId?: string;
	clientSecret?: string;
	clientSecretStdin: boolean;
	save?: string;
	serviceKey?: string;
	ca?: string;
	insecureStorage?: boolean;
	grant?: string;
	username?: string;
	origin?: string;
	redirectPort?: string;
	noBrowser?: boolean;
	passwordStdin?: boolean;
	passcodeStdin?: boolean;
	/** Refused, as --client-secret is: a password or passcode on the command line lands in shell history and ps. */
	password?: string;
	passcode?: string;
};

export type Command = ScriptCommand | InteractiveCommand;

export type CommandResult = {command: Command; problem?: undefined} | {command?: undefined; problem: string};

function parseRequestSettings(flags: RawFlags): RequestSettings | string {
	let timeoutMs = defaultTimeoutMs;
	if (flags.timeout !== undefined) {
		const seconds = Number(flags.timeout);
		if (flags.timeout.trim() === '' || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
			// Under 0.1 s no token endpoint can answer, and the words would have to say "0 s".
			return `--timeout takes a number of seconds from 0.1 to 3600, for example --timeout 10 (got "${flags.timeout}").`;
		}

		timeoutMs = Math.round(seconds * 1000);
	}

	const authMethod = (flags.authMethod ?? 'auto') as AuthMethodChoice;
	if (!authMethodChoices.includes(authMethod)) {
		return `--auth-method takes ${authMethodChoices.join(', ')} (got "${flags.authMethod ?? ''}").`;
	}

	if (flags.ca !== undefined && flags.ca.trim() === '') {
		return '--ca takes the path of a PEM file with CA certificates.';
	}

	if (flags.serviceKey !== undefined && flags.serviceKey.trim() === '') {
		return '--service-key takes the path of a service key file, or - to read it from stdin.';
	}

	const signIn = parseUserSignIn(flags);
	if (typeof signIn === 'string') {
		return signIn;
	}

	return {
		timeoutMs,
		authMethod,
		caPath: flags.ca,
		serviceKeyPath: flags.serviceKey,
		...(flags.insecureStorage ? {newSecretsIn: 'file' as const} : {}),
		...signIn,
	};
}

/** --grant and the flags of each way to sign in as a user; each of those flags needs its --grant, or a profile. */
function parseUserSignIn(flags: RawFlags): Pick<RequestSettings, 'userSignIn' | 'redirectPort' | 'shouldOpenBrowser'> | string {
	const grant = flags.grant?.trim();
	if (grant !== undefined && !(grantChoices as readonly string[]).includes(grant)) {
		return `--grant takes ${grantChoices.join(', ')} (got "${flags.grant ?? ''}").`;
	}

	let redirectPort = defaultRedirectPort;
	if (flags.redirectPort !== undefined) {
		redirectPort = Number(flags.redirectPort);
		if (!/^\d{1,5}$/.test(flags.redirectPort.trim()) || redirectPort < 1 || redirectPort > 65_535) {
			return `--redirect-port takes a port from 1 to 65535, for example --redirect-port ${defaultRedirectPort} (got "${flags.redirectPort}").`;
		}
	}

	const method = grant === undefined || grant === 'client_credentials' ? undefined : (grant as SignInMethod);
	const needs: Array<[string, boolean, SignInMethod]> = [
		['--username', flags.username !== undefined, 'password'],
		['--origin', flags.origin !== undefined, 'password'],
		['--password-stdin', flags.passwordStdin === true, 'password'],
		['--passcode-stdin', flags.passcodeStdin === true, 'passcode'],
		['--redirect-port', flags.redirectPort !== undefined, 'code'],
		['--no-browser', flags.noBrowser === true, 'code'],
	];
	for (const [flag, isGiven, wanted] of needs) {
		// A profile remembers how it signs in, so these may come with --profile, and apply when that is how.
		const fits = method === wanted || (flag === '--origin' && method === 'code') || (method === undefined && flags.profile !== undefined);
		if (isGiven && !fits) {
			return `${flag} is for --grant ${wanted}${flag === '--origin' ? ' or --grant code' : ''}; it does not combine with ${method === undefined ? 'client credentials (the default --grant)' : `--grant ${method}`}.`;
		}
	}

	for (const [flag, value] of [
		['--username', flags.username],
		['--origin', flags.origin],
	] as const) {
		if (value !== undefined && (value.trim() === '' || hasUnsafeCharacters(value))) {
			return `${flag} needs a value without control characters (got an empty or unreadable one).`;
		}
	}

	const username = flags.username?.trim();
	const origin = flags.origin?.trim();
	return {
		redirectPort,
		shouldOpenBrowser: flags.noBrowser !== true,
		...(method === undefined ? {} : {userSignIn: {method, ...(username === undefined ? {} : {username}), ...(origin === undefined ? {} : {origin})}}),
	};
}

function parseProfilesCommand(inputs: readonly string[], flags: RawFlags): CommandResult {
	const [, action, name, ...rest] = inputs;
	if (action === undefined || action === 'list') {
		return name === undefined ? {command: {kind: 'profiles-list', isJson: flags.json}} : {problem: `Unexpected argument "${name}". See uaa-token --help.`};
	}

	if (action === 'remove' || action === 'rm') {
		if (name === undefined || rest.length > 0) {
			return {problem: 'Name one profile to remove: uaa-token profiles remove NAME'};
		}

		return {command: {kind: 'profiles-remove', name}};
	}

	if (action === 'store-secrets') {
		if ((name !== 'keychain' && name !== 'file') || rest.length > 1) {
			return {problem: 'Say where the secrets go, and optionally which profile: uaa-token profiles store-secrets keychain|file [NAME]'};
		}

		return {command: {kind: 'profiles-store-secrets', to: name, ...(rest[0] === undefined ? {} : {name: rest[0]})}};
	}

	return {
		problem: `Unknown profiles command "${action}". Use "uaa-token profiles" to list them, "uaa-token profiles remove NAME", or "uaa-token profiles store-secrets keychain|file [NAME]".`,
	};
}

/** A RawFlags key as the user types it: screenReader is --screen-reader. */
function flagOf(key: keyof RawFlags): string {
	return `--${key.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
}

/** The output format the flags ask for: undefined for the wizard, or a problem with them. */
function requestedFormat(flags: RawFlags): HandOffFormat | undefined | {problem: string} {
	if (flags.print && flags.json) {
		return {problem: 'Choose one of --print and --json.'};
	}

	const shorthand = flags.print ? {flag: '--print', format: 'token'} : flags.json ? {flag: '--json', format: 'json'} : undefined;
	if (flags.format === undefined) {
		return shorthand?.format as HandOffFormat | undefined;
	}

	// The value is not repeated: like every flag value, it could be a secret pasted in the wrong place.
	if (!isHandOffFormat(flags.format)) {
		return {problem: `--format takes one of ${handOffFormats.join(', ')}. See uaa-token --help.`};
	}

	// A pair that asks for the same output twice (--json --format json) is accepted: it is unambiguous, and scripts
	// that assemble their flags in layers produce it innocently.
	if (shorthand !== undefined && shorthand.format !== flags.format) {
		return {problem: `${shorthand.flag} means --format ${shorthand.format}; it does not combine with --format ${flags.format}. Use one of them.`};
	}

	return flags.format;
}

/** The flag that chose scripting mode, as the user typed it, for messages. */
function scriptingFlag(flags: RawFlags, format: HandOffFormat): string {
	if (flags.format !== undefined) {
		return `--format ${format}`;
	}

	if (flags.print) {
		return '--print';
	}

	return flags.json ? '--json' : '--verify';
}

export function parseCommand(flags: RawFlags, inputs: readonly string[]): CommandResult {
	for (const [given, flag, instead] of [
		[flags.password, '--password', `Set ${passwordVariable}, or pipe it in with --password-stdin`],
		[flags.passcode, '--passcode', `Set ${passcodeVariable}, or pipe it in with --passcode-stdin`],
	] as const) {
		if (given !== undefined) {
			return {problem: `${flag} is not accepted: a secret on the command line lands in shell history and in ps. ${instead}.`};
		}
	}

	if (flags.clientSecret !== undefined) {
		// The value is never repeated: it is a secret that already reached shell history.
		return {
			problem: `--client-secret is not accepted: a secret on the command line lands in shell history and in ps. Set ${secretVariable}, or pipe it in with --client-secret-stdin.`,
		};
	}

	if (inputs[0] === 'profiles') {
		const stray =
			(['print', 'decode', 'verify', 'refresh', 'demo', 'tutorial', 'screenReader', 'clientSecretStdin'] as const).find(flag => flags[flag]) ??
			(['format', 'profile', 'url', 'clientId', 'save', 'timeout', 'authMethod', 'serviceKey', 'ca', 'insecureStorage'] as const).find(flag => flags[flag] !== undefined && flags[flag] !== false);
		if (stray) {
			return {problem: `"uaa-token profiles" takes only --json; ${flagOf(stray)} does not apply to it.`};
		}

		return parseProfilesCommand(inputs, flags);
	}

	if (inputs.length > 0) {
		return {problem: `Unexpected argument "${inputs[0]!}". See uaa-token --help.`};
	}

	const settings = parseRequestSettings(flags);
	if (typeof settings === 'string') {
		return {problem: settings};
	}

	const asked = requestedFormat(flags);
	if (typeof asked === 'object') {
		return asked;
	}

	// --verify alone is a scripted run whose output is the report; the format only stands in for the token's checks.
	const format = asked ?? (flags.verify ? 'token' : undefined);

	if (flags.decode && format !== 'json') {
		return {problem: '--decode adds the decoded JWT header and claims to the JSON output; use it with --json or --format json.'};
	}

	if (flags.profile !== undefined && (flags.url !== undefined || flags.clientId !== undefined)) {
		return {problem: 'Use either --profile NAME, or --url and --client-id, not both.'};
	}

	if (flags.serviceKey !== undefined && (flags.profile !== undefined || flags.url !== undefined || flags.clientId !== undefined)) {
		return {problem: '--service-key brings its own url and clientid; it does not combine with --profile, --url or --client-id.'};
	}

	if (flags.serviceKey === '-' && flags.clientSecretStdin) {
		return {problem: 'stdin can carry the service key or the secret, not both: the service key holds its secret already.'};
	}

	const stdinReaders = [
		['--client-secret-stdin', flags.clientSecretStdin],
		['--password-stdin', flags.passwordStdin === true],
		['--passcode-stdin', flags.passcodeStdin === true],
		['--service-key -', flags.serviceKey === '-'],
	].filter(([, isGiven]) => isGiven === true);
	if (stdinReaders.length > 1) {
		return {problem: `${stdinReaders.map(([flag]) => flag).join(' and ')} would all read stdin, which holds one thing. Give the others in the environment (${secretVariable}, ${passwordVariable}, ${passcodeVariable}).`};
	}

	if (flags.grant !== undefined && flags.profile !== undefined) {
		return {problem: '--profile signs in as the profile remembers (see uaa-token profiles); --grant is for new values. Save a user\'s sign-in as a new profile with --grant and --save NAME.'};
	}

	if (flags.profile !== undefined && checkProfileName(flags.profile) !== undefined) {
		return {problem: `"${flags.profile}" is not a profile name. ${checkProfileName(flags.profile)!}`};
	}

	// One whitespace rule for url and clientid from every source, the wizard's included: ends trimmed, the inside kept and flagged.
	const notices: string[] = [];
	const cleaned = (field: 'url' | 'clientid', flag: string, raw: string | undefined): string | undefined => {
		if (raw === undefined) {
			return undefined;
		}

		const result = cleanCredential(field, raw);
		notices.push(...credentialWhitespaceNotes(field, flag, result));
		return result.value;
	};

	const urlInput = cleaned('url', '--url', flags.url);
	if (urlInput !== undefined) {
		const check = checkUaaUrl(urlInput);
		if (!check.isValid) {
			return {problem: `--url: ${check.problem}`};
		}
	}

	const url = urlInput === undefined ? undefined : (checkUaaUrl(urlInput) as {baseUrl: string}).baseUrl;
	const clientId = cleaned('clientid', '--client-id', flags.clientId);
	const noticesIfAny = notices.length > 0 ? {notices} : {};
	if (format === undefined) {
		if (flags.save !== undefined || flags.clientSecretStdin) {
			return {problem: '--save and --client-secret-stdin work with --print or --json (or --format). In the wizard, press s on the result screen to save a profile.'};
		}

		if (flags.passwordStdin || flags.passcodeStdin) {
			return {problem: `${flags.passwordStdin ? '--password-stdin' : '--passcode-stdin'} works with --print or --json (or --format); the wizard asks for it, masked.`};
		}

		if (flags.tutorial && flags.profile !== undefined) {
			return {problem: '--tutorial walks the steps for new values; open a saved profile without it: uaa-token --profile NAME'};
		}

		return {
			command: {
				kind: 'interactive',
				...settings,
				isDemo: flags.demo,
				isTutorial: flags.tutorial,
				isScreenReader: flags.screenReader,
				profile: flags.profile,
				refresh: flags.refresh,
				url,
				clientId,
				...noticesIfAny,
			},
		};
	}

	const interactiveFlag = (['demo', 'tutorial', 'screenReader'] as const).find(flag => flags[flag]);
	if (interactiveFlag) {
		return {problem: `${flagOf(interactiveFlag)} is for the interactive screens; it does not combine with --print, --json, --format or --verify.`};
	}

	if (flags.profile === undefined && flags.serviceKey === undefined && (url === undefined || !clientId)) {
		return {
			problem: `${scriptingFlag(flags, format)} needs --profile NAME, --service-key FILE, or --url URL and --client-id ID with the secret in ${secretVariable} or on stdin with --client-secret-stdin.`,
		};
	}

	if (format === 'curl' && flags.profile === undefined && flags.serviceKey === undefined) {
		// Refused before any request, so no token is spent on a command that could not be written.
		return {
			problem: `--format curl calls the service's API url, the top-level url of a service key, which --url and --client-id do not give (--url is the uaa url). Use --service-key FILE or a profile saved from one, or --format header: curl -g -H "$(uaa-token ... --format header)" URL`,
		};
	}

	if (format === 'refresh-token' && flags.profile === undefined && settings.userSignIn === undefined) {
		// Refused before any request: the app's own token never comes with a refresh token.
		return {
			problem: '--format refresh-token prints the refresh token that comes with a user token; the app\'s own token (client credentials) has none. Add --grant password, passcode or code, or name a user profile with --profile NAME.',
		};
	}

	if (flags.insecureStorage && flags.save === undefined) {
		return {problem: '--insecure-storage chooses where a new profile keeps its secret; use it with --save NAME (or in the wizard).'};
	}

	if (flags.save !== undefined) {
		if (flags.profile !== undefined) {
			return {problem: '--save stores new values as a profile; it does not combine with --profile.'};
		}

		const problem = checkProfileName(flags.save);
		if (problem) {
			return {problem: `--save: ${problem}`};
		}
	}

	return {
		command: {
			kind: 'token',
			...settings,
			format,
			shouldDecode: flags.decode,
			...(flags.verify ? {verification: asked === undefined ? ('alone' as const) : ('beside' as const)} : {}),
			refresh: flags.refresh,
			profile: flags.profile,
			url,
			clientId,
			isSecretFromStdin: flags.clientSecretStdin,
			...(flags.passwordStdin ? {userSecretFromStdin: 'password' as const} : flags.passcodeStdin ? {userSecretFromStdin: 'passcode' as const} : {}),
			saveAs: flags.save,
			...noticesIfAny,
		},
	};
}

// Node's own parser: meow and its dependencies took longer to load than a whole cached --print is allowed to.
const flagOptions = {
	demo: {type: 'boolean'},
	tutorial: {type: 'boolean'},
	'screen-reader': {type: 'boolean'},
	timeout: {type: 'string'},
	'auth-method': {type: 'string'},
	profile: {type: 'string'},
	print: {type: 'boolean'},
	json: {type: 'boolean'},
	format: {type: 'string'},
	decode: {type: 'boolean'},
	verify: {type: 'boolean'},
	refresh: {type: 'boolean'},
	url: {type: 'string'},
	'client-id': {type: 'string'},
	// Declared only to refuse it with a reason, rather than a bare "Unknown flag".
	'client-secret': {type: 'string'},
	'client-secret-stdin': {type: 'boolean'},
	save: {type: 'string'},
	'service-key': {type: 'string'},
	ca: {type: 'string'},
	'insecure-storage': {type: 'boolean'},
	grant: {type: 'string'},
	username: {type: 'string'},
	origin: {type: 'string'},
	'redirect-port': {type: 'string'},
	// Node 20's parser knows no negated flags: --no-browser is a flag of its own.
	'no-browser': {type: 'boolean'},
	'password-stdin': {type: 'boolean'},
	'passcode-stdin': {type: 'boolean'},
	// Declared only to refuse them with a reason, as --client-secret is.
	password: {type: 'string'},
	passcode: {type: 'string'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean'},
} as const satisfies ParseArgsConfig['options'];

/** Every flag uaa-token knows, so the help can be checked against it. */
export const flagNames = Object.keys(flagOptions);

export type ArgumentsResult = {wants: 'help' | 'version'} | CommandResult;

/** Reads argv into one command; every message names flags only, never a value, which may be a secret. */
export function readArguments(argv: readonly string[]): ArgumentsResult {
	const secretFlag = /^--client-secret(=|$)/;
	if (argv.some(argument => secretFlag.test(argument))) {
		return parseCommand({...noFlags, clientSecret: ''}, []);
	}

	// Refused before parsing, so no parser message can quote the value.
	for (const flag of ['password', 'passcode'] as const) {
		if (argv.some(argument => argument === `--${flag}` || argument.startsWith(`--${flag}=`))) {
			return parseCommand({...noFlags, [flag]: ''}, []);
		}
	}

	let parsed;
	try {
		parsed = parseArgs({args: joinDashedValues(argv), options: flagOptions, strict: true, allowPositionals: true});
	} catch (error) {
		return {problem: argumentProblem(error)};
	}

	const {values, positionals} = parsed;
	if (values.help) {
		return {wants: 'help'};
	}

	if (values.version) {
		return {wants: 'version'};
	}

	return parseCommand(
		{
			demo: values.demo ?? false,
			tutorial: values.tutorial ?? false,
			screenReader: values['screen-reader'] ?? false,
			timeout: values.timeout,
			authMethod: values['auth-method'],
			profile: values.profile,
			print: values.print ?? false,
			json: values.json ?? false,
			format: values.format,
			decode: values.decode ?? false,
			verify: values.verify ?? false,
			refresh: values.refresh ?? false,
			url: values.url,
			clientId: values['client-id'],
			clientSecretStdin: values['client-secret-stdin'] ?? false,
			save: values.save,
			serviceKey: values['service-key'],
			ca: values.ca,
			insecureStorage: values['insecure-storage'] ?? false,
			grant: values.grant,
			username: values.username,
			origin: values.origin,
			redirectPort: values['redirect-port'],
			noBrowser: values['no-browser'] ?? false,
			passwordStdin: values['password-stdin'] ?? false,
			passcodeStdin: values['passcode-stdin'] ?? false,
			password: values.password,
			passcode: values.passcode,
		},
		positionals,
	);
}

/**
 * Node's parser reads a value that starts with a dash as another flag ("--timeout -5", "--service-key -"); joined
 * as --flag=value, it stays the value, so the value's own check can answer it.
 */
function joinDashedValues(argv: readonly string[]): string[] {
	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		const next = argv[index + 1];
		const isStringFlag = argument.startsWith('--') && flagOptions[argument.slice(2) as keyof typeof flagOptions]?.type === 'string';
		if (isStringFlag && next?.startsWith('-') && !next.startsWith('--')) {
			joined.push(`${argument}=${next}`);
			index++;
		} else {
			joined.push(argument);
		}
	}

	return joined;
}

const noFlags: RawFlags = {demo: false, tutorial: false, screenReader: false, print: false, json: false, decode: false, verify: false, refresh: false, clientSecretStdin: false};

function argumentProblem(error: unknown): string {
	const code = (error as {code?: unknown}).code;
	const message = error instanceof Error ? error.message : '';
	const flag = /'(-{1,2}[^'\s=]+)/.exec(message)?.[1] ?? 'a flag';
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
		return `Unknown flag ${flag}. See uaa-token --help.`;
	}

	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		const isSwitch = message.includes('does not take an argument');
		return isSwitch
			? `${flag} is a switch and takes no value. See uaa-token --help.`
			: `${flag} needs a value, for example ${flag}=VALUE when the value starts with a dash. See uaa-token --help.`;
	}

	return 'The arguments could not be read. See uaa-token --help.';
}

export function hasInteractiveTerminal(stdin: {isTTY?: boolean}, stdout: {isTTY?: boolean}): boolean {
	return stdin.isTTY === true && stdout.isTTY === true;
}
