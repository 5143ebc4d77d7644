import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import Spinner from 'ink-spinner';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {RetryNotice} from './wizard-state.js';

const methodNotes: Record<ClientAuthMethod, string> = {
	post: 'sending clientid and clientsecret in the form body',
	basic: 'the body was refused; now trying HTTP Basic, as the browser does',
	tls: 'presenting the X.509 client certificate',
};

export function SigningIn({tokenUrl, method, retry}: {readonly tokenUrl: string; readonly method?: ClientAuthMethod; readonly retry?: RetryNotice}) {
	// A spinner redraws ten times a second, which a screen reader would read out each time.
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	return (
		<Box flexDirection="column">
			<Box columnGap={1}>
				{isScreenReaderEnabled ? null : (
					<Text color="cyan">
						<Spinner type="line" />
					</Text>
				)}
				<Text wrap="wrap">Requesting a token from {tokenUrl}</Text>
			</Box>
			{method ? <Text dimColor>{methodNotes[method]}</Text> : null}
			{retry ? (
				<Text color="yellow" wrap="wrap">
					{retry.reason}; retrying in {retry.delayMs < 1000 ? (retry.delayMs / 1000).toFixed(1) : Math.round(retry.delayMs / 1000)} s, attempt {retry.attempt}/
					{retry.attempts}
				</Text>
			) : null}
		</Box>
	);
}
