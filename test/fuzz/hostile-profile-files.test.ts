// Property: whatever field of a profile file holds an escape sequence, C1 control, bidi override or line separator,
// or whatever prototype key the file adds, the real app in a real pty (picker, then the profile's cached token on
// the result screen) and `uaa-token profiles` write none of it to the terminal, and the app never crashes: the
// profile is either shown cleaned or moved aside and named, and the good profile beside it is always listed.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import {type DemoServer, startDemoServer} from '../../source/demo/demo-server.js';
import {openProfileStore} from '../../source/profiles/open-profile-store.js';
import {cachedTokenFrom, type Profile} from '../../source/profiles/profile-store.js';
import {requestToken, type Token} from '../../source/oauth/token-client.js';
import {assertNothingInjected, injections} from '../helpers/injections.js';
import {keys, spawnPtyTerminal} from '../helpers/pty-terminal.js';
import {runBuiltCli} from '../helpers/run-cli.js';

const fields = [
	'profile.url',
	'profile.clientid',
	'profile.serviceurl',
	'profile.createdAt',
	'profile.lastUsedAt',
	'token.access_token',
	'token.token_type',
	'token.scope',
	'token.jti',
	'token.tokenUrl',
] as const;
const prototypeKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const;

type Hostility = {kind: 'text'; field: (typeof fields)[number]; injection: string; at: number} | {kind: 'prototype'; where: 'root' | 'profile' | 'token'; key: string};

const hostilityArb: fc.Arbitrary<Hostility> = fc.oneof(
	{weight: 4, arbitrary: fc.record({kind: fc.constant('text' as const), field: fc.constantFrom(...fields), injection: fc.constantFrom(...injections), at: fc.nat({max: 8})})},
	{weight: 1, arbitrary: fc.record({kind: fc.constant('prototype' as const), where: fc.constantFrom('root' as const, 'profile' as const, 'token' as const), key: fc.constantFrom(...prototypeKeys)})},
);

/** The file's text with the hostility in it; prototype keys written as JSON text, since an object literal would not hold them. */
function hostileFileText(stored: Record<string, Record<string, unknown>>, hostility: Hostility): string {
	if (hostility.kind === 'text') {
		const [part, name] = hostility.field.split('.') as [string, string];
		const value = String(stored[part]![name] ?? '');
		const cut = Math.min(hostility.at, value.length);
		stored[part]![name] = value.slice(0, cut) + hostility.injection + value.slice(cut);
		return JSON.stringify(stored);
	}

	const text = JSON.stringify(stored);
	const injected = `"${hostility.key}": {"url": "https://evil.example.com", "clientid": "\\u001b]0;INJECTED-TITLE\\u0007", "polluted": true}`;
	if (hostility.where === 'root') {
		return `{${injected}, ${text.slice(1)}`;
	}

	return text.replace(`"${hostility.where}":{`, `"${hostility.where}":{${injected},`);
}

describe('hostile profile files in a real pty', () => {
	let demo: DemoServer;
	let token: Token;
	let directory: string;

	before(async () => {
		demo = await startDemoServer();
		token = await requestToken({url: demo.uaaUrl, clientId: demo.clientId, clientSecret: demo.clientSecret});
		directory = mkdtempSync(join(tmpdir(), 'uaa-token-fuzz-profiles-'));
	});

	after(async () => {
		await demo.close();
		rmSync(directory, {recursive: true, force: true});
	});

	it('no injected sequence reaches the terminal and the app keeps running, whatever the file holds', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(hostilityArb, async hostility => {
				const configDir = join(directory, `config-${run++}`);
				const store = openProfileStore({directory: configDir});
				const now = Date.now();
				const profile = (name: string, lastUsed: number): Profile => ({
					name,
					url: demo.uaaUrl,
					clientId: demo.clientId,
					serviceUrl: demo.serviceUrl,
					createdAt: new Date(now - 60_000).toISOString(),
					lastUsedAt: new Date(lastUsed).toISOString(),
					token: cachedTokenFrom(token),
				});
				store.save(profile('good', now - 30_000));
				store.save(profile('hostile', now));
				const path = store.pathOf('hostile');
				const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
				writeFileSync(path, hostileFileText(stored, hostility), {mode: 0o600});
				const what = JSON.stringify(hostility);

				const listed = await runBuiltCli(['profiles'], {env: {PATH: process.env['PATH'], UAA_TOKEN_CONFIG_DIR: configDir}});
				assert.equal(listed.code, 0, `${what}: ${listed.stderr}`);
				assert.match(listed.stdout, /\bgood\b/, `${what}: the good profile is listed`);
				assertNothingInjected(listed.stdout + listed.stderr, `profiles, ${what}`);
				assert.doesNotMatch(listed.stderr, /\n\s+at /, 'no stack trace');

				const terminal = spawnPtyTerminal({configDir, cols: 100, rows: 40});
				try {
					await terminal.waitFor('Saved profiles', 15_000);
					// The hostile profile, when it is still there, is the most recent and so the first: Enter opens it.
					// When it was moved aside, Enter opens the good one. A cached token that did not validate was dropped,
					// so the app asks for the secret and gets a new token; either way the result screen follows.
					await terminal.press(keys.enter);
					const screen = await terminal.waitFor(/Cached token for the profile|Step 3\/3 clientsecret/, 15_000);
					if (screen.includes('Step 3/3 clientsecret')) {
						await terminal.type(demo.clientSecret);
						await terminal.press(keys.enter);
						await terminal.waitFor('Token received', 15_000);
					}

					await terminal.press('i');
					await terminal.flush();
					await terminal.press('q');
					const exit = await terminal.exited;
					assert.equal(exit.exitCode, 0, `${what}: the app ends as a user ends it`);
					assertNothingInjected(terminal.rawOutput(), `app, ${what}`);
				} finally {
					await terminal.dispose();
				}

				const kept = readdirSync(join(configDir, 'profiles')).filter(file => file.endsWith('.json'));
				assert.ok(kept.includes('good.json'), `${what}: the good profile is untouched`);
			}),
			{numRuns: 20},
		);
	});
});
