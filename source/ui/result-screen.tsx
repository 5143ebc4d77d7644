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
	readonly now?: () => number;
};

function Countdown({expiresAt, now}: {readonly expiresAt: number; readonly now?: () => number}) {
	const current = useNow(now);
	const remaining = secondsUntil(expiresAt, current);
	if (remaining === 0) {
		return <Text color="red">expired</Text>;
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

export function ResultScreen({token, isRevealed, copyStatus, now}: ResultScreenProps) {
	return (
		<Box flexDirection="column">
			<Text color="green" bold>
				✔ Token received
			</Text>
			<Text dimColor wrap="wrap">
				from {token.tokenUrl}
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
