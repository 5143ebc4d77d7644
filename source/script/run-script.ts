// The non-interactive path: --print, --json, --format and "profiles". It must never load Ink or React.

import {describeFailure} from '../presentation/describe-failure.js';
import {isTokenRequestError} from '../errors/failure.js';
import {localFileExitCode, refusedExitCode, successExitCode, usageExitCode} from '../errors/exit-codes.js';
import {describeLocalFileError, isLocalFileError, LocalFileError} from '../errors/local-file.js';
import {keychainPlace} from '../profiles/keychain.js';
import {cleanOutsideText} from '../text/outside-text.js';
import {type BoundedRead, BoundedReadError, caRead, readBoundedFile, secretStdinRead, serviceKeyRead} from '../files/read-bounded-text.js';
import {passcodeVariable, passwordVariable, type ScriptCommand, secretVariable, type TokenCommand, usernameVariable} from './script-command.js';
import type {UserSignInRecord} from '../profiles/profile-file.js';
import {type Grant, passcodeUrlFor} from '../oauth/grants.js';
import {type TokenRequestError} from '../errors/failure.js';
import {refreshExpiryOf, userTokenLabel} from '../presentation/user-token.js';
import {cleanCredential, credentialWhitespaceNotes} from '../text/credential-whitespace.js';
import {apiUrlProblem, authorizationHeader, curlCommand, envExport} from '../presentation/hand-off.js';
import {savedProfileMessage, secretPlaceLabel, unknownProfileMessage} from '../presentation/profile-words.js';
import {describeTokenState, tokenStateOf} from '../presentation/token-state.js';
import {type CredentialFields, type Credentials, credentialsFromFields, x509Of} from '../oauth/credentials.js';
import type {TokenVerification} from '../oauth/verify-token.js';
import {verificationExitCode, verificationJson, verificationText} from '../presentation/verification-words.js';
import {decodeJwt} from '../oauth/decode-jwt.js';
import {fetchToken} from '../oauth/fetch-token.js';
import type {Token} from '../oauth/token-client.js';
import {configDirectory} from '../profiles/config-directory.js';
import {type Profile, readProfileFile} from '../profiles/profile-file.js';
import {createProfileStore, type ProfileStore} from '../profiles/profile-store.js';
import {getToken, type Stored, type TokenOutcome, type TokenSource, userNameOf} from '../core/token-workflow.js';
import {verifyTokenOf} from '../core/token-verification.js';
import {credentialsOfKey, parseServiceKey, type ServiceKey} from '../service-key/parse-service-key.js';

export type ScriptIo = {
	stdout: {write: (text: string) => unknown};
	stderr: {write: (text: string) => unknown};
	/** Reads stdin to its end, up to read.maxBytes; throws BoundedReadError past it. */
	readStdin: (read: BoundedRead) => Promise<string>;
	env: NodeJS.ProcessEnv;
	now?: () => number;
};

class UsageError extends Error {}

/** Every message reaches stderr through cleanOutsideText, line by line: it may quote a path, a name or a server's words. */
function say(io: ScriptIo, message: string): void {
	io.stderr.write(`uaa-token: ${message.split('\n').map(line => cleanOutsideText(line)).join('\n')}\n`);
}

/** A local file problem in words: the path, what is wrong, what to do. */
function localFileMessage(error: unknown): string {
	if (isLocalFileError(error)) {
		const {title, whatToDo} = describeLocalFileError(error);
		return `${title}.\n  What to do: ${whatToDo}`;
	}

	return 'An unexpected problem with a local file.';
}

function reportWarnings(io: ScriptIo, store: ProfileStore): void {
	for (const warning of store.warnings.splice(0)) {
		say(io, warning);
	}
}

function unknownProfile(store: ProfileStore, name: string): UsageError {
	return new UsageError(unknownProfileMessage(name, store.list().map(profile => profile.name)));
}

/** The one whitespace rule for a secret from stdin or the environment: ends trimmed and said so, the inside kept and flagged. */
function cleanedSecret(io: ScriptIo, raw: string, source: string): string {
	const cleaned = cleanCredential('clientsecret', raw);
	for (const note of credentialWhitespaceNotes('clientsecret', source, cleaned)) {
		say(io, note);
	}

	return cleaned.value;
}

async function secretFor(command: TokenCommand, io: ScriptIo, profile?: Profile): Promise<string> {
	if (command.isSecretFromStdin) {
		// The one newline that echo or a here-string adds ends the line and is not worth a remark; anything more is.
		const stdin = await io.readStdin(secretStdinRead);
		const secret = cleanedSecret(io, stdin.replace(/\r?\n$/, ''), '--client-secret-stdin');
		if (secret === '') {
			throw new UsageError('--client-secret-stdin read nothing from stdin. Pipe the secret in, for example: printf %s "$SECRET" | uaa-token ...');
		}

		return secret;
	}

	const fromEnvironment = io.env[secretVariable];
	if (fromEnvironment !== undefined && fromEnvironment !== '') {
		const secret = cleanedSecret(io, fromEnvironment, secretVariable);
		if (secret === '') {
			throw new UsageError(`${secretVariable} holds only whitespace. Set it to the clientsecret of the service key.`);
		}

		return secret;
	}

	if (profile?.clientSecret !== undefined) {
		return profile.clientSecret;
	}

	const storage = profile?.secretStorage;
	if (profile && storage?.kind === 'keychain' && storage.problem !== undefined) {
		throw new LocalFileError(
			keychainPlace(storage.account),
			`holds the client secret of the profile "${profile.name}", but ${storage.problem}`,
			`Unlock the keychain, or run this in the desktop session that has it; the profile was left as it is. Or set ${secretVariable} for this run.`,
		);
	}

	throw new UsageError(
		profile
			? `The profile "${profile.name}" has no saved client secret${storage?.kind === 'keychain' && storage.isEntryGone ? ' (its keychain entry is gone)' : ''}. Set ${secretVariable}, or pipe it in with --client-secret-stdin.`
			: `No client secret: set ${secretVariable}, or pipe it in with --client-secret-stdin.`,
	);
}

/** A user's password or passcode: from stdin when its flag says so, else from the environment; undefined when neither. */
async function userSecretFor(kind: 'password' | 'passcode', command: TokenCommand, io: ScriptIo): Promise<string | undefined> {
	const [flag, variable] = kind === 'password' ? ['--password-stdin', passwordVariable] : ['--passcode-stdin', passcodeVariable];
	if (command.userSecretFromStdin === kind) {
		const stdin = (await io.readStdin(secretStdinRead)).replace(/\r?\n$/, '');
		// A password may begin or end with a space; only the line break a pipe adds is taken off.
		const secret = kind === 'password' ? stdin : stdin.trim();
		if (secret === '') {
			throw new UsageError(`${flag} read nothing from stdin. Pipe it in, for example: printf %s "$${kind === 'password' ? 'PASSWORD' : 'PASSCODE'}" | uaa-token ...`);
		}

		return secret;
	}

	const fromEnvironment = io.env[variable];
	return fromEnvironment === undefined || fromEnvironment === '' ? undefined : kind === 'password' ? fromEnvironment : fromEnvironment.trim();
}

/**
 * The user's grant for a script. A refused refresh is answered by signing in again only with a password or passcode
 * given for this run: a script never opens a browser it was not asked to, nor waits for a person.
 */
async function scriptUserGrant(
	record: UserSignInRecord,
	{refusedRefresh, credentials, profileName}: {refusedRefresh?: TokenRequestError; credentials: Credentials; profileName?: string},
	command: TokenCommand,
	io: ScriptIo,
	keepSecret: (secret: string) => void,
): Promise<Grant> {
	const again = profileName === undefined ? '' : ` (or sign in again in a terminal: uaa-token --profile ${profileName})`;
	switch (record.method) {
		case 'password': {
			const username = record.username ?? io.env[usernameVariable]?.trim();
			const password = await userSecretFor('password', command, io);
			if (username === undefined || username === '' || password === undefined) {
				if (refusedRefresh) {
					throw refusedRefresh;
				}

				throw new UsageError(
					`Signing in as a user needs ${username ? '' : `the user name (--username or ${usernameVariable}) and `}the password: set ${passwordVariable}, or pipe it in with --password-stdin${again}.`,
				);
			}

			keepSecret(password);
			return {type: 'password', username, password, ...(record.origin === undefined ? {} : {origin: record.origin})};
		}

		case 'passcode': {
			const passcode = await userSecretFor('passcode', command, io);
			if (passcode === undefined) {
				if (refusedRefresh) {
					throw refusedRefresh;
				}

				throw new UsageError(`Get a one-time passcode at ${passcodeUrlFor(credentials.url)}, then pipe it in with --passcode-stdin or set ${passcodeVariable}${again}.`);
			}

			keepSecret(passcode);
			return {type: 'passcode', passcode};
		}

		case 'code': {
			if (refusedRefresh) {
				throw refusedRefresh;
			}

			const {browserSignIn, browserSignInMinimumMs} = await import('../oauth/browser-sign-in.js');
			return browserSignIn({
				baseUrl: credentials.url,
				clientId: credentials.clientId,
				port: command.redirectPort,
				origin: record.origin,
				timeoutMs: Math.max(command.timeoutMs, browserSignInMinimumMs),
				async showUrl(url) {
					say(io, `Sign in in the browser at:\n${url}`);
					if (command.shouldOpenBrowser) {
						const {openBrowser} = await import('../oauth/open-browser.js');
						const opened = await openBrowser(url);
						if (!opened.isOpened) {
							say(io, `No browser could be opened (${opened.reason}); open the url above in one.`);
						}
					}
				},
			});
		}
	}
}

function tokenJson(
	command: TokenCommand,
	io: ScriptIo,
	token: Token,
	{profileName, isCached, now, verification}: {profileName?: string; isCached: boolean; now: number; verification?: TokenVerification},
): string {
	const remaining = token.expiresAt === undefined ? token.expiresIn : Math.max(0, Math.floor((token.expiresAt - now) / 1000));
	const refreshExpiresAt = refreshExpiryOf(token);
	const output: Record<string, unknown> = {
		access_token: token.accessToken,
		token_type: token.tokenType,
		expires_in: remaining ?? null,
		expires_at: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
		scope: token.scopes.join(' '),
		jti: token.jti ?? null,
		profile: profileName ?? null,
		cached: isCached,
		grant_type: token.grantType ?? 'client_credentials',
		user_name: userNameOf(token) ?? null,
		refresh_expires_at: refreshExpiresAt === undefined ? null : new Date(refreshExpiresAt).toISOString(),
	};
	if (command.shouldDecode) {
		const decoded = decodeJwt(token.accessToken);
		if (!decoded.isJwt) {
			// Opaque tokens are valid answers, so this is a remark rather than a failure; null keeps the keys stable for jq.
			say(io, decoded.problem);
		}

		output['header'] = decoded.isJwt ? decoded.header : null;
		output['claims'] = decoded.isJwt ? decoded.claims : null;
		output['verification'] = verification === undefined ? null : verificationJson(verification, now);
	}

	return JSON.stringify(output, null, 2);
}

/** apiUrl is checked by apiUrlFor before any token is requested, so format curl always has one here. */
function writeToken(
	command: TokenCommand,
	io: ScriptIo,
	token: Token,
	context: {profileName?: string; apiUrl?: string; isCached: boolean; now: number; verification?: TokenVerification},
): void {
	const {format} = command;
	let text: string;
	switch (format) {
		case 'token': {
			text = token.accessToken;
			break;
		}

		case 'json': {
			text = tokenJson(command, io, token, context);
			break;
		}

		case 'header': {
			text = authorizationHeader(token.accessToken);
			break;
		}

		case 'env': {
			text = envExport(token.accessToken);
			break;
		}

		case 'curl': {
			text = curlCommand(token.accessToken, context.apiUrl!);
			break;
		}

		case 'refresh-token': {
			// Checked by the caller: a token without one exits 1 before anything is written.
			text = token.refreshToken!;
			break;
		}

		default: {
			const unhandled: never = format;
			throw new Error(`Unknown format ${String(unhandled)}`);
		}
	}

	io.stdout.write(`${text}\n`);
}

/**
 * The service API url that --format curl calls; undefined for other formats. Checked before any token is requested,
 * so a missing url costs no token. Other sources were refused while the flags were read.
 */
function apiUrlFor(command: TokenCommand, source: {profile?: Profile; serviceKey?: ServiceKey}): string | undefined {
	if (command.format !== 'curl') {
		return undefined;
	}

	const apiUrl = source.profile?.serviceUrl ?? source.serviceKey?.serviceUrl;
	const origin = source.profile ? `The profile "${source.profile.name}"` : 'This service key';
	const instead = `Use --format header and name the url yourself: curl -g -H "$(uaa-token ${source.profile ? `--profile ${source.profile.name}` : '--service-key FILE'} --format header)" URL`;
	if (apiUrl === undefined) {
		const why = source.profile
			? 'has no service API url: it was not saved from a service key with a top-level url'
			: 'has no top-level url, the service API to call (a key of the XSUAA service itself has none)';
		throw new UsageError(`--format curl: ${origin} ${why}. ${instead}`);
	}

	const whose = source.profile ? `the profile "${source.profile.name}"` : 'this service key';
	const problem = apiUrlProblem(apiUrl);
	if (problem === 'not-a-url') {
		throw new UsageError(`--format curl: the service API url of ${whose} is not an http(s) url. ${instead}`);
	}

	if (problem === 'plain-http') {
		throw new UsageError(`--format curl: the service API url of ${whose} is plain http:, which would send the token unencrypted. ${instead}`);
	}

	return apiUrl;
}

async function readServiceKey(command: TokenCommand, io: ScriptIo): Promise<ServiceKey | undefined> {
	if (command.serviceKeyPath === undefined) {
		return undefined;
	}

	const text = command.serviceKeyPath === '-' ? await io.readStdin(serviceKeyRead) : await readBoundedFile(command.serviceKeyPath, serviceKeyRead);
	const result = parseServiceKey(text);
	if (!result.ok) {
		throw new UsageError(`--service-key: ${result.problem}`);
	}

	for (const notice of result.key.notices ?? []) {
		say(io, notice);
	}

	return result.key;
}

async function warnAboutCertificate(io: ScriptIo, credentials: Credentials, now: number): Promise<void> {
	if (credentials.kind !== 'x509') {
		return;
	}

	// node:crypto takes milliseconds to load, which only X.509 keys need.
	const {describeCertificate} = await import('../service-key/certificate-info.js');
	const info = describeCertificate(credentials.certificate, now);
	if (info?.isExpired) {
		say(io, `The client certificate of this X.509 key expired on ${new Date(info.validTo).toISOString()}; create a new service key.`);
	} else if (info?.isExpiringSoon) {
		say(io, `The client certificate of this X.509 key expires in ${info.daysLeft} days (${new Date(info.validTo).toISOString()}); create a new service key soon.`);
	}
}

type StoreLoader = {
	/** The store, for what needs no migration: recording a token, saving a new profile, moving a broken file aside. */
	plain: () => ProfileStore;
	/** The same store able to migrate older files, which needs conf: it takes longer to load than a whole cached answer. */
	migrating: () => Promise<ProfileStore>;
};

function storeLoader(directory: string, now?: () => number, newSecretsIn?: 'file'): StoreLoader {
	let store: ProfileStore | undefined;
	let attaching: Promise<void> | undefined;
	const plain = () => {
		store ??= createProfileStore({directory, now, newSecretsIn});
		return store;
	};

	return {
		plain,
		async migrating() {
			attaching ??= import('../profiles/open-profile-store.js').then(({attachMigrations}) => {
				attachMigrations(plain());
			});
			await attaching;
			return plain();
		},
	};
}

/** A current profile file is read directly; the store handles the rest: it migrates old files and moves unreadable ones aside, saying so. */
async function findProfile(name: string, directory: string, loadStore: StoreLoader, io: ScriptIo): Promise<Profile> {
	const file = readProfileFile(directory, name);
	if (file.kind === 'profile' && file.isCurrent) {
		return file.profile;
	}

	const store = await loadStore.migrating();
	const profile = store.get(name);
	reportWarnings(io, store);
	if (!profile) {
		throw unknownProfile(store, name);
	}

	return profile;
}

/** The credentials the command names: a service key's, or --url and --client-id with a secret; a profile's are below. */
async function valuesCredentials(command: TokenCommand, io: ScriptIo, serviceKey: ServiceKey | undefined): Promise<Credentials> {
	return serviceKey ? credentialsOfKey(serviceKey) : {kind: 'secret', url: command.url!, clientId: command.clientId!, clientSecret: await secretFor(command, io)};
}

async function runTokenCommand(command: TokenCommand, io: ScriptIo, directory: string, loadStore: StoreLoader): Promise<number> {
	const now = io.now ?? Date.now;
	for (const notice of command.notices ?? []) {
		say(io, notice);
	}

	let profile: Profile | undefined;
	let apiUrl: string | undefined;
	if (command.profile !== undefined) {
		profile = await findProfile(command.profile, directory, loadStore, io);
		apiUrl = apiUrlFor(command, {profile});
		if (command.format === 'refresh-token' && !profile.signIn) {
			throw new UsageError(
				`--format refresh-token: the profile "${profile.name}" gets the app's own token (client credentials), which comes without a refresh token. A profile saved with --grant password, passcode or code has one.`,
			);
		}
	}

	if (command.saveAs !== undefined) {
		await checkNameIsFree(command.saveAs, directory, loadStore, io);
	}

	let secrets: string[] = [];
	let usedCredentials: Credentials | undefined;
	/** Every credential is checked the same way once it is known, and its secret is kept for redaction. */
	const prepared = async (credentials: Credentials): Promise<Credentials> => {
		await warnAboutCertificate(io, credentials, now());
		secrets = [...secrets, credentials.kind === 'secret' ? credentials.clientSecret : credentials.key];
		usedCredentials = credentials;
		return credentials;
	};
	const userGrant = (record: UserSignInRecord) => async ({refusedRefresh}: {refusedRefresh?: TokenRequestError}) =>
		scriptUserGrant(record, {refusedRefresh, credentials: usedCredentials!, profileName: profile?.name}, command, io, secret => {
			secrets = [...secrets, secret];
		});

	// --ca is read only when a request is to be made: a cached token needs no connection.
	const caOfCommand = async () => (command.caPath === undefined ? {} : {ca: await readBoundedFile(command.caPath, caRead)});
	let source: TokenSource;
	if (profile) {
		const saved = profile;
		source = {
			kind: 'profile',
			profile: saved,
			isRefreshForced: command.refresh,
			async credentials() {
				const ca = await caOfCommand();
				// A secret from stdin or the environment wins over a saved one; an X.509 profile needs none.
				const credentials = credentialsFromFields(saved, x509Of(saved) ? undefined : await secretFor(command, io, saved))!;
				return prepared({...credentials, ...ca});
			},
			// A --ca given with the profile is kept in it, for the next request.
			changes: used => (command.caPath === undefined ? {} : {ca: used.ca}),
			...(saved.signIn ? {userGrant: userGrant(saved.signIn)} : {}),
		};
	} else {
		const ca = await caOfCommand();
		const serviceKey = await readServiceKey(command, io);
		if (serviceKey !== undefined) {
			apiUrl = apiUrlFor(command, {serviceKey});
		}

		const credentials = await prepared({...(await valuesCredentials(command, io, serviceKey)), ...ca});
		source = {
			kind: 'values',
			credentials,
			...(command.saveAs === undefined ? {} : {saveAs: {name: command.saveAs, keepSecret: true}}),
			...(command.userSignIn ? {signIn: {record: command.userSignIn, grant: userGrant(command.userSignIn)}} : {}),
		};
	}

	let outcome: TokenOutcome;
	try {
		outcome = await getToken(source, {
			store: loadStore.plain,
			now,
			waitLimitMs: command.timeoutMs,
			async transport(credentials, {preferredMethod, grant, onRetry}) {
				return fetchToken(credentials, {env: io.env, authMethod: command.authMethod, preferredMethod, grant, timeoutMs: command.timeoutMs, now, retry: {onRetry}});
			},
		});
	} catch (error) {
		if (!isTokenRequestError(error)) {
			throw error;
		}

		const description = describeFailure(error.failure, secrets);
		const signInAgain =
			error.failure.kind === 'user-refused' && error.failure.grant === 'refresh_token' && profile !== undefined
				? `\n  To sign in again: uaa-token --profile ${profile.name}, in a terminal${profile.signIn?.method === 'password' ? `, or give the password with ${passwordVariable} or --password-stdin` : profile.signIn?.method === 'passcode' ? `, or give a new passcode with ${passcodeVariable} or --passcode-stdin` : ''}.`
				: '';
		say(io, `${description.title}.\n  ${description.explanation}\n  What to do: ${description.nextStep}${signInAgain}`);
		return description.exitCode;
	}

	// The token was fetched: it is printed whatever happens to the file, and a file problem is its own exit code.
	const exitCode = command.saveAs === undefined ? reportRecording(io, outcome.stored) : reportSaving(io, outcome.stored, loadStore.plain());
	if (command.format === 'refresh-token' && outcome.token.refreshToken === undefined) {
		say(
			io,
			'The server sent no refresh token with this user token.\n  What to do: allow the refresh_token grant for the app: "authorized-grant-types" in its xs-security.json (oauth2-configuration) must list refresh_token beside the grant you sign in with; then update the service instance and sign in again.',
		);
		return refusedExitCode;
	}

	const isVerified = command.verification !== undefined || (command.format === 'json' && command.shouldDecode);
	const verification = isVerified ? await verificationOf(command, io, outcome.token, source.kind === 'profile' ? source.profile : source.credentials, now) : undefined;
	if (command.verification === 'alone') {
		io.stdout.write(verificationText(verification!, now()));
	} else {
		if (command.verification === 'beside') {
			io.stderr.write(verificationText(verification!, now()));
		}

		writeToken(command, io, outcome.token, {
			profileName: profile?.name ?? (exitCode === 0 ? command.saveAs : undefined),
			apiUrl,
			isCached: outcome.isCached,
			now: now(),
			verification,
		});
	}

	// Without --verify, verifying for --decode only informs: the exit code stays the token's.
	const verifiedExitCode = command.verification === undefined || verification === undefined ? successExitCode : verificationExitCode(verification);
	return verifiedExitCode === successExitCode ? exitCode : verifiedExitCode;
}

/** Checks the token against the keys of its zone, through the network and --ca the token request would use. */
async function verificationOf(command: TokenCommand, io: ScriptIo, token: Token, fields: CredentialFields, now: () => number): Promise<TokenVerification> {
	const ca = command.caPath === undefined ? undefined : await readBoundedFile(command.caPath, caRead);
	return verifyTokenOf(token, fields, {ca, env: io.env, timeoutMs: command.timeoutMs, now: now()});
}

/** --save only creates: a profile of that name is refused before any token is asked for. */
async function checkNameIsFree(name: string, directory: string, loadStore: StoreLoader, io: ScriptIo): Promise<void> {
	let file: ReturnType<typeof readProfileFile> = {kind: 'missing'};
	try {
		file = readProfileFile(directory, name);
	} catch (error) {
		// A directory that cannot be used is reported when the save fails, after the token was fetched and printed.
		if (!isLocalFileError(error)) {
			throw error;
		}
	}

	if (file.kind === 'unreadable') {
		// The store moves the unreadable file aside, which the user must hear about; the name is then free.
		const store = loadStore.plain();
		store.get(name);
		reportWarnings(io, store);
	} else if (file.kind === 'profile') {
		throw new UsageError(`A profile named "${name}" already exists. Choose another name, or remove it first: uaa-token profiles remove ${name}`);
	}
}

/** What became of a profile's new token, in words on stderr; the exit code it leaves. */
function reportRecording(io: ScriptIo, stored: Stored): number {
	switch (stored.kind) {
		case 'failed': {
			if (!isLocalFileError(stored.error)) {
				throw stored.error;
			}

			say(io, `The new token could not be cached in the profile "${stored.name}"; it is printed all the same and works.\n  ${localFileMessage(stored.error)}`);
			return localFileExitCode;
		}

		case 'profile-gone': {
			say(io, `The profile "${stored.name}" was removed while its token was being fetched, so the token was not cached; it is printed all the same.`);
			return successExitCode;
		}

		default: {
			return successExitCode;
		}
	}
}

/** What became of --save, in words on stderr; the exit code it leaves. */
function reportSaving(io: ScriptIo, stored: Stored, store: ProfileStore): number {
	reportWarnings(io, store);
	switch (stored.kind) {
		case 'created': {
			say(io, savedProfileMessage(stored.profile, stored.path));
			return successExitCode;
		}

		case 'name-taken': {
			say(
				io,
				`Not saved: a profile named "${stored.name}" already exists; another uaa-token saved it while this token was being fetched, and it was left as it is. The token is printed all the same. To keep these values, save them under another name.`,
			);
			return usageExitCode;
		}

		case 'failed': {
			if (!isLocalFileError(stored.error)) {
				throw stored.error;
			}

			say(io, `Not saved: the profile "${stored.name}" could not be written; the token is printed all the same and works.\n  ${localFileMessage(stored.error)}`);
			return localFileExitCode;
		}

		default: {
			return successExitCode;
		}
	}
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
			secretStorage: profile.secretStorage?.kind === 'keychain' ? 'keychain' : 'file',
			credentialType: profile.certificate === undefined ? 'secret' : 'x509',
			authMethod: profile.authMethod ?? null,
			signIn: profile.signIn ?? null,
			hasRefreshToken: profile.token?.refreshToken !== undefined,
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
		[secretPlaceLabel(profile), ...(profile.signIn ? [userTokenLabel(profile.signIn)] : [])].join(', '),
	]);
	const widths = [0, 1, 2].map(column => Math.max(...table.map(row => row[column]!.length)));
	for (const row of table) {
		io.stdout.write(`${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}\n`);
	}

	return 0;
}

export async function runScript(command: ScriptCommand, io: ScriptIo): Promise<number> {
	try {
		const directory = configDirectory(io.env);
		const loadStore = storeLoader(directory, io.now, command.kind === 'token' ? command.newSecretsIn : undefined);
		switch (command.kind) {
			case 'token': {
				return await runTokenCommand(command, io, directory, loadStore);
			}

			case 'profiles-list': {
				return listProfiles(io, await loadStore.migrating(), command.isJson);
			}

			case 'profiles-remove': {
				const store = await loadStore.migrating();
				const removed = store.remove(command.name);
				if (removed.length === 0) {
					throw unknownProfile(store, command.name);
				}

				const profilePath = store.pathOf(command.name);
				say(io, removed[0] === profilePath ? `Removed the profile "${command.name}" (${profilePath}).` : `There was no profile "${command.name}", only files it left behind.`);
				for (const path of removed.filter(path => path !== profilePath)) {
					say(
						io,
						path.startsWith('the system keychain')
							? `Also removed its secrets from ${path}.`
							: path.includes('.corrupt-')
								? `Also removed ${path}, a copy of it that was moved aside when it could not be read (it may have held its secret).`
								: `Also removed ${path}, a temporary file of a save that was interrupted (it may have held its secret).`,
					);
				}

				return 0;
			}

			case 'profiles-store-secrets': {
				const store = await loadStore.migrating();
				const names = command.name === undefined ? store.list().map(profile => profile.name) : [command.name];
				if (command.name !== undefined && !store.get(command.name)) {
					throw unknownProfile(store, command.name);
				}

				const where = command.to === 'keychain' ? 'the system keychain' : 'its file, readable only by you';
				for (const name of names) {
					const {hasMoved} = store.moveSecrets(name, command.to);
					say(io, hasMoved ? `Moved the secrets of the profile "${name}" into ${where}.` : `The profile "${name}" keeps its secrets in ${where} already.`);
				}

				if (names.length === 0) {
					say(io, `No saved profiles in ${store.directory}.`);
				}

				return 0;
			}

			default: {
				const unhandled: never = command;
				return unhandled;
			}
		}
	} catch (error) {
		if (error instanceof UsageError || error instanceof BoundedReadError) {
			say(io, error.message);
			return usageExitCode;
		}

		if (isLocalFileError(error)) {
			say(io, localFileMessage(error));
			return localFileExitCode;
		}

		// Store and file-system errors name paths, never secrets.
		say(io, error instanceof Error ? error.message : String(error));
		return 1;
	}
}
