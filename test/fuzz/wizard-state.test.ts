import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {describeFailure} from '../../source/presentation/describe-failure.js';
import {looksLikeServiceKey} from '../../source/service-key/parse-service-key.js';
import {
	emptyValues,
	fields,
	initialPickerState,
	initialWizardState,
	type ProfileValues,
	type WizardAction,
	type WizardState,
	wizardReducer,
} from '../../source/ui/wizard-state.js';
import {bigPasteArb, failureArb, keypressArb, keyWrapperArb, nastyTextArb, pathsHolding, secretArb, serviceKeyText, tokenArb} from '../helpers/fuzz-arbitraries.js';

type Screen = WizardState['screen'];
type ActionType = WizardAction['type'];
type ActionOf<Type extends ActionType> = Extract<WizardAction, {type: Type}>;

const screens: readonly Screen[] = ['picker', 'step', 'choose-sign-in', 'user-step', 'signing-in', 'result', 'failure', 'confirm-key'];
/** A user's password, typed at any field: it may sit only in the field it is typed in and the grant that sends it. */
const userPassword = 'User+Pass&1-fuzz';
const sapUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';
const fakePem = (label: string) => `-----BEGIN ${label}-----\\nMIIBfake\\n-----END ${label}-----`;

/** The screens on which each action does something; anywhere else the reducer must hand back the same state. */
const onlyOn: Partial<Record<ActionType, readonly Screen[]>> = {
	change: ['step', 'user-step'],
	submit: ['step', 'user-step'],
	'sign-in-as-user': ['result'],
	'choose-sign-in': ['choose-sign-in'],
	'browser-sign-in-shown': ['signing-in'],
	'browser-sign-in-returned': ['signing-in'],
	'attempt-started': ['signing-in'],
	'retry-scheduled': ['signing-in'],
	'waiting-for-other-process': ['signing-in'],
	'verification-finished': ['result'],
	'token-received': ['signing-in'],
	'token-failed': ['signing-in'],
	'follow-next-step': ['failure'],
	retry: ['failure'],
	refresh: ['result'],
	'toggle-reveal': ['result'],
	'toggle-inspect': ['result'],
	'copy-started': ['result', 'signing-in'],
	'copy-finished': ['result', 'signing-in'],
	'confirm-key': ['confirm-key'],
	'edit-key': ['confirm-key'],
	'save-start': ['result'],
	key: ['step', 'user-step', 'result'],
	'save-name-submit': ['result'],
	'save-cancel': ['result'],
	'save-secret-answer': ['result'],
	'save-finished': ['result'],
	'profile-saved': ['result'],
	'result-notice': ['result'],
};

const copyTargetArb = fc.constantFrom('token' as const, 'curl' as const, 'sign-in page' as const);

const urlArb = fc.oneof(
	fc.constantFrom(sapUrl, `${sapUrl}/`, `${sapUrl}/oauth/token?grant_type=client_credentials`, 'http://127.0.0.1:8080', 'http://localhost:1/x/', 'http://remote.example.test', 'ftp://x', 'not a url', ''),
	fc.webUrl(),
);

function x509KeyText(clientid: string): string {
	return JSON.stringify({
		uaa: {
			'credential-type': 'x509',
			url: sapUrl,
			certurl: 'https://mysubaccount.authentication.cert.eu10.hana.ondemand.com',
			clientid,
			certificate: fakePem('CERTIFICATE'),
			key: fakePem('PRIVATE KEY'),
		},
	});
}

/** Service-key text as a paste or a file brings it: whole keys in every wrapper, X.509 keys, cut-off keys, junk. */
function keyTextArb(secret: string): fc.Arbitrary<string> {
	const whole = fc
		.tuple(keyWrapperArb, fc.constantFrom('sb-app!t1|broker!b2', 'id'), fc.constantFrom(2, undefined))
		.map(([wrapper, clientid, indent]) => serviceKeyText({url: sapUrl, clientid, clientsecret: secret}, wrapper, indent));
	return fc.oneof(
		{arbitrary: whole, weight: 4},
		{arbitrary: fc.constant(x509KeyText('sb-x509!b1')), weight: 2},
		{arbitrary: fc.tuple(whole, fc.nat()).map(([text, cut]) => text.slice(0, cut % text.length)), weight: 2},
		{arbitrary: fc.json(), weight: 1},
		{arbitrary: nastyTextArb, weight: 1},
	);
}

function profileArb(secret: string): fc.Arbitrary<ProfileValues> {
	return fc.record(
		{
			name: fc.constantFrom('prod', 'dev-eu10', 'x.y_z'),
			url: urlArb,
			clientId: fc.constantFrom('sb-app!t1', 'id', ''),
			clientSecret: fc.option(fc.constant(secret), {nil: undefined}),
			signIn: fc.option(fc.record({method: fc.constantFrom('password' as const, 'passcode' as const, 'code' as const), username: fc.constant('jane@example.com')}, {requiredKeys: ['method']}), {nil: undefined}),
			hasRefreshToken: fc.boolean(),
			extras: fc.option(
				fc.record(
					{
						x509: fc.option(fc.constant({certUrl: `${sapUrl}-cert`, certificate: fakePem('CERTIFICATE'), key: fakePem('PRIVATE KEY')}), {nil: undefined}),
						serviceUrl: fc.option(fc.constant('https://service.example.test'), {nil: undefined}),
					},
					{requiredKeys: []},
				),
				{nil: undefined},
			),
		},
		{requiredKeys: ['name', 'url', 'clientId']},
	);
}

/** One arbitrary per action of the real union: a new action type fails to compile here until it is fuzzed. */
function actionArbs(secret: string): {[Type in ActionType]: fc.Arbitrary<ActionOf<Type>>} {
	const requestId = fc.nat({max: 6});
	const fieldText = fc.oneof(
		{arbitrary: nastyTextArb, weight: 4},
		{arbitrary: urlArb, weight: 3},
		{arbitrary: fc.constantFrom('sb-app!t1|broker!b2', '  id  ', 'wrong+secret', userPassword, 'jane@example.com'), weight: 2},
		{arbitrary: keyTextArb('other+secret$=='), weight: 1},
		{arbitrary: bigPasteArb, weight: 1},
	);
	return {
		change: fc.record({type: fc.constant('change'), value: fieldText}),
		key: fc.record({type: fc.constant('key'), keypress: keypressArb(fieldText)}),
		'paste-key': fc.record({type: fc.constant('paste-key'), text: keyTextArb(secret)}),
		submit: fc.constant({type: 'submit'}),
		back: fc.constant({type: 'back'}),
		'attempt-started': fc.record({type: fc.constant('attempt-started'), requestId, method: fc.constantFrom('post', 'basic', 'tls')}),
		'waiting-for-other-process': fc.record({type: fc.constant('waiting-for-other-process'), requestId}),
		'verification-finished': fc.record({type: fc.constant('verification-finished'), requestId, result: fc.constant({verdict: 'not-a-jwt' as const, problem: 'a test'})}),
		'retry-scheduled': fc.record({
			type: fc.constant('retry-scheduled'),
			requestId,
			retry: fc.record({attempt: fc.integer({min: 2, max: 3}), attempts: fc.constant(3), delayMs: fc.nat({max: 30_000}), reason: fc.string()}),
		}),
		'token-received': fc.record({type: fc.constant('token-received'), requestId, token: tokenArb, isCached: fc.boolean()}, {requiredKeys: ['type', 'requestId', 'token']}),
		'token-failed': fc.record({type: fc.constant('token-failed'), requestId, failure: failureArb()}),
		'follow-next-step': fc.constant({type: 'follow-next-step'}),
		retry: fc.constant({type: 'retry'}),
		refresh: fc.constant({type: 'refresh'}),
		'toggle-reveal': fc.constant({type: 'toggle-reveal'}),
		'toggle-inspect': fc.record({type: fc.constant('toggle-inspect'), canVerify: fc.boolean()}),
		'copy-started': fc.record({type: fc.constant('copy-started'), target: copyTargetArb}),
		'copy-finished': fc.record({
			type: fc.constant('copy-finished'),
			status: fc.oneof(
				fc.record({state: fc.constant('copied' as const), target: copyTargetArb, via: fc.constantFrom('system' as const, 'terminal' as const)}),
				fc.record({state: fc.constant('failed' as const), target: copyTargetArb, reason: fc.string()}),
			),
		}),
		'open-picker': fc.constant({type: 'open-picker'}),
		'service-key-text': fc.record({type: fc.constant('service-key-text'), text: keyTextArb(secret)}),
		'confirm-key': fc.constant({type: 'confirm-key'}),
		'edit-key': fc.constant({type: 'edit-key'}),
		'start-new': fc.record(
			{
				type: fc.constant('start-new'),
				values: fc.record({url: urlArb, clientid: fc.string(), clientsecret: fc.constantFrom('', 'typed-before')}, {requiredKeys: []}),
				notice: fc.string(),
				signInAs: fc.record({method: fc.constantFrom('password' as const, 'passcode' as const, 'code' as const), username: fc.constant('jane@example.com')}, {requiredKeys: []}),
			},
			{requiredKeys: ['type']},
		),
		'sign-in-as-user': fc.constant({type: 'sign-in-as-user'}),
		'choose-sign-in': fc.record({type: fc.constant('choose-sign-in'), method: fc.constantFrom('password' as const, 'passcode' as const, 'code' as const)}),
		'browser-sign-in-returned': fc.record({type: fc.constant('browser-sign-in-returned'), requestId}),
		'browser-sign-in-shown': fc.record({type: fc.constant('browser-sign-in-shown'), requestId, url: fc.constant(`${sapUrl}/oauth/authorize?state=x`), problem: fc.option(fc.string(), {nil: undefined})}, {requiredKeys: ['type', 'requestId', 'url']}),
		'open-profile': fc.record({type: fc.constant('open-profile'), profile: profileArb(secret), cachedToken: fc.option(tokenArb, {nil: undefined})}, {requiredKeys: ['type', 'profile']}),
		'edit-profile': fc.record({type: fc.constant('edit-profile'), profile: profileArb(secret)}),
		'save-start': fc.record({type: fc.constant('save-start'), name: fc.constantFrom('mysubaccount', 'local-2', 'profile')}),
		'save-name-submit': fc.record({type: fc.constant('save-name-submit'), problem: fc.option(fc.constant('A profile name has 1 to 64 letters.'), {nil: undefined})}, {requiredKeys: ['type']}),
		'save-cancel': fc.constant({type: 'save-cancel'}),
		'save-finished': fc.record({
			type: fc.constant('save-finished'),
			dialog: fc.oneof(
				fc.record({stage: fc.constant('saved' as const), name: fc.constant('prod'), path: fc.constant('/tmp/profiles/prod.json'), hasSavedSecret: fc.boolean()}),
				fc.record({stage: fc.constant('failed' as const), problem: fc.string()}),
			),
		}),
		'save-secret-answer': fc.record({type: fc.constant('save-secret-answer'), keepSecret: fc.boolean()}),
		'profile-saved': fc.record({type: fc.constant('profile-saved'), name: fc.constant('prod'), hasSavedSecret: fc.boolean()}),
		'result-notice': fc.record({type: fc.constant('result-notice'), notice: fc.constantFrom('Could not save the token to /x/profiles/p.json: permission denied.', '')}),
	};
}

/**
 * A generated step: the action, plus how to tie it to the state it meets, as the app would. The app answers
 * the request it started, types the secret at the secret step, pastes a key at the url step, and reads a key
 * file only when the url field holds neither a url nor a pasted key.
 */
type Step = {action: WizardAction; answersCurrentRequest: boolean; typesSecret: boolean};

function stepsArb(secret: string): fc.Arbitrary<Step[]> {
	const arbs = actionArbs(secret);
	// Weighted towards the actions that move between screens, so results, failures and save dialogs are reached often.
	const weights: Partial<Record<ActionType, number>> = {key: 8, change: 2, submit: 6, 'token-received': 4, 'token-failed': 4, 'confirm-key': 3, 'service-key-text': 3, back: 3, 'save-start': 2, 'save-name-submit': 2, 'open-picker': 0.5};
	const action = fc.oneof(
		...(Object.keys(arbs) as ActionType[]).map(type => ({arbitrary: arbs[type] as fc.Arbitrary<WizardAction>, weight: Math.round((weights[type] ?? 1) * 2)})),
	);
	return fc.array(fc.record({action, answersCurrentRequest: fc.boolean(), typesSecret: fc.boolean()}), {maxLength: 40});
}

function resolve(state: WizardState, {action, answersCurrentRequest, typesSecret}: Step, secret: string): WizardAction | undefined {
	const isPasswordStep = state.screen === 'user-step' && state.field !== 'username';
	if (!isPasswordStep) {
		// The password is what the user types at the password or passcode step. Typed anywhere else (as a user name, into the
		// url) it is that field's text as far as anyone can tell, and may be shown as such, so elsewhere it becomes other text.
		if (action.type === 'change' && action.value.includes(userPassword)) {
			return {...action, value: action.value.replaceAll(userPassword, 'jane@example.com')};
		}

		if (action.type === 'key' && action.keypress.kind === 'text' && action.keypress.text.includes(userPassword)) {
			return {...action, keypress: {...action.keypress, text: action.keypress.text.replaceAll(userPassword, 'jane@example.com')}};
		}
	}

	if ('requestId' in action && answersCurrentRequest) {
		return {...action, requestId: state.requestId};
	}

	if ((action.type === 'key' || action.type === 'change') && typesSecret && state.screen === 'step') {
		// The secret is typed where it belongs, or arrives inside a whole key pasted into any field, the slip users make.
		const pastedKey = serviceKeyText({url: sapUrl, clientid: 'sb-app!t1', clientsecret: secret}, 'plain');
		const text = state.field === 'clientsecret' && action.type === 'key' ? secret : pastedKey;
		return {type: 'key', keypress: {kind: 'text', text, isPaste: true}};
	}

	if (action.type === 'service-key-text') {
		const typed = state.screen === 'step' && state.field === 'url' ? state.values.url.trim() : '';
		const isFilePath = typed !== '' && !/^[a-z][a-z\d+.-]*:\/\//i.test(typed) && !looksLikeServiceKey(typed);
		return isFilePath ? action : undefined;
	}

	return action;
}

/** Where the secret may sit: its own field, the key read from a paste or file, and a pasted key set apart, never shown. */
function secretLeaks(state: WizardState, secret: string): string[] {
	return pathsHolding(state, secret).filter(path => path !== 'values.clientsecret' && path !== 'key.credentials.clientSecret' && path !== 'keyText');
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;

function checkState(state: WizardState, secret: string): void {
	assert.ok(screens.includes(state.screen), `unknown screen ${String(state.screen)}`);
	assert.deepEqual(Object.keys(state.values).sort(), [...fields].sort(), 'values hold exactly url, clientid and clientsecret');
	for (const field of fields) {
		assert.equal(typeof state.values[field], 'string');
	}

	assert.ok(Number.isInteger(state.requestId) && state.requestId >= 0);
	if (state.screen === 'step') {
		assert.ok(fields.includes(state.field), `step index out of range: ${String(state.field)}`);
	}

	if (state.screen === 'picker') {
		assert.deepEqual(state.values, emptyValues, 'the picker holds no values');
		assert.equal(state.origin.kind, 'new');
	}

	if (state.screen === 'failure') {
		const description = describeFailure(state.failure, [state.values.clientsecret]);
		assert.ok([1, 2, 3].includes(description.exitCode));
	}

	assert.deepEqual(secretLeaks(state, secret), [], 'the secret was copied where it is shown or kept in plain view');
	const passwordPlaces = pathsHolding(state, userPassword).filter(path => !['value', 'grant.password', 'grant.passcode', 'keyText'].includes(path) && !path.startsWith('values.') && !path.startsWith('key.'));
	assert.deepEqual(passwordPlaces, [], 'a user\'s password is kept only in its field and in the grant that sends it');
	if (state.grant) {
		assert.ok(state.screen === 'signing-in' || state.screen === 'failure', `a grant is held only while it is sent, and for its retry (${state.screen})`);
	}
}

function checkTransition(before: WizardState, action: WizardAction, after: WizardState): void {
	const screensForAction = onlyOn[action.type];
	if (screensForAction && !screensForAction.includes(before.screen)) {
		assert.equal(after, before, `${action.type} on the ${before.screen} screen must change nothing`);
	}

	if ('requestId' in action && action.requestId !== before.requestId) {
		assert.equal(after, before, 'an answer to an abandoned request changes nothing');
	}

	const grew = after.requestId - before.requestId;
	assert.ok(grew === 0 || grew === 1, `request ids only grow, one at a time (${before.requestId} → ${after.requestId})`);
	if (grew === 1) {
		assert.equal(after.screen, 'signing-in', 'a new request id means a new request');
	}

	if (after.screen === 'signing-in' && before.screen !== 'signing-in') {
		assert.equal(grew, 1, 'every request gets a new id, so a late answer to an old one is dropped');
	}

	if ((action.type === 'change' || action.type === 'key') && before.screen === 'step' && after.screen === 'step') {
		const value = after.values[before.field];
		assert.doesNotMatch(value, anyControl, 'typed text is stripped of control characters and escapes');
		assert.ok(!looksLikeServiceKey(value) || looksLikeServiceKey(before.values[before.field]), 'a service key never becomes a field\'s value');
		assert.ok(after.cursor >= 0 && after.cursor <= [...value].length, 'the cursor stays inside the value');
		for (const other of fields.filter(field => field !== before.field)) {
			assert.equal(after.values[other], before.values[other], `typing in ${before.field} leaves ${other} alone`);
		}
	}

	if (action.type === 'back') {
		if (before.screen === 'step' && before.keyText !== undefined) {
			assert.ok(after.screen === 'step' && after.field === before.field && after.keyText === undefined, 'Esc drops a pasted key first, and stays');
			assert.deepEqual(after.values, before.values, 'dropping a pasted key leaves the values as they were');
			return;
		}

		const wasLaterStep = before.screen === 'step' && before.field !== 'url' && before.origin.kind !== 'profile';
		if (wasLaterStep) {
			assert.ok(after.screen === 'step' && fields.indexOf(after.field) === fields.indexOf(before.field) - 1, 'Esc goes back one step');
		}

		if ((wasLaterStep || before.screen === 'signing-in' || before.screen === 'failure') && after.screen === 'step') {
			assert.deepEqual(after.values, before.values, 'going back keeps every value');
		}

		if (before.screen === 'confirm-key') {
			assert.ok(after.screen === 'step' && after.field === 'url');
			assert.deepEqual(after.values, emptyValues, 'leaving a read key drops it, secret and all');
		}
	}

	if (action.type === 'token-received' && after !== before) {
		// Cached only when the workflow says so: a token another process kept while this one waited.
		assert.ok(after.screen === 'result' && after.token === action.token && !after.isRevealed && after.isCached === (action.isCached ?? false));
	}
}

/** Screens to start from, each reached through the reducer itself. */
function startArb(secret: string): fc.Arbitrary<WizardState> {
	const atSecret = [
		{type: 'change', value: sapUrl},
		{type: 'submit'},
		{type: 'change', value: 'sb-app!t1'},
		{type: 'submit'},
	] satisfies WizardAction[];
	const signingIn = [...atSecret, {type: 'change', value: secret}, {type: 'submit'}] satisfies WizardAction[];
	const starts: Record<string, WizardAction[]> = {
		url: [],
		secret: atSecret,
		'signing-in': signingIn,
		result: [...signingIn, {type: 'token-received', requestId: 1, token: {accessToken: 'a.b.c', tokenType: 'bearer', expiresIn: 60, scopes: [], jti: undefined, authMethod: 'post', tokenUrl: `${sapUrl}/oauth/token`, receivedAt: 0, expiresAt: 60_000}}],
		failure: [...signingIn, {type: 'token-failed', requestId: 1, failure: {kind: 'bad-credentials', status: 401, error: 'unauthorized', description: 'Bad credentials'}}],
		'confirm-key': [{type: 'service-key-text', text: serviceKeyText({url: sapUrl, clientid: 'sb-app!t1', clientsecret: secret}, 'cf-service-key')}],
		'confirm-x509-key': [{type: 'service-key-text', text: x509KeyText('sb-x509!b1')}],
	};
	return fc.oneof(
		fc.constant(initialPickerState()),
		fc.constantFrom(...Object.values(starts)).map(actions => actions.reduce(wizardReducer, initialWizardState())),
		fc.record({url: urlArb, clientid: fc.string()}, {requiredKeys: []}).map(values => initialWizardState(values)),
	);
}

const scenarioArb = secretArb.chain(secret => fc.record({secret: fc.constant(secret), start: startArb(secret), steps: stepsArb(secret)}));

function play({secret, start, steps}: {secret: string; start: WizardState; steps: Step[]}): WizardState {
	checkState(start, secret);
	let state = start;
	for (const step of steps) {
		const action = resolve(state, step, secret);
		if (action) {
			const next = wizardReducer(state, action);
			checkTransition(state, action, next);
			checkState(next, secret);
			state = next;
		}
	}

	return state;
}

describe('fuzz: the wizard reducer under random actions', () => {
	it('never throws, and keeps its invariants after every action from every screen', () => {
		fc.assert(
			fc.property(scenarioArb, scenario => {
				play(scenario);
			}),
			{numRuns: 1000, includeErrorInReport: true},
		);
	});

	it('never asks an X.509 key for a clientsecret: its certificate authenticates', () => {
		const x509Steps = fc.array(
			fc.oneof(
				fc.constantFrom<WizardAction>({type: 'confirm-key'}, {type: 'back'}, {type: 'submit'}, {type: 'retry'}, {type: 'follow-next-step'}, {type: 'edit-key'}),
				fc.record({type: fc.constant('token-failed' as const), requestId: fc.constant(-1), failure: failureArb()}),
			),
			{maxLength: 12},
		);
		fc.assert(
			fc.property(x509Steps, actions => {
				let state = wizardReducer(initialWizardState(), {type: 'service-key-text', text: x509KeyText('sb-x509!b1')});
				for (const generated of actions) {
					const action = generated.type === 'token-failed' ? {...generated, requestId: state.requestId} : generated;
					state = wizardReducer(state, action);
					assert.ok(
						!(state.screen === 'step' && state.field === 'clientsecret'),
						`after ${action.type} the wizard asks an X.509 key for a clientsecret it does not have`,
					);
				}
			}),
			{numRuns: 300, includeErrorInReport: true, examples: [[[{type: 'confirm-key'}, {type: 'back'}]]]},
		);
	});
});
