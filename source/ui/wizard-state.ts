// The wizard's screens as a discriminated union and a pure reducer, so every transition is testable without Ink.

import type {Failure} from '../errors/failure.js';
import {describeFailure} from '../errors/describe-failure.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import {checkUaaUrl} from '../oauth/uaa-url.js';

export const fields = ['url', 'clientid', 'clientsecret'] as const;
export type Field = (typeof fields)[number];
export type Values = Record<Field, string>;

export type CopyStatus = {state: 'copying'} | {state: 'copied'} | {state: 'failed'; reason: string};

export type WizardState =
	| {screen: 'step'; field: Field; values: Values; requestId: number; problem?: string; notice?: string}
	| {screen: 'signing-in'; values: Values; requestId: number; method?: ClientAuthMethod}
	| {screen: 'result'; values: Values; requestId: number; token: Token; isRevealed: boolean; copyStatus?: CopyStatus}
	| {screen: 'failure'; values: Values; requestId: number; failure: Failure};

export type WizardAction =
	| {type: 'change'; value: string}
	| {type: 'submit'}
	| {type: 'back'}
	| {type: 'attempt-started'; requestId: number; method: ClientAuthMethod}
	| {type: 'token-received'; requestId: number; token: Token}
	| {type: 'token-failed'; requestId: number; failure: Failure}
	| {type: 'follow-next-step'}
	| {type: 'retry'}
	| {type: 'toggle-reveal'}
	| {type: 'copy-started'}
	| {type: 'copy-finished'; status: Exclude<CopyStatus, {state: 'copying'}>};

export const emptyValues: Values = {url: '', clientid: '', clientsecret: ''};

export function initialWizardState(values: Partial<Values> = {}): WizardState {
	return {screen: 'step', field: 'url', values: {...emptyValues, ...values}, requestId: 0};
}

// Pastes and odd keys can carry escape sequences and line breaks, none of which belong in these fields.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ansiPattern = /\u001B(?:\[[\d;?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[@-_])/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlPattern = /[\u0000-\u001F\u007F-\u009F]/g;

export function sanitizeInput(value: string): string {
	return value.replace(ansiPattern, '').replace(controlPattern, '');
}

function submitStep(state: Extract<WizardState, {screen: 'step'}>): WizardState {
	const {field, values, requestId} = state;
	if (field === 'url') {
		const check = checkUaaUrl(values.url);
		if (!check.isValid) {
			return {...state, problem: check.problem, notice: undefined};
		}

		const notice =
			check.removedParts.length > 0
				? `Removed ${check.removedParts.map(part => `"${part}"`).join(' and ')} from the url: uaa-token adds /oauth/token itself.`
				: undefined;
		return {screen: 'step', field: 'clientid', values: {...values, url: check.baseUrl}, requestId, notice};
	}

	if (field === 'clientid') {
		const clientid = values.clientid.trim();
		if (clientid === '') {
			return {...state, values: {...values, clientid}, problem: 'Enter the clientid from the uaa section of your service key.'};
		}

		return {screen: 'step', field: 'clientsecret', values: {...values, clientid}, requestId};
	}

	if (values.clientsecret === '') {
		return {...state, problem: 'Enter the clientsecret from the uaa section of your service key.'};
	}

	return {screen: 'signing-in', values, requestId: requestId + 1};
}

/** Request ids only grow, so an answer to an abandoned request is recognised and dropped. */
function freshRequestId(state: WizardState): number {
	return state.requestId + 1;
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'change': {
			if (state.screen !== 'step') {
				return state;
			}

			return {...state, values: {...state.values, [state.field]: sanitizeInput(action.value)}, problem: undefined};
		}

		case 'submit': {
			return state.screen === 'step' ? submitStep(state) : state;
		}

		case 'back': {
			if (state.screen === 'step') {
				const index = fields.indexOf(state.field);
				return index === 0 ? state : {screen: 'step', field: fields[index - 1]!, values: state.values, requestId: state.requestId};
			}

			// Leaving signing-in abandons the request: its answer no longer matches the request id.
			if (state.screen === 'failure' || state.screen === 'signing-in') {
				return {screen: 'step', field: 'clientsecret', values: state.values, requestId: state.requestId};
			}

			return state;
		}

		case 'attempt-started': {
			return state.screen === 'signing-in' && state.requestId === action.requestId ? {...state, method: action.method} : state;
		}

		case 'token-received': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId) {
				return state;
			}

			return {screen: 'result', values: state.values, requestId: state.requestId, token: action.token, isRevealed: false};
		}

		case 'token-failed': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId) {
				return state;
			}

			return {screen: 'failure', values: state.values, requestId: state.requestId, failure: action.failure};
		}

		case 'follow-next-step': {
			if (state.screen !== 'failure') {
				return state;
			}

			const {nextAction} = describeFailure(state.failure);
			if (nextAction === 'reenter-credentials') {
				return {screen: 'step', field: 'clientid', values: {...state.values, clientsecret: ''}, requestId: state.requestId};
			}

			if (nextAction === 'edit-url') {
				return {screen: 'step', field: 'url', values: state.values, requestId: state.requestId};
			}

			return {screen: 'signing-in', values: state.values, requestId: freshRequestId(state)};
		}

		case 'retry': {
			return state.screen === 'failure' ? {screen: 'signing-in', values: state.values, requestId: freshRequestId(state)} : state;
		}

		case 'toggle-reveal': {
			return state.screen === 'result' ? {...state, isRevealed: !state.isRevealed} : state;
		}

		case 'copy-started': {
			return state.screen === 'result' ? {...state, copyStatus: {state: 'copying'}} : state;
		}

		case 'copy-finished': {
			return state.screen === 'result' ? {...state, copyStatus: action.status} : state;
		}

		default: {
			const unhandled: never = action;
			return unhandled;
		}
	}
}
