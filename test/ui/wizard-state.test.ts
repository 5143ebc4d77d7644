import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Token} from '../../source/oauth/token-client.js';
import {sanitizeInput} from '../../source/ui/text-field/text-field-state.js';
import {initialWizardState, type WizardAction, type WizardState, wizardReducer} from '../../source/ui/wizard-state.js';

const sapUrl = 'https://mysubaccount.authentication.eu10.hana.ondemand.com';

function run(actions: WizardAction[], start: WizardState = initialWizardState()): WizardState {
	return actions.reduce(wizardReducer, start);
}

function type(value: string): WizardAction[] {
	return [{type: 'change', value}, {type: 'submit'}];
}

const token: Token = {
	accessToken: 'a.b.c',
	tokenType: 'bearer',
	expiresIn: 43_199,
	scopes: [],
	jti: undefined,
	authMethod: 'post',
	tokenUrl: `${sapUrl}/oauth/token`,
	receivedAt: 0,
	expiresAt: 43_199_000,
};

describe('wizardReducer', () => {
	it('starts at the url step with empty values', () => {
		assert.deepEqual(initialWizardState(), {screen: 'step', field: 'url', values: {url: '', clientid: '', clientsecret: ''}, requestId: 0, origin: {kind: 'new'}, extras: undefined, cursor: 0, isKept: undefined});
	});

	it('walks url, clientid and clientsecret to signing-in', () => {
		const state = run([...type(`${sapUrl}/`), ...type('  sb-app!t1  '), ...type('secret')]);
		assert.equal(state.screen, 'signing-in');
		assert.deepEqual(state.values, {url: sapUrl, clientid: 'sb-app!t1', clientsecret: 'secret'});
		assert.equal(state.requestId, 1);
	});

	it('keeps an invalid url for editing and explains the problem', () => {
		const state = run(type('mysubaccount.authentication.eu10'));
		assert.equal(state.screen, 'step');
		assert.ok(state.screen === 'step' && state.field === 'url' && state.problem !== undefined);
		assert.equal(state.values.url, 'mysubaccount.authentication.eu10');
		const edited = wizardReducer(state, {type: 'change', value: 'https://mysubaccount.authentication.eu10'});
		assert.ok(edited.screen === 'step' && edited.problem === undefined, 'editing clears the problem');
	});

	it('says what it stripped from a pasted browser url', () => {
		const state = run(type(`${sapUrl}/oauth/token?grant_type=client_credentials`));
		assert.ok(state.screen === 'step' && state.field === 'clientid');
		assert.equal(state.values.url, sapUrl);
		assert.match(state.notice ?? '', /\/oauth\/token.*grant_type=client_credentials/);
	});

	it('requires a clientid and a clientsecret', () => {
		const afterEmptyId = run([...type(sapUrl), ...type('   ')]);
		assert.ok(afterEmptyId.screen === 'step' && afterEmptyId.field === 'clientid' && afterEmptyId.problem);
		const afterEmptySecret = run([...type(sapUrl), ...type('id'), ...type('')]);
		assert.ok(afterEmptySecret.screen === 'step' && afterEmptySecret.field === 'clientsecret' && afterEmptySecret.problem);
	});

	it('goes back one step with Esc and keeps every value', () => {
		const atSecret = run([...type(sapUrl), ...type('id'), {type: 'change', value: 'half-typed'}]);
		const back = run([{type: 'back'}], atSecret);
		assert.ok(back.screen === 'step' && back.field === 'clientid');
		assert.deepEqual(back.values, {url: sapUrl, clientid: 'id', clientsecret: 'half-typed'});
		const first = run([{type: 'back'}, {type: 'back'}], back);
		assert.ok(first.screen === 'step' && first.field === 'url', 'Esc at the first step stays there');
	});

	it('shows the token of the current request and drops answers to abandoned ones', () => {
		const signingIn = run([...type(sapUrl), ...type('id'), ...type('secret')]);
		const cancelled = wizardReducer(signingIn, {type: 'back'});
		assert.ok(cancelled.screen === 'step' && cancelled.field === 'clientsecret');
		const again = run(type('secret'), cancelled);
		assert.equal(again.requestId, 2);
		assert.equal(wizardReducer(again, {type: 'token-received', requestId: 1, token}), again, 'a stale answer changes nothing');
		const result = wizardReducer(again, {type: 'token-received', requestId: 2, token});
		assert.ok(result.screen === 'result' && !result.isRevealed);
		const revealed = run([{type: 'toggle-reveal'}], result);
		assert.ok(revealed.screen === 'result' && revealed.isRevealed);
	});

	it('opens and closes the decoded token on the result screen, but not while saving', () => {
		const result = run([...type(sapUrl), ...type('id'), ...type('secret'), {type: 'token-received', requestId: 1, token}]);
		const inspecting = run([{type: 'toggle-inspect'}], result);
		assert.ok(inspecting.screen === 'result' && inspecting.isInspecting);
		const closed = run([{type: 'toggle-inspect'}], inspecting);
		assert.ok(closed.screen === 'result' && !closed.isInspecting);
		const saving = run([{type: 'save-start', name: 'p'}], result);
		assert.equal(wizardReducer(saving, {type: 'toggle-inspect'}), saving);
	});

	it('after a 401 re-asks clientid and clientsecret without retyping the url', () => {
		const signingIn = run([...type(sapUrl), ...type('id'), ...type('wrong')]);
		const failed = wizardReducer(signingIn, {type: 'token-failed', requestId: signingIn.requestId, failure: {kind: 'bad-credentials', status: 401}});
		const next = wizardReducer(failed, {type: 'follow-next-step'});
		assert.ok(next.screen === 'step' && next.field === 'clientid');
		assert.deepEqual(next.values, {url: sapUrl, clientid: 'id', clientsecret: ''});
	});

	it('after a 404 goes to the url step, and retry asks again with the same values', () => {
		const signingIn = run([...type(sapUrl), ...type('id'), ...type('secret')]);
		const failed = wizardReducer(signingIn, {type: 'token-failed', requestId: 1, failure: {kind: 'not-found', status: 404, tokenUrl: ''}});
		const next = wizardReducer(failed, {type: 'follow-next-step'});
		assert.ok(next.screen === 'step' && next.field === 'url');
		const retried = wizardReducer(failed, {type: 'retry'});
		assert.ok(retried.screen === 'signing-in' && retried.requestId === 2);
		assert.deepEqual(retried.values, signingIn.values);
	});

	it('ignores keys that do not belong to the current screen', () => {
		const start = initialWizardState();
		for (const action of [{type: 'toggle-reveal'}, {type: 'retry'}, {type: 'follow-next-step'}, {type: 'copy-started', target: 'token'}, {type: 'toggle-inspect'}] as WizardAction[]) {
			assert.equal(wizardReducer(start, action), start);
		}
	});
});

describe('sanitizeInput', () => {
	it('drops escape sequences, line breaks and other control characters from pastes', () => {
		assert.equal(sanitizeInput('https://x.test\r\n'), 'https://x.test');
		assert.equal(sanitizeInput('\u001B[31mred\u001B[0m\u0007 \ttext'), 'red text');
		assert.equal(sanitizeInput('\u001B[200~pasted\u001B[201~'), 'pasted');
		assert.equal(sanitizeInput('ünïcødé ✓'), 'ünïcødé ✓');
	});
});
