// The decoded-token view: what each header field and claim of the access token says, in plain words.

import {Box, Text} from 'ink';
import {type TokenRow, inspectToken} from '../presentation/jwt-claims.js';
import {type CheckMark, describeVerification, markSymbol} from '../presentation/verification-words.js';
import type {Token} from '../oauth/token-client.js';
import {FieldRow} from './field-row.js';
import {WrappedText} from './wrapped-text.js';
import type {VerificationState} from './wizard-state.js';

export type TokenInspectorProps = {
	readonly token: Pick<Token, 'accessToken' | 'expiresAt'>;
	/** Epoch milliseconds, for how long until exp; passed in so the view stays pure. */
	readonly now: number;
	/** The signature, lifetime and audience checks; absent when the app cannot verify, and the view says so. */
	readonly verification?: VerificationState;
};

const markColors: Record<CheckMark, string> = {passed: 'green', failed: 'red', unchecked: 'yellow'};

function Verification({verification, now, notVerifiedNote}: {readonly verification?: VerificationState; readonly now: number; readonly notVerifiedNote: string}) {
	if (verification === undefined) {
		return <WrappedText>{notVerifiedNote}</WrappedText>;
	}

	if (verification.state === 'checking') {
		return <WrappedText dimColor>Verifying: fetching the subaccount&apos;s signing keys (token_keys)…</WrappedText>;
	}

	const {result} = verification;
	if (result.verdict === 'not-a-jwt') {
		return <WrappedText color="yellow">Not verified: {result.problem}</WrappedText>;
	}

	const report = describeVerification(result, now);
	return (
		<Box flexDirection="column">
			<WrappedText bold color={report.verdict === 'valid' ? 'green' : report.verdict === 'invalid' ? 'red' : 'yellow'}>
				{report.headline}
			</WrappedText>
			{report.lines.map(line => (
				<Box key={line.check} flexDirection="column" paddingLeft={2}>
					<WrappedText color={markColors[line.mark]}>
						{markSymbol(line.mark)} {line.summary}
					</WrappedText>
					{line.meaning === undefined ? null : (
						<Box paddingLeft={2}>
							<WrappedText dimColor>{line.meaning}</WrappedText>
						</Box>
					)}
				</Box>
			))}
		</Box>
	);
}

function Value({row}: {readonly row: TokenRow}) {
	return (
		<>
			<WrappedText>{row.value}</WrappedText>
			<WrappedText dimColor>{row.meaning}</WrappedText>
		</>
	);
}

function Rows({rows}: {readonly rows: readonly TokenRow[]}) {
	return (
		<>
			{rows.map((row, index) => (
				// Names are not unique once control characters are stripped, so the position keys the row.
				<Box key={index} flexDirection="column">
					<FieldRow label={row.name}>
						<Value row={row} />
					</FieldRow>
					{row.fields === undefined ? null : (
						<Box paddingLeft={2} flexDirection="column">
							<Rows rows={row.fields} />
						</Box>
					)}
				</Box>
			))}
		</>
	);
}

function Section({title, rows}: {readonly title: string; readonly rows: readonly TokenRow[]}) {
	return (
		<Box marginTop={1} flexDirection="column">
			<Text bold>{title}</Text>
			{rows.length === 0 ? <Text dimColor>(none)</Text> : <Rows rows={rows} />}
		</Box>
	);
}

export function TokenInspector({token, now, verification}: TokenInspectorProps) {
	const inspection = inspectToken(token, now);
	return (
		<Box flexDirection="column">
			<WrappedText bold>What the access token contains</WrappedText>
			{inspection.isJwt ? (
				<>
					<Verification verification={verification} now={now} notVerifiedNote={inspection.signatureNote} />
					<Section title="Header" rows={inspection.header} />
					<Section title="Claims" rows={inspection.claims} />
					<Box marginTop={1} flexDirection="column">
						<Text bold>Expiry check</Text>
						<WrappedText color={inspection.expiryCheck.state === 'disagrees' ? 'yellow' : undefined}>
							{inspection.expiryCheck.text}
						</WrappedText>
					</Box>
				</>
			) : (
				<WrappedText>{inspection.problem}</WrappedText>
			)}
		</Box>
	);
}
