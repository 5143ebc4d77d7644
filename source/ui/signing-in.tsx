import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import Spinner from 'ink-spinner';
import {useState} from 'react';
import {secondsText} from '../text/quantities.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import {useNow} from './use-now.js';
import type {AttemptNotice, RetryNotice} from './wizard-state.js';

const methodNotes: Record<ClientAuthMethod, string> = {
	post: 'sending clientid and clientsecret in the form body',
	basic: 'the body was refused; now trying HTTP Basic, as the browser does',
	tls: 'presenting the X.509 client certificate',
};

type SigningInProps = {
	readonly tokenUrl: string;
	readonly method?: ClientAuthMethod;
	readonly retry?: RetryNotice;
	/** The attempt under way and the whole request's budget; without it only the retry notice is shown. */
	readonly attempt?: AttemptNotice;
	readonly isWaitingForOtherProcess?: boolean;
	/** The browser sign-in is out: no token is asked for until the browser comes back with a code. */
	readonly isWaitingForBrowser?: boolean;
	/** The clock the elapsed time is read from; injectable, so a test moves time instead of waiting for it. */
	readonly now?: () => number;
};

/** Ticks once a second, so `attempt 2/3, 4 s of 30 s` moves; a screen reader hears a tick every 10 s, not every second. */
function tickMs(isScreenReaderEnabled: boolean): number {
	return isScreenReaderEnabled ? 10_000 : 1000;
}

export function SigningIn({tokenUrl, method, retry, attempt, isWaitingForOtherProcess, isWaitingForBrowser, now = Date.now}: SigningInProps) {
	// A spinner redraws ten times a second, which a screen reader would read out each time.
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	// Mounted as the request starts: useTokenRequest sends it from an effect of this same render.
	const [startedAt] = useState(now);
	useNow(now, tickMs(isScreenReaderEnabled));
	// Read on every render, not from the tick's state, so any redraw shows the time as it is.
	const elapsedMs = attempt ? Math.min(attempt.budgetMs, Math.max(0, now() - startedAt)) : 0;
	const isRetryPending = retry !== undefined && (attempt === undefined || retry.attempt > attempt.attempt);
	return (
		<Box flexDirection="column">
			<Box columnGap={1}>
				{isScreenReaderEnabled ? null : (
					// Kept whole: squeezed by a line that wraps, the spinner lost the gap after it at narrow widths.
					<Box flexShrink={0}>
						<Text color="cyan">
							<Spinner type="line" />
						</Text>
					</Box>
				)}
				<Text wrap="wrap">{isWaitingForBrowser ? 'Waiting for the sign-in in the browser; Esc stops waiting' : `Requesting a token from ${tokenUrl}`}</Text>
			</Box>
			{isWaitingForOtherProcess ? (
				<Text dimColor wrap="wrap">
					another uaa-token is asking for this profile&apos;s token; waiting to use it
				</Text>
			) : null}
			{method ? <Text dimColor>{methodNotes[method]}</Text> : null}
			{attempt ? (
				<Text dimColor wrap="wrap">
					attempt {attempt.attempt}/{attempt.attempts}, {Math.floor(elapsedMs / 1000)} s of {secondsText(attempt.budgetMs)}
				</Text>
			) : null}
			{retry && isRetryPending ? (
				<Text color="yellow" wrap="wrap">
					{retry.reason}; retrying in {retry.delayMs < 1000 ? (retry.delayMs / 1000).toFixed(1) : Math.round(retry.delayMs / 1000)} s, attempt {retry.attempt}/
					{retry.attempts}
				</Text>
			) : null}
			{retry && !isRetryPending ? (
				<Text color="yellow" wrap="wrap">
					attempt {retry.attempt - 1} failed: {retry.reason}
				</Text>
			) : null}
		</Box>
	);
}
