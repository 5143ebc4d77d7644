import {Box, Text} from 'ink';
import {maskToken} from '../format/mask.js';
import {formatDuration, formatLocalDateTime, secondsUntil} from '../format/time.js';
import {authMethodLabels} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import {FieldRow} from './field-row.js';
import {useNow} from './use-now.js';
import type {CopyStatus} from './wizard-state.js';

export type ResultScreenProps = {
	readonly token: Token;
	readonly isRevealed: boolean;
	readonly copyStatus?: CopyStatus;
	/** The saved profile this token belongs to. */
	readonly profileName?: string;
	/** True when the token came from the profile's cache rather than the server. */
	readonly isCached?: boolean;
	readonly now?: () => number;
};

function Countdown({expiresAt, now}: {readonly expiresAt: number; readonly now?: () => number}) {
	const current = useNow(now);
	const remaining = secondsUntil(expiresAt, current);
	if (remaining === 0) {
		return (
			<Text color="red" wrap="wrap">
				expired: the server will refuse this token now. Press R for a new one.
			</Text>
		);
	}

	return <Text color={remaining < 300 ? 'yellow' : 'green'}>{formatDuration(remaining)} left</Text>;
}

function CopyStatusLine({status}: {readonly status: CopyStatus}) {
	switch (status.state) {
		case 'copying': {
			return <Text dimColor>Copying…</Text>;
		}

		case 'copied': {
			return <Text color="green">✔ access_token copied to the clipboard.</Text>;
		}

		case 'failed': {
			return (
				<Text color="red" wrap="wrap">
					✖ Could not copy to the clipboard: {status.reason} Press v to show the token and copy it from the screen.
				</Text>
			);
		}

		default: {
			const unhandled: never = status;
			return unhandled;
		}
	}
}

export function ResultScreen({token, isRevealed, copyStatus, profileName, isCached = false, now}: ResultScreenProps) {
	const profileNote = profileName === undefined ? '' : ` for the profile "${profileName}"`;
	return (
		<Box flexDirection="column">
			<Text color="green" bold wrap="wrap">
				{isCached ? `✔ Cached token${profileNote}` : `✔ Token received${profileNote}`}
			</Text>
			<Text dimColor wrap="wrap">
				{isCached
					? `received from ${token.tokenUrl} at ${formatLocalDateTime(token.receivedAt)}; reused because more than 5 min of it remain`
					: `from ${token.tokenUrl}`}
			</Text>
			<Box marginTop={1} flexDirection="column">
				<FieldRow label="access_token">
					{`${maskToken(token.accessToken)}  (${token.accessToken.length} characters, ${isRevealed ? 'shown in full below' : 'hidden'})`}
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
			</Box>
			{isRevealed ? (
				// Full width and unindented, so selecting it in the terminal copies the token and nothing else.
				<Box marginTop={1} flexDirection="column">
					<Text dimColor>access_token:</Text>
					<Text wrap="wrap">{token.accessToken}</Text>
				</Box>
			) : null}
			{copyStatus ? (
				<Box marginTop={1}>
					<CopyStatusLine status={copyStatus} />
				</Box>
			) : null}
		</Box>
	);
}
