// A token's verification in plain words: each check with its outcome, and for a failure what it means for the
// service the token is meant for. The same lines serve the i view, --verify and --json --decode.

import {refusedExitCode, successExitCode, unreachableExitCode} from '../errors/exit-codes.js';
import type {TokenCheck, TokenVerification} from '../oauth/verify-token.js';
import {cleanOutsideText} from '../text/outside-text.js';
import {formatDuration, formatLocalDateTime} from './time.js';

export type CheckMark = 'passed' | 'failed' | 'unchecked';

export type CheckLine = {
	check: TokenCheck['check'];
	mark: CheckMark;
	/** One line: what was checked and how it came out. */
	summary: string;
	/** For a failure or an unchecked signature: what it means, and what to do. */
	meaning?: string;
};

export type VerificationReport = {verdict: TokenVerification['verdict']; headline: string; lines: CheckLine[]};

const markSymbols: Record<CheckMark, string> = {passed: '✓', failed: '✗', unchecked: '?'};

export function markSymbol(mark: CheckMark): string {
	return markSymbols[mark];
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function signatureLine(check: Extract<TokenCheck, {check: 'signature'}>): CheckLine {
	const keys = `the keys of ${hostOf(check.keysUrl)}`;
	if (check.outcome === 'valid') {
		return {check: 'signature', mark: 'passed', summary: `Signed by key ${cleanOutsideText(check.keyId)} of this subaccount (${keys}).`};
	}

	if (check.outcome === 'unchecked') {
		return {
			check: 'signature',
			mark: 'unchecked',
			summary: `Signature not checked: ${keys} could not be fetched (${cleanOutsideText(check.detail)}).`,
			meaning: `Nothing is known about the signature. Check the network (HTTPS_PROXY, --ca) and that ${check.keysUrl} answers, then try again.`,
		};
	}

	const rejected = 'Your service will reject this token with 401 Unauthorized.';
	const summaries: Record<typeof check.reason, [string, string]> = {
		'bad-signature': [
			`The signature does not match key ${cleanOutsideText(check.keyId ?? '')} of this subaccount.`,
			`The token was changed after it was issued, or it was never issued by this subaccount. ${rejected} Get a new token and do not edit it.`,
		],
		'unknown-key': [
			`Signed with key ${cleanOutsideText(check.keyId ?? '')}, which this subaccount does not publish (${keys}).`,
			`The token comes from another subaccount or landscape, or from a key that was rotated away. ${rejected} Get a token with this service key's own url.`,
		],
		'no-key-id': ['The token names no signing key (no kid in its header).', `XSUAA always names one, so this token is not from XSUAA. ${rejected}`],
		'other-zone': [
			`This subaccount does not serve the token's zone (${keys} refused its zid).`,
			`The token belongs to another subaccount. ${rejected} Get a token with the service key of the subaccount your service runs in.`,
		],
		algorithm: [
			`Signed with ${cleanOutsideText(check.algorithm ?? 'an unknown algorithm')}, not RS256 as XSUAA signs.`,
			`The token is not from XSUAA. ${rejected}`,
		],
	};
	const [summary, meaning] = summaries[check.reason];
	return {check: 'signature', mark: 'failed', summary, meaning};
}

function lifetimeLine(check: Extract<TokenCheck, {check: 'lifetime'}>, now: number): CheckLine {
	if (check.outcome === 'valid') {
		const left = Math.floor((check.expiresAt - now) / 1000);
		return {
			check: 'lifetime',
			mark: 'passed',
			summary: left >= 0 ? `Valid until ${formatLocalDateTime(check.expiresAt)}, ${formatDuration(left)} from now.` : `Valid, within the minute of leeway after ${formatLocalDateTime(check.expiresAt)}.`,
		};
	}

	switch (check.reason) {
		case 'expired': {
			return {
				check: 'lifetime',
				mark: 'failed',
				summary: `Expired at ${formatLocalDateTime(check.expiresAt)}, ${formatDuration((now - check.expiresAt) / 1000)} ago.`,
				meaning: 'Your service will reject it with 401 Unauthorized. Get a new token: R in the app, or --refresh.',
			};
		}

		case 'not-yet-valid': {
			return {
				check: 'lifetime',
				mark: 'failed',
				summary: `Not valid before ${formatLocalDateTime(check.notBefore)}.`,
				meaning: "A service will reject it until then. If that time has passed for the server, this computer's clock is behind.",
			};
		}

		case 'no-expiry': {
			return {check: 'lifetime', mark: 'failed', summary: 'The token has no expiry (no exp claim).', meaning: 'XSUAA tokens always have one, and services reject a token without it.'};
		}
	}
}

function audienceLine(check: Extract<TokenCheck, {check: 'audience'}>): CheckLine {
	if (check.outcome === 'valid') {
		return {check: 'audience', mark: 'passed', summary: `Meant for ${cleanOutsideText(check.matched)}.`};
	}

	const audiences = check.audiences.length === 0 ? 'nobody in particular (no aud, no scopes)' : check.audiences.map(audience => cleanOutsideText(audience)).join(', ');
	return {
		check: 'audience',
		mark: 'failed',
		summary: `Meant for ${audiences}, not for ${check.expected.map(name => cleanOutsideText(name)).join(' or ')}.`,
		meaning: "A service bound with this service key will reject it with 401 Unauthorized. The token was issued to another client: use this service key's own clientid and url.",
	};
}

export function describeVerification(verification: Extract<TokenVerification, {checks: unknown}>, now: number): VerificationReport {
	const [signature, lifetime, audience] = verification.checks;
	const lines = [signatureLine(signature), lifetimeLine(lifetime, now), audienceLine(audience)];
	const headline = {
		valid: 'Verified: a service bound with this service key will accept this token.',
		invalid: 'Not valid: a service bound with this service key will reject this token.',
		'keys-unreachable': 'Not verified: the signing keys could not be fetched.',
	}[verification.verdict];
	return {verdict: verification.verdict, headline, lines};
}

/** --verify's exit code: 0 valid, 1 invalid (or no JWT to verify), 3 the keys could not be fetched. */
export function verificationExitCode(verification: TokenVerification): number {
	switch (verification.verdict) {
		case 'valid': {
			return successExitCode;
		}

		case 'keys-unreachable': {
			return unreachableExitCode;
		}

		default: {
			return refusedExitCode;
		}
	}
}

/** The report as --verify prints it: the verdict, then one line per check, with what a failure means below it. */
export function verificationText(verification: TokenVerification, now: number): string {
	if (verification.verdict === 'not-a-jwt') {
		return `Not verified: ${verification.problem}\n`;
	}

	const report = describeVerification(verification, now);
	const lines = report.lines.flatMap(line => [`  ${markSymbol(line.mark)} ${line.summary}`, ...(line.meaning === undefined ? [] : [`    ${line.meaning}`])]);
	return `${report.headline}\n${lines.join('\n')}\n`;
}

/** The report in --json --decode: stable keys for jq, and the same words. */
export function verificationJson(verification: TokenVerification, now: number): Record<string, unknown> {
	if (verification.verdict === 'not-a-jwt') {
		return {verdict: verification.verdict, summary: verification.problem, checks: []};
	}

	const report = describeVerification(verification, now);
	return {
		verdict: report.verdict,
		summary: report.headline,
		checks: report.lines.map(line => ({check: line.check, result: line.mark, summary: line.summary, ...(line.meaning === undefined ? {} : {meaning: line.meaning})})),
	};
}
