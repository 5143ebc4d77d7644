// A server that echoes what it was sent must not get the secret onto the screen in any form it was sent in: raw,
// form-encoded, percent-encoded, or inside the base64 of a Basic header, whatever the secret's length. Properties
// over the forms, then the built CLI against a real echoing server on 127.0.0.1 with either way of sending.

import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {redactedCopy, redactSecrets} from '../../source/errors/server-text.js';
import {basicAuthorization, formUrlEncode} from '../../source/oauth/client-auth.js';
import {failureArb} from '../helpers/fuzz-arbitraries.js';
import {answer, readRequest, startTestServer, type TestServer} from '../helpers/http-server.js';
import {runBuiltCli} from '../helpers/run-cli.js';

/** Every echo of the secret a server could make from what uaa-token sends it. */
function echoesOf(clientId: string, secret: string): string[] {
	return [
		secret,
		formUrlEncode(secret),
		encodeURIComponent(secret),
		encodeURIComponent(secret).toLowerCase(),
		basicAuthorization(clientId, secret),
		basicAuthorization(clientId, secret).slice('Basic '.length).replaceAll('+', '-').replaceAll('/', '_'),
		Buffer.from(secret, 'utf8').toString('base64'),
		`client_id=${formUrlEncode(clientId)}&client_secret=${formUrlEncode(secret)}`,
	];
}

/** Whether the text still holds the secret in a form that gives it away. */
function leaks(text: string, clientId: string, secret: string): boolean {
	const wholeValue = (form: string) => new RegExp(`(?<![\\p{L}\\p{N}])${form.replaceAll(/[$()*+.?[\\\]^{|}]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text);
	const raw = secret.length >= 4 ? text.includes(secret) : wholeValue(secret);
	const encoded = [formUrlEncode(secret), encodeURIComponent(secret)].some(form => text.includes(form) && (form.length >= 4 || wholeValue(form)));
	const basic = [...text.matchAll(/[A-Za-z\d+/_-]{4,}={0,2}/g)].some(([run]) => {
		const decoded = Buffer.from(run, 'base64').toString('utf8');
		return decoded.includes(`${formUrlEncode(clientId)}:${formUrlEncode(secret)}`) || (secret.length >= 4 && decoded.includes(secret));
	});
	return raw || encoded || basic;
}

// Letters, digits and the characters that encode differently in forms, urls and base64; 1 to 40 of them. Not blanks
// alone: uaa-token trims a secret and refuses an empty one, and a blank cannot be told from the spaces of a message.
const secretArbitrary = fc.string({unit: fc.constantFrom(...'aZ09+/=_-.~ %&:!é€'), minLength: 1, maxLength: 40}).filter(secret => secret.trim() !== '');
const clientIdArbitrary = fc.string({unit: fc.constantFrom(...'sb-na!t123|xsuaa'), minLength: 1, maxLength: 20});
const contextArbitrary = fc.constantFrom(['Bad credentials: ', '.'], ['{"echo": "', '"}'], ['got ', ' from you'], ['x', 'y'], ['(', ')']);

describe('redactSecrets: every form a secret is sent in', () => {
	it('leaves none of the echoes of a secret of any length, whatever surrounds them', () => {
		fc.assert(
			fc.property(secretArbitrary, clientIdArbitrary, fc.nat({max: 7}), contextArbitrary, (secret, clientId, which, [before, after]) => {
				// A secret that the surrounding words hold themselves (".", say) cannot be told from them once the echo is cut.
				fc.pre(!before.includes(secret) && !after.includes(secret));
				const echo = echoesOf(clientId, secret)[which]!;
				// The redacted text is capped at 300 characters: the echo is kept within them.
				const text = `${before}${echo}${after}`;
				const redacted = redactSecrets(text, [secret]);
				assert.ok(!leaks(redacted, clientId, secret), `${JSON.stringify(text)} became ${JSON.stringify(redacted)}`);
			}),
			{numRuns: 2000},
		);
	});

	it('cuts a Basic header\'s base64 however many letters a server glues before it', () => {
		for (const glued of ['', 'a', 'ab', 'abc', 'abcd']) {
			const text = `header was ${glued}${basicAuthorization('sb-client!t1', 'pw').slice('Basic '.length)}`;
			assert.equal(redactSecrets(text, ['pw']), 'header was [redacted]', text);
		}
	});

	it('cuts a short secret where it stands as a value, and leaves the words it is part of', () => {
		assert.equal(redactSecrets('client_secret=ab rejected, about "ab"', ['ab']), 'client_secret=[redacted] rejected, about "[redacted]"');
		assert.equal(redactSecrets('invalid client, x', ['x']), 'invalid client, [redacted]');
	});

	it('keeps every failure describable whatever short secret is cut from it: its kind and reason are never redacted', () => {
		// Secrets made of the letters of uaa-token's own words (bad-credentials, too-long, invalid_client) hit them often.
		const shortSecret = fc.string({unit: fc.constantFrom(...'abcdeilnorstu-_'), minLength: 1, maxLength: 4}).filter(secret => secret.trim() !== '');
		fc.assert(
			fc.property(failureArb(), shortSecret, (failure, secret) => {
				const copy = redactedCopy(failure, [secret]);
				assert.equal(copy.kind, failure.kind);
				assert.ok(describeFailure(copy, [secret]).title.length > 0);
			}),
			{numRuns: 3000},
		);
	});

	it('leaves a message with no secret in it as it was', () => {
		assert.equal(redactSecrets('Bad credentials: dXNlcg== is not known', ['s3cr3t-value']), 'Bad credentials: dXNlcg== is not known');
	});
});

describe('the built CLI against a server that echoes what it is sent', {timeout: 60_000}, () => {
	let server: TestServer;

	before(async () => {
		server = await startTestServer(async (request, response) => {
			const {headers, body} = await readRequest(request);
			const description = `Bad credentials. You sent authorization=${headers.authorization ?? 'none'} and body=${body}`;
			answer(response, 401, JSON.stringify({error: 'unauthorized', error_description: description}), {'Content-Type': 'application/json'});
		});
	});

	after(async () => {
		await server.close();
	});

	for (const secret of ['x+/', 'ab', 'Pa ss+wörd/=&%']) {
		for (const method of ['basic', 'post']) {
			it(`shows the echo without the secret ${JSON.stringify(secret)} sent by ${method}`, async () => {
				const clientId = 'sb-echo!t1';
				const result = await runBuiltCli(['--url', server.url, '--client-id', clientId, '--auth-method', method, '--client-secret-stdin', '--print'], {input: secret});
				assert.equal(result.code, 1, result.stderr);
				assert.match(result.stderr, /Bad credentials/, 'the server\'s words are shown');
				assert.match(result.stderr, /\[redacted\]/);
				assert.ok(!leaks(result.stderr, clientId, secret) && !leaks(result.stdout, clientId, secret), result.stderr);
			});
		}
	}
});
