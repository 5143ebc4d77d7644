import type {ReactNode} from 'react';
import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import {curlCommand} from '../presentation/hand-off.js';
import {maskToken} from '../presentation/mask.js';
import {formatDuration, formatLocalDateTime, secondsUntil} from '../presentation/time.js';
import {authMethodLabels} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import {FieldRow as PlainFieldRow} from './field-row.js';
import {useNow} from './use-now.js';
import {WrappedText} from './wrapped-text.js';
import {TokenInspector} from './token-inspector.js';
import {refreshExpiryOf, userClaimsOf} from '../presentation/user-token.js';
import type {CopyStatus, VerificationState} from './wizard-state.js';
import {CopyStatusLine} from './copy-status-line.js';

export type ResultScreenProps = {
	readonly token: Token;
	readonly isRevealed: boolean;
	readonly copyStatus?: CopyStatus;
	/** The saved profile this token belongs to. */
	readonly profileName?: string;
	/** True when the token came from the profile's cache rather than the server. */
	readonly isCached?: boolean;
	/** The service key's top-level url, which the next-step command calls. */
	readonly apiUrl?: string;
	/** --tutorial: a plain-words line under each field of the answer. */
	readonly isExplained?: boolean;
	/** Shows what the token contains in place of the answer's fields. */
	readonly isInspecting?: boolean;
	/** The token's verification, for the inspector; absent when the app cannot verify. */
	readonly verification?: VerificationState;
	readonly now?: () => number;
};

function Countdown({expiresAt, now}: {readonly expiresAt: number; readonly now?: () => number}) {
	// A screen reader would read every changed second aloud; it hears the minutes instead. Both hooks run every render.
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	// A screen reader would read a countdown out every second; nothing else needs it slower, as no screen outgrows the terminal.
	const isCoarse = isScreenReaderEnabled;
	const current = useNow(now, isCoarse ? 60_000 : 1000);
	const remaining = secondsUntil(expiresAt, current);
	if (remaining === 0) {
		return (
			<WrappedText color="red">
				expired: the server will refuse this token now. Press R for a new one.
			</WrappedText>
		);
	}

	const shown = isCoarse && remaining >= 60 ? `about ${formatDuration(Math.floor(remaining / 60) * 60).replace(/ 0 s$/, '')}` : formatDuration(remaining);
	return <Text color={remaining < 300 ? 'yellow' : 'green'}>{shown} left</Text>;
}

function ExplainedFieldRow({label, children}: {readonly label: string; readonly children: ReactNode}) {
	const meaning = fieldMeanings[label as keyof typeof fieldMeanings];
	return (
		<PlainFieldRow label={label}>
			{typeof children === 'string' ? <WrappedText>{children}</WrappedText> : children}
			{meaning === undefined ? null : <WrappedText dimColor>{meaning}</WrappedText>}
		</PlainFieldRow>
	);
}

const apiUrlPlaceholder = '<API url>';

/** The command the result screen shows with the token masked, and copies with the token whole. */
export function nextStepCommand(accessToken: string, apiUrl: string | undefined): string {
	return curlCommand(accessToken, apiUrl ?? apiUrlPlaceholder);
}

/** The tutorial's last words, "you are now all set to…", as a command: the token is masked here and whole when copied. */
function NextStep({token, apiUrl}: {readonly token: Token; readonly apiUrl?: string}) {
	return (
		<Box marginTop={1} flexDirection="column">
			<WrappedText bold>Next step: call the service&apos;s API with the token</WrappedText>
			<WrappedText>{nextStepCommand(maskToken(token.accessToken), apiUrl)}</WrappedText>
			<WrappedText dimColor>
				{apiUrl === undefined
					? `Replace ${apiUrlPlaceholder} with the top-level "url" of your service key and add the API's path. Press C to copy the command with the full token.`
					: 'Add the path of the API call you want. Press C to copy the command with the full token.'}
			</WrappedText>
		</Box>
	);
}

export function ResultScreen({token, isRevealed, copyStatus, profileName, isCached = false, apiUrl, isExplained = false, isInspecting = false, verification, now}: ResultScreenProps) {
	const profileNote = profileName === undefined ? '' : ` for the profile "${profileName}"`;
	return (
		<Box flexDirection="column">
			<WrappedText color="green" bold>
				{isCached ? `✓ Cached token${profileNote}` : `✓ Token received${profileNote}`}
			</WrappedText>
			<WrappedText dimColor>
				{isCached
					? `received from ${token.tokenUrl} at ${formatLocalDateTime(token.receivedAt)}; reused because more than 5 min of it remain`
					: `from ${token.tokenUrl}`}
			</WrappedText>
			{isInspecting ? (
				<Box marginTop={1} flexDirection="column">
					<TokenInspector token={token} verification={verification} now={(now ?? Date.now)()} />
				</Box>
			) : (
				<AnswerFields token={token} isRevealed={isRevealed} apiUrl={apiUrl} isExplained={isExplained} now={now} />
			)}
			{copyStatus ? (
				<Box marginTop={1}>
					<CopyStatusLine status={copyStatus} />
				</Box>
			) : null}
		</Box>
	);
}

/** What each field of the answer means, for a beginner reading it the first time. */
const fieldMeanings = {
	access_token: 'the token itself: send it to the service as Authorization: Bearer <token>',
	token_type: 'bearer: whoever holds the token may use it, so keep it like a password',
	expires_in: 'seconds the token is valid from when it was issued; 43199 is 12 hours less a second',
	'expires at': 'that moment by this computer\'s clock',
	remaining: 'time left; at zero the service refuses the token and R gets a new one',
	scope: 'what the token allows; each service checks for the scopes it needs',
	jti: 'the token\'s unique id, for logs and for revoking this one token',
	'auth method': 'how uaa-token sent clientid and clientsecret; the browser uses HTTP Basic',
	grant: 'how the token was asked for: client_credentials is the app itself; the others are a signed-in user',
	refresh_token: 'gets the next token without signing in again; kept with a saved profile, never shown',
} as const;

const grantLabels = {
	password: 'password (a user, by password or one-time passcode)',
	authorization_code: 'authorization_code (a user, signed in in the browser)',
	refresh_token: 'refresh_token (a user, with the refresh token of an earlier sign-in)',
} as const;

/** A user token's rows (the app's own token keeps the beginner's screen as it was): the grant, who the user is, and the refresh token's presence and end, never the refresh token itself. */
function UserRows({token, FieldRow}: {readonly token: Token; readonly FieldRow: typeof PlainFieldRow}) {
	if (token.grantType === undefined || token.grantType === 'client_credentials') {
		return null;
	}

	const refreshExpiry = refreshExpiryOf(token);
	return (
		<>
			<FieldRow label="grant">{grantLabels[token.grantType]}</FieldRow>
			{userClaimsOf(token).map(([name, value]) => (
				<FieldRow key={name} label={name}>
					{value}
				</FieldRow>
			))}
			<FieldRow label="refresh_token">
				{token.refreshToken === undefined
					? 'none sent: the next token needs a new sign-in'
					: refreshExpiry === undefined
						? `received, ${token.refreshToken.length} characters, hidden; its end is not told (UAA's default is 28 days)`
						: `received, hidden; valid until ${formatLocalDateTime(refreshExpiry)}`}
			</FieldRow>
		</>
	);
}

function AnswerFields({token, isRevealed, apiUrl, isExplained, now}: Pick<ResultScreenProps, 'token' | 'isRevealed' | 'apiUrl' | 'isExplained' | 'now'>) {
	const FieldRow = isExplained ? ExplainedFieldRow : PlainFieldRow;
	return (
		<>
			<Box marginTop={1} flexDirection="column">
				<FieldRow label="access_token">
					{/* A screen reader would spell the mask out letter by letter; it hears what the mask means instead. */}
					<WrappedText aria-label={`${token.accessToken.length} characters, ${isRevealed ? 'shown in full below' : 'hidden; press v to show it'}`}>
						{`${maskToken(token.accessToken)}  (${token.accessToken.length} characters, ${isRevealed ? 'shown in full below' : 'hidden'})`}
					</WrappedText>
				</FieldRow>
				<FieldRow label="token_type">{token.tokenType}</FieldRow>
				<FieldRow label="expires_in">
					{token.expiresIn === undefined ? 'not sent by the server' : `${token.expiresIn} s (${formatDuration(token.expiresIn)})`}
				</FieldRow>
				{token.expiresAt === undefined ? null : (
					<>
						<FieldRow label="expires at">{formatLocalDateTime(token.expiresAt)}</FieldRow>
						<FieldRow label="remaining">
							<Countdown expiresAt={token.expiresAt} now={now} />
						</FieldRow>
					</>
				)}
				<FieldRow label="scope">
					{token.scopes.length === 0 ? (
						<Text dimColor>none sent</Text>
					) : (
						token.scopes.map(scope => (
							<Text key={scope} wrap="wrap">
								{scope}
							</Text>
						))
					)}
				</FieldRow>
				<FieldRow label="jti">{token.jti ?? 'not sent by the server'}</FieldRow>
				<FieldRow label="auth method">{authMethodLabels[token.authMethod]}</FieldRow>
				<UserRows token={token} FieldRow={FieldRow} />
			</Box>
			{isRevealed ? (
				// Full width and unindented, so selecting it in the terminal copies the token and nothing else.
				<Box marginTop={1} flexDirection="column">
					<Text dimColor>access_token:</Text>
					<Text wrap="wrap">{token.accessToken}</Text>
				</Box>
			) : null}
			<NextStep token={token} apiUrl={apiUrl} />
		</>
	);
}
