// Verifies an access token the way SAP's @sap/xssec does: the signature against the zone's published keys
// (token_keys, never the token's own jku), then exp and nbf with a small leeway, then the audience against the
// clientid and the xsappname. Each check has its own outcome, so a person sees every problem at once, not the first.
//
// jose does the JWS and JWK work; this module only chooses the keys, caches them and words nothing (see
// presentation/verification-words.ts).

import {compactVerify, createLocalJWKSet, errors, type JSONWebKeySet} from 'jose';
import {decodeJwt} from './decode-jwt.js';

/** How far exp and nbf may be off, for clocks that differ a little; xssec and java-security allow about as much. */
export const clockLeewaySeconds = 60;
/** xssec keeps a zone's keys this long. */
export const keysCacheMs = 30 * 60 * 1000;

export type KeysAnswer = {status: number; text: string};
/** GETs a token_keys url; rejects on a network failure (the message is shown as the reason). */
export type FetchKeys = (url: string) => Promise<KeysAnswer>;

export type VerificationInput = {
	accessToken: string;
	/** The uaa url: its host serves token_keys when there is no uaaDomain. */
	url: string;
	/** The service key's uaadomain: token_keys is https://<uaadomain>/token_keys. */
	uaaDomain?: string;
	clientId: string;
	/** The service key's xsappname, when known: a token meant for the app is meant for this client too. */
	xsappname?: string;
	now: number;
	fetchKeys: FetchKeys;
};

export type SignatureCheck =
	| {check: 'signature'; outcome: 'valid'; keyId: string; keysUrl: string}
	| {check: 'signature'; outcome: 'invalid'; reason: 'bad-signature' | 'unknown-key' | 'no-key-id' | 'other-zone' | 'algorithm'; keyId?: string; algorithm?: string; keysUrl: string}
	/** The keys could not be had: the signature is neither good nor bad, only unchecked. */
	| {check: 'signature'; outcome: 'unchecked'; reason: 'unreachable' | 'bad-answer'; detail: string; keysUrl: string};

export type LifetimeCheck =
	| {check: 'lifetime'; outcome: 'valid'; expiresAt: number}
	| {check: 'lifetime'; outcome: 'invalid'; reason: 'expired'; expiresAt: number}
	| {check: 'lifetime'; outcome: 'invalid'; reason: 'not-yet-valid'; notBefore: number}
	| {check: 'lifetime'; outcome: 'invalid'; reason: 'no-expiry'};

export type AudienceCheck =
	| {check: 'audience'; outcome: 'valid'; matched: string; audiences: string[]}
	| {check: 'audience'; outcome: 'invalid'; expected: string[]; audiences: string[]};

export type TokenCheck = SignatureCheck | LifetimeCheck | AudienceCheck;

export type TokenVerification =
	| {verdict: 'valid' | 'invalid' | 'keys-unreachable'; checks: [SignatureCheck, LifetimeCheck, AudienceCheck]}
	| {verdict: 'not-a-jwt'; problem: string};

type CachedKeys = {keys: ReturnType<typeof createLocalJWKSet>; kids: Set<string>; fetchedAt: number};

/** Per token_keys url (a zone's): its keys, and the one request in flight for them. */
const keysCache = new Map<string, CachedKeys>();
const keysInFlight = new Map<string, Promise<CachedKeys | SignatureCheck>>();

/** Forgets every zone's keys: for tests, and for a person who asks again after a rotation. */
export function clearKeysCache(): void {
	keysCache.clear();
}

export function tokenKeysUrl({url, uaaDomain}: {url: string; uaaDomain?: string}, zoneId: string | undefined): string {
	const base = uaaDomain === undefined ? new URL(url).origin : `https://${uaaDomain}`;
	return `${base}/token_keys${zoneId === undefined ? '' : `?zid=${encodeURIComponent(zoneId)}`}`;
}

function stringList(value: unknown): string[] {
	if (typeof value === 'string') {
		return [value];
	}

	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

async function loadKeys(keysUrl: string, fetchKeys: FetchKeys, now: number): Promise<CachedKeys | SignatureCheck> {
	let answer: KeysAnswer;
	try {
		answer = await fetchKeys(keysUrl);
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		return {check: 'signature', outcome: 'unchecked', reason: 'unreachable', detail: typeof code === 'string' ? code : (error as Error).message ?? String(error), keysUrl};
	}

	// XSUAA answers 400 for a zid it does not serve: the token is another zone's.
	if (answer.status === 400) {
		return {check: 'signature', outcome: 'invalid', reason: 'other-zone', keysUrl};
	}

	if (answer.status !== 200) {
		return {check: 'signature', outcome: 'unchecked', reason: 'bad-answer', detail: `HTTP ${answer.status}`, keysUrl};
	}

	try {
		const jwks = JSON.parse(answer.text) as JSONWebKeySet;
		if (!Array.isArray(jwks.keys)) {
			throw new TypeError('no keys');
		}

		// XSUAA adds `value` (the PEM) beside the JWK members; jose reads the members it knows.
		const keys = jwks.keys.filter(key => typeof key === 'object' && key !== null && key.kty === 'RSA');
		return {keys: createLocalJWKSet({keys}), kids: new Set(keys.map(key => key.kid).filter((kid): kid is string => typeof kid === 'string')), fetchedAt: now};
	} catch {
		return {check: 'signature', outcome: 'unchecked', reason: 'bad-answer', detail: 'not a key set', keysUrl};
	}
}

/**
 * The zone's keys, from the cache while younger than keysCacheMs and holding the token's key; otherwise fetched,
 * with one request in flight per zone however many verifications ask.
 */
async function keysFor(keysUrl: string, keyId: string, input: VerificationInput): Promise<CachedKeys | SignatureCheck> {
	const cached = keysCache.get(keysUrl);
	if (cached && input.now - cached.fetchedAt < keysCacheMs && cached.kids.has(keyId)) {
		return cached;
	}

	let loading = keysInFlight.get(keysUrl);
	if (!loading) {
		loading = loadKeys(keysUrl, input.fetchKeys, input.now).finally(() => keysInFlight.delete(keysUrl));
		keysInFlight.set(keysUrl, loading);
	}

	const loaded = await loading;
	if ('keys' in loaded) {
		keysCache.set(keysUrl, loaded);
	}

	return loaded;
}

async function checkSignature(input: VerificationInput, header: Record<string, unknown>, zoneId: string | undefined): Promise<SignatureCheck> {
	const keysUrl = tokenKeysUrl(input, zoneId);
	const keyId = typeof header['kid'] === 'string' ? header['kid'] : undefined;
	if (keyId === undefined) {
		return {check: 'signature', outcome: 'invalid', reason: 'no-key-id', keysUrl};
	}

	if (header['alg'] !== 'RS256') {
		return {check: 'signature', outcome: 'invalid', reason: 'algorithm', keyId, algorithm: String(header['alg']), keysUrl};
	}

	const keys = await keysFor(keysUrl, keyId, input);
	if (!('keys' in keys)) {
		return keys;
	}

	try {
		await compactVerify(input.accessToken, keys.keys, {algorithms: ['RS256']});
		return {check: 'signature', outcome: 'valid', keyId, keysUrl};
	} catch (error) {
		const reason = error instanceof errors.JWKSNoMatchingKey ? 'unknown-key' : 'bad-signature';
		return {check: 'signature', outcome: 'invalid', reason, keyId, keysUrl};
	}
}

function checkLifetime(claims: Record<string, unknown>, now: number): LifetimeCheck {
	const nowSeconds = now / 1000;
	if (typeof claims['nbf'] === 'number' && claims['nbf'] > nowSeconds + clockLeewaySeconds) {
		return {check: 'lifetime', outcome: 'invalid', reason: 'not-yet-valid', notBefore: claims['nbf'] * 1000};
	}

	if (typeof claims['exp'] !== 'number') {
		return {check: 'lifetime', outcome: 'invalid', reason: 'no-expiry'};
	}

	const expiresAt = claims['exp'] * 1000;
	return claims['exp'] + clockLeewaySeconds < nowSeconds ? {check: 'lifetime', outcome: 'invalid', reason: 'expired', expiresAt} : {check: 'lifetime', outcome: 'valid', expiresAt};
}

/**
 * xssec's audience rule: aud (or, when it is empty, the prefixes of the scopes plus cid) must hold the clientid or
 * the xsappname, or an entry that starts with one of them and a dot. A broker's clientid (…!b…|xsappname!b…) also
 * matches on the part after its |.
 */
function checkAudience(claims: Record<string, unknown>, input: VerificationInput): AudienceCheck {
	let audiences = stringList(claims['aud']);
	if (audiences.length === 0) {
		const scopePrefixes = stringList(claims['scope']).flatMap(scope => (scope.includes('.') ? [scope.slice(0, scope.indexOf('.'))] : []));
		audiences = [...new Set([...scopePrefixes, ...stringList(claims['cid'])])];
	}

	const brokerApp = input.clientId.includes('!b') && input.clientId.includes('|') ? input.clientId.slice(input.clientId.indexOf('|') + 1) : undefined;
	const expected = [...new Set([input.clientId, ...(input.xsappname === undefined ? [] : [input.xsappname]), ...(brokerApp === undefined ? [] : [brokerApp])])];
	for (const audience of audiences) {
		const match = expected.find(name => audience === name || audience.startsWith(`${name}.`));
		if (match !== undefined) {
			return {check: 'audience', outcome: 'valid', matched: audience, audiences};
		}
	}

	return {check: 'audience', outcome: 'invalid', expected, audiences};
}

export async function verifyToken(input: VerificationInput): Promise<TokenVerification> {
	const decoded = decodeJwt(input.accessToken);
	if (!decoded.isJwt) {
		return {verdict: 'not-a-jwt', problem: decoded.problem};
	}

	const zoneId = typeof decoded.claims['zid'] === 'string' ? decoded.claims['zid'] : undefined;
	const checks: [SignatureCheck, LifetimeCheck, AudienceCheck] = [
		await checkSignature(input, decoded.header, zoneId),
		checkLifetime(decoded.claims, input.now),
		checkAudience(decoded.claims, input),
	];
	const verdict = checks.some(check => check.outcome === 'invalid') ? 'invalid' : checks[0].outcome === 'unchecked' ? 'keys-unreachable' : 'valid';
	return {verdict, checks};
}
