// The transport the in-process app suites hand the App: the product's fetchToken, with a test's time budget and retry
// settings, against the demo server or any other server on 127.0.0.1.

import type {TokenTransport} from '../../source/core/token-workflow.js';
import {fetchToken} from '../../source/oauth/fetch-token.js';
import type {RetryOptions} from '../../source/oauth/token-client.js';

export function fetchTransport({timeoutMs, retry}: {timeoutMs?: number; retry?: Omit<RetryOptions, 'onRetry'>} = {}): TokenTransport {
	return async (credentials, {onRetry, ...options}) => fetchToken(credentials, {...options, ...(timeoutMs === undefined ? {} : {timeoutMs}), retry: {...retry, onRetry}});
}
