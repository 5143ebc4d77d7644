// The decoded-token view: what each header field and claim of the access token says, in plain words.

import {Box, Text} from 'ink';
import {type TokenRow, inspectToken} from '../presentation/jwt-claims.js';
import type {Token} from '../oauth/token-client.js';
import {FieldRow} from './field-row.js';
import {WrappedText} from './wrapped-text.js';

export type TokenInspectorProps = {
	readonly token: Pick<Token, 'accessToken' | 'expiresAt'>;
	/** Epoch milliseconds, for how long until exp; passed in so the view stays pure. */
	readonly now: number;
};

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

export function TokenInspector({token, now}: TokenInspectorProps) {
	const inspection = inspectToken(token, now);
	return (
		<Box flexDirection="column">
			<WrappedText bold>What the access token contains</WrappedText>
			{inspection.isJwt ? (
				<>
					<WrappedText>{inspection.signatureNote}</WrappedText>
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
