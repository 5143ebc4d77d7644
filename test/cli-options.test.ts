import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseCommand, type RawFlags, readArguments} from '../source/cli/cli-options.js';

const noFlags: RawFlags = {demo: false, tutorial: false, screenReader: false, print: false, json: false, decode: false, verify: false, refresh: false, clientSecretStdin: false};

function parse(flags: Partial<RawFlags>, inputs: string[] = []) {
	return parseCommand({...noFlags, ...flags}, inputs);
}

describe('parseCommand', () => {
	it('opens the wizard without flags', () => {
		assert.deepEqual(parse({}).command, {
			kind: 'interactive',
			timeoutMs: 30_000,
			authMethod: 'auto',
			caPath: undefined,
			serviceKeyPath: undefined,
			redirectPort: 8765,
			shouldOpenBrowser: true,
			isDemo: false,
			isTutorial: false,
			isScreenReader: false,
			profile: undefined,
			refresh: false,
			url: undefined,
			clientId: undefined,
		});
	});

	it('takes --tutorial with --demo, and --screen-reader, for the interactive screens only', () => {
		const tutorial = readArguments(['--tutorial', '--demo', '--screen-reader']);
		assert.ok('command' in tutorial && tutorial.command?.kind === 'interactive');
		assert.ok(tutorial.command.isTutorial && tutorial.command.isDemo && tutorial.command.isScreenReader);
		assert.match(parse({tutorial: true, profile: 'p'}).problem ?? '', /--tutorial walks the steps for new values/);
		assert.match(parse({tutorial: true, profile: 'p', print: true}).problem ?? '', /--tutorial is for the interactive screens/);
		assert.match(parse({screenReader: true, profile: 'p', json: true}).problem ?? '', /--screen-reader is for the interactive screens/);
		assert.match(parse({screenReader: true}, ['profiles']).problem ?? '', /--screen-reader does not apply to it/);
	});

	it('opens a profile interactively with --profile alone', () => {
		assert.equal(parse({profile: 'prod'}).command?.kind, 'interactive');
	});

	it('scripts with --print or --json, from a profile or from url and client id', () => {
		const fromProfile = parse({profile: 'prod', print: true}).command;
		assert.ok(fromProfile?.kind === 'token' && fromProfile.format === 'token' && fromProfile.profile === 'prod');
		const fromValues = parse({url: 'https://sub.authentication.eu10.hana.ondemand.com/oauth/token', clientId: ' sb-x!t1 ', json: true, save: 'sub'}).command;
		assert.ok(fromValues?.kind === 'token');
		assert.equal(fromValues.url, 'https://sub.authentication.eu10.hana.ondemand.com');
		assert.equal(fromValues.clientId, 'sb-x!t1');
		assert.equal(fromValues.saveAs, 'sub');
	});

	it('refuses a secret as an argument without repeating it', () => {
		const {problem} = parse({clientSecret: 'S3cr3t-Value'});
		assert.match(problem ?? '', /not accepted.*UAA_TOKEN_CLIENT_SECRET.*--client-secret-stdin/);
		assert.ok(!problem!.includes('S3cr3t-Value'));
	});

	for (const [label, flags, inputs, pattern] of [
		['--print and --json together', {print: true, json: true, profile: 'p'}, [], /one of --print and --json/],
		['--print without values', {print: true}, [], /needs --profile NAME, --service-key FILE, or --url URL and --client-id ID/],
		['--profile with --url', {profile: 'p', url: 'https://x.test', print: true}, [], /either --profile/],
		['a bad profile name', {profile: '../etc', print: true}, [], /not a profile name/],
		['an insecure --url', {url: 'http://sub.example.test', clientId: 'x', print: true}, [], /unencrypted/],
		['--save with --profile', {profile: 'p', save: 'q', print: true}, [], /does not combine with --profile/],
		['--save in the wizard', {save: 'q'}, [], /work with --print or --json/],
		['--service-key with --profile', {serviceKey: 'key.json', profile: 'p', print: true}, [], /does not combine with --profile, --url or --client-id/],
		['a service key and a secret both on stdin', {serviceKey: '-', clientSecretStdin: true, print: true}, [], /not both/],
		['a password and a secret both on stdin', {clientSecretStdin: true, passwordStdin: true, grant: 'password', url: 'https://a.authentication.eu10.hana.ondemand.com', clientId: 'x', print: true}, [], /would all read stdin/],
		['--password-stdin in the wizard', {passwordStdin: true, grant: 'password'}, [], /the wizard asks for it, masked/],
		['--grant with --profile', {grant: 'code', profile: 'p', print: true}, [], /--profile signs in as the profile remembers/],
		['--redirect-port out of range', {grant: 'code', redirectPort: '70000', print: true, profile: undefined}, [], /--redirect-port takes a port from 1 to 65535/],
		['--username without --grant password', {username: 'jane', print: true}, [], /--username is for --grant password/],
		['--ca on the profiles command', {ca: 'ca.pem'}, ['profiles'], /--ca does not apply/],
		['--demo with --print', {demo: true, print: true, profile: 'p'}, [], /does not combine/],
		['a stray argument', {}, ['token'], /Unexpected argument "token"/],
		['profiles remove without a name', {}, ['profiles', 'remove'], /Name one profile/],
		['an unknown profiles command', {}, ['profiles', 'purge'], /Unknown profiles command/],
		['token flags on the profiles command', {print: true}, ['profiles'], /takes only --json; --print does not apply/],
		['--client-id on the profiles command', {clientId: 'x'}, ['profiles'], /--client-id does not apply/],
		['--format on the profiles command', {format: 'json'}, ['profiles'], /--format does not apply/],
		['--decode on the profiles command', {decode: true, json: true}, ['profiles'], /--decode does not apply/],
		['an unknown --format', {format: 'yaml', profile: 'p'}, [], /^--format takes one of token, json, header, env, curl, refresh-token\./],
		['--print with --format json', {print: true, format: 'json', profile: 'p'}, [], /^--print means --format token; it does not combine with --format json/],
		['--json with --format env', {json: true, format: 'env', profile: 'p'}, [], /^--json means --format json; it does not combine with --format env/],
		['--print and --json with --format', {print: true, json: true, format: 'token', profile: 'p'}, [], /one of --print and --json/],
		['--decode with --print', {decode: true, print: true, profile: 'p'}, [], /--decode .* use it with --json or --format json/],
		['--decode with --format header', {decode: true, format: 'header', profile: 'p'}, [], /--decode .* use it with --json or --format json/],
		['--decode in the wizard', {decode: true, profile: 'p'}, [], /--decode .* use it with --json or --format json/],
		['--format without values', {format: 'env'}, [], /^--format env needs --profile NAME/],
		['--format curl with --url', {format: 'curl', url: 'https://sub.authentication.eu10.hana.ondemand.com', clientId: 'x'}, [], /--format curl .*--url and --client-id .*--format header: curl -g -H "\$\(uaa-token \.\.\. --format header\)" URL/],
		['--format with --demo', {format: 'token', demo: true, profile: 'p'}, [], /does not combine with --print, --json, --format or --verify/],
	] as Array<[string, Partial<RawFlags>, string[], RegExp]>) {
		it(`refuses ${label}`, () => {
			assert.match(parse(flags, inputs).problem ?? 'no problem reported', pattern);
		});
	}

	it('reads --print as --format token and --json as --format json, and --format alone scripts too', () => {
		for (const [flags, format] of [
			[{print: true}, 'token'],
			[{json: true}, 'json'],
			[{format: 'header'}, 'header'],
			[{format: 'env'}, 'env'],
			[{format: 'curl'}, 'curl'],
			[{format: 'token'}, 'token'],
			[{format: 'json', decode: true}, 'json'],
		] as Array<[Partial<RawFlags>, string]>) {
			const command = parse({profile: 'p', ...flags}).command;
			assert.ok(command?.kind === 'token', JSON.stringify(flags));
			assert.equal(command.format, format);
			assert.equal(command.shouldDecode, flags.decode === true);
		}
	});

	it('accepts a shorthand with the --format it stands for', () => {
		for (const flags of [{print: true, format: 'token'}, {json: true, format: 'json', decode: true}]) {
			const command = parse({profile: 'p', ...flags}).command;
			assert.ok(command?.kind === 'token', JSON.stringify(flags));
			assert.equal(command.format, flags.format);
		}
	});

	it('leaves --format curl with a service key or a profile to the run, which knows whether they have an API url', () => {
		assert.equal(parse({format: 'curl', serviceKey: 'key.json'}).command?.kind, 'token');
		assert.equal(parse({format: 'curl', profile: 'p'}).command?.kind, 'token');
	});

	it('scripts with --service-key alone, and keeps --ca', () => {
		const command = parse({serviceKey: 'key.json', ca: 'corp.pem', print: true}).command;
		assert.ok(command?.kind === 'token');
		assert.equal(command.serviceKeyPath, 'key.json');
		assert.equal(command.caPath, 'corp.pem');
	});

	it('trims --url and --client-id and says so per flag, for the wizard and for scripts alike', () => {
		const url = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
		for (const extra of [{}, {print: true}]) {
			const command = parse({url: ` ${url}\n`, clientId: 'sb-app!t1\t', ...extra}).command;
			assert.ok(command?.kind === 'interactive' || command?.kind === 'token');
			assert.equal(command.url, url);
			assert.equal(command.clientId, 'sb-app!t1');
			assert.deepEqual(command.notices, ['removed whitespace around the url from --url.', 'removed whitespace around the clientid from --client-id.']);
		}

		const inner = parse({url, clientId: 'sb-app !t1', print: true}).command;
		assert.ok(inner?.kind === 'token');
		assert.equal(inner.clientId, 'sb-app !t1');
		assert.match(inner.notices?.[0] ?? '', /clientid from --client-id has whitespace inside it/);
		const clean = parse({url, clientId: 'sb-app!t1', print: true}).command;
		assert.ok(clean?.kind === 'token');
		assert.equal(clean.notices, undefined);
	});

	it('reads the profiles commands', () => {
		assert.deepEqual(parse({json: true}, ['profiles']).command, {kind: 'profiles-list', isJson: true});
		assert.deepEqual(parse({}, ['profiles', 'remove', 'prod']).command, {kind: 'profiles-remove', name: 'prod'});
	});
});

describe('readArguments', () => {
	it('reads kebab-case flags, --flag=value and positional commands into one command', () => {
		const result = readArguments(['--profile', 'prod', '--print', '--timeout=10', '--auth-method', 'basic']);
		assert.ok(!('wants' in result) && result.command?.kind === 'token');
		assert.equal(result.command.profile, 'prod');
		assert.equal(result.command.timeoutMs, 10_000);
		assert.equal(result.command.authMethod, 'basic');
		const formatted = readArguments(['--profile', 'prod', '--format', 'json', '--decode']);
		assert.ok(!('wants' in formatted) && formatted.command?.kind === 'token');
		assert.equal(formatted.command.format, 'json');
		assert.equal(formatted.command.shouldDecode, true);
		const listing = readArguments(['profiles', '--json']);
		assert.ok(!('wants' in listing));
		assert.deepEqual(listing.command, {kind: 'profiles-list', isJson: true});
	});

	it('keeps a value that starts with a dash as the value, so "-" means stdin and "-5" gets its own message', () => {
		const fromStdin = readArguments(['--service-key', '-', '--print']);
		assert.ok(!('wants' in fromStdin) && fromStdin.command?.kind === 'token');
		assert.equal(fromStdin.command.serviceKeyPath, '-');
		const negative = readArguments(['--timeout', '-5']);
		assert.ok(!('wants' in negative));
		assert.match(negative.problem ?? '', /--timeout takes a number of seconds/);
	});

	it('answers --help, -h and --version before anything else', () => {
		assert.deepEqual(readArguments(['--print', '--help']), {wants: 'help'});
		assert.deepEqual(readArguments(['-h']), {wants: 'help'});
		assert.deepEqual(readArguments(['--version']), {wants: 'version'});
	});

	it('names unknown flags, switches given values and flags missing theirs, never repeating a value', () => {
		const problemOf = (argv: string[]) => {
			const result = readArguments(argv);
			return 'wants' in result ? undefined : result.problem;
		};

		assert.equal(problemOf(['--bogus=hunter2']), 'Unknown flag --bogus. See uaa-token --help.');
		assert.equal(problemOf(['-x']), 'Unknown flag -x. See uaa-token --help.');
		assert.match(problemOf(['--print=hunter2']) ?? '', /^--print is a switch and takes no value/);
		assert.match(problemOf(['--url']) ?? '', /^--url needs a value/);
		assert.match(problemOf(['--url', '--print']) ?? '', /^--url needs a value/);
		assert.match(problemOf(['--format']) ?? '', /^--format needs a value/);
		assert.match(problemOf(['--decode=yes']) ?? '', /^--decode is a switch/);
		assert.equal(problemOf(['--profile', 'p', '--format', 'hunter2']), '--format takes one of token, json, header, env, curl, refresh-token. See uaa-token --help.');
		for (const argv of [['--bogus=hunter2'], ['--print=hunter2']]) {
			assert.ok(!problemOf(argv)?.includes('hunter2'));
		}
	});

	it('refuses --client-secret in every spelling, before any other problem, without its value', () => {
		for (const argv of [['--client-secret', 'hunter2'], ['--client-secret=hunter2', '--bogus'], ['--print', '--client-secret']]) {
			const result = readArguments(argv);
			assert.ok(!('wants' in result));
			assert.match(result.problem ?? '', /--client-secret is not accepted/);
			assert.ok(!result.problem?.includes('hunter2'));
		}
	});
});
