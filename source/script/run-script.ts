// The non-interactive path: --print, --json and "profiles". It must never load Ink or React.

import {describeFailure} from '../errors/describe-failure.js';
import {isTokenRequestError} from '../errors/failure.js';
import {type Command, type TokenCommand, secretVariable, usageExitCode} from '../cli-options.js';
import {describeTokenState, tokenStateOf} from '../format/token-state.js';
import {requestToken, type Token} from '../oauth/token-client.js';
import {configDirectory} from '../profiles/config-directory.js';
import {openProfileStore, type Profile, type ProfileStore} from '../profiles/profile-store.js';
import {isCacheUsable, markUsed, newProfile, recordToken, tokenFromCache} from '../profiles/profile-token.js';

export type ScriptIo = {
	stdout: {write: (text: string) => unknown};
	stderr: {write: (text: string) => unknown};
	readStdin: () => Promise<string>;
	env: NodeJS.ProcessEnv;
	now?: () => number;
	/** Handed to the token client, so tests can aim it anywhere. */
	fetch?: typeof fetch;
};

class UsageError extends Error {}

function say(io: ScriptIo, message: string): void {
	io.stderr.write(`uaa-token: ${message}\n`);
}

function reportWarnings(io: ScriptIo, store: ProfileStore): void {
	for (const warning of store.warnings.splice(0)) {
		say(io, warning);
	}
}

function unknownProfile(store: ProfileStore, name: string): UsageError {
	const names = store.list().map(profile => profile.name);
	const known = names.length === 0 ? 'There are no saved profiles yet.' : `Saved profiles: ${names.join(', ')}.`;
	return new UsageError(`There is no profile named "${name}". ${known}`);
}

async function secretFor(command: TokenCommand, io: ScriptIo, profile?: Profile): Promise<string> {
	if (command.isSecretFromStdin) {
		// One line is the secret; the newline that echo or a here-string adds is not part of it.
		const secret = (await io.readStdin()).replace(/\r?\n$/, '');
		if (secret === '') {
			throw new UsageError('--client-secret-stdin read nothing from stdin. Pipe the secret in, for example: printf %s "$SECRET" | uaa-token ...');
		}

		return secret;
	}

	const fromEnvironment = io.env[secretVariable];
	if (fromEnvironment !== undefined && fromEnvironment !== '') {
		return fromEnvironment;
	}

	if (profile?.clientSecret !== undefined) {
		return profile.clientSecret;
	}

	throw new UsageError(
		profile
			? `The profile "${profile.name}" has no saved client secret. Set ${secretVariable}, or pipe it in with --client-secret-stdin.`
			: `No client secret: set ${secretVariable}, or pipe it in with --client-secret-stdin.`,
	);
}

function writeToken(command: TokenCommand, io: ScriptIo, token: Token, profileName: string | undefined, isCached: boolean, now: number): void {
	if (command.output === 'print') {
		io.stdout.write(`${token.accessToken}\n`);
		return;
	}

	const remaining = token.expiresAt === undefined ? token.expiresIn : Math.max(0, Math.floor((token.expiresAt - now) / 1000));
	const output = {
		access_token: token.accessToken,
		token_type: token.tokenType,
		expires_in: remaining ?? null,
		expires_at: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
		scope: token.scopes.join(' '),
		jti: token.jti ?? null,
		profile: profileName ?? null,
		cached: isCached,
	};
	io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

async function runTokenCommand(command: TokenCommand, io: ScriptIo, store: ProfileStore): Promise<number> {
	const now = io.now ?? Date.now;
	let profile: Profile | undefined;
	if (command.profile !== undefined) {
		profile = store.get(command.profile);
		reportWarnings(io, store);
		if (!profile) {
			throw unknownProfile(store, command.profile);
		}

		if (!command.refresh && isCacheUsable(profile.token, now())) {
			markUsed(store, profile, now());
			writeToken(command, io, tokenFromCache(profile.token, profile), profile.name, true, now());
			return 0;
		}
	}

	const existing = command.saveAs === undefined ? undefined : store.get(command.saveAs);
	// Reading the name may have moved an unreadable file aside, which the user must hear about.
	reportWarnings(io, store);
	if (existing && command.saveAs !== undefined) {
		throw new UsageError(`A profile named "${command.saveAs}" already exists. Choose another name, or remove it first: uaa-token profiles remove ${command.saveAs}`);
	}

	const clientSecret = await secretFor(command, io, profile);
	const url = profile?.url ?? command.url!;
	const clientId = profile?.clientId ?? command.clientId!;
	let token: Token;
	try {
		token = await requestToken({
			url,
			clientId,
			clientSecret,
			authMethod: command.authMethod,
			preferredMethod: profile?.authMethod,
			timeoutMs: command.timeoutMs,
			fetch: io.fetch,
			now,
		});
	} catch (error) {
		if (!isTokenRequestError(error)) {
			throw error;
		}

		const description = describeFailure(error.failure, [clientSecret]);
		say(io, `${description.title}.\n  ${description.explanation}\n  What to do: ${description.nextStep}`);
		return description.exitCode;
	}

	if (profile) {
		recordToken(store, profile, token, {now: now()});
	} else if (command.saveAs !== undefined) {
		store.save(newProfile({name: command.saveAs, url, clientId, clientSecret, token, now: now()}));
		say(io, `Saved the profile "${command.saveAs}", client secret included, in ${store.pathOf(command.saveAs)}.`);
	}

	writeToken(command, io, token, profile?.name ?? command.saveAs, false, now());
	return 0;
}

function listProfiles(io: ScriptIo, store: ProfileStore, isJson: boolean): number {
	const profiles = store.list();
	reportWarnings(io, store);
	const now = (io.now ?? Date.now)();
	if (isJson) {
		const rows = profiles.map(profile => ({
			name: profile.name,
			url: profile.url,
			clientid: profile.clientId,
			hasSavedSecret: profile.clientSecret !== undefined,
			authMethod: profile.authMethod ?? null,
			createdAt: profile.createdAt,
			lastUsedAt: profile.lastUsedAt,
			token: profile.token ? {state: tokenStateOf(profile.token.expiresAt, now), expiresAt: new Date(profile.token.expiresAt).toISOString()} : null,
		}));
		io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
		return 0;
	}

	if (profiles.length === 0) {
		say(io, `No saved profiles in ${store.directory}. Run uaa-token and save one from the result screen, or use --save NAME with --print.`);
		return 0;
	}

	const table = profiles.map(profile => [
		profile.name,
		new URL(profile.url).host,
		describeTokenState(profile.token?.expiresAt, now),
		profile.clientSecret === undefined ? 'secret not saved' : 'secret saved',
	]);
	const widths = [0, 1, 2].map(column => Math.max(...table.map(row => row[column]!.length)));
	for (const row of table) {
		io.stdout.write(`${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}\n`);
	}

	return 0;
}

export async function runScript(command: Exclude<Command, {kind: 'interactive'}>, io: ScriptIo): Promise<number> {
	try {
		const store = openProfileStore({directory: configDirectory(io.env), now: io.now});
		switch (command.kind) {
			case 'token': {
				return await runTokenCommand(command, io, store);
			}

			case 'profiles-list': {
				return listProfiles(io, store, command.isJson);
			}

			case 'profiles-remove': {
				if (!store.remove(command.name)) {
					throw unknownProfile(store, command.name);
				}

				say(io, `Removed the profile "${command.name}".`);
				return 0;
			}

			default: {
				const unhandled: never = command;
				return unhandled;
			}
		}
	} catch (error) {
		if (error instanceof UsageError) {
			say(io, error.message);
			return usageExitCode;
		}

		// Store and file-system errors name paths, never secrets.
		say(io, error instanceof Error ? error.message : String(error));
		return 1;
	}
}
