// The app's screens as a discriminated union and a pure reducer, so every transition is testable without Ink.

import type {ClipboardKind} from '../clipboard/clipboard.js';
import {type CredentialFields, type CredentialValues, type KeyExtras, keyExtrasOf, valuesOfFields} from '../oauth/credentials.js';
import {checkProfileName} from '../profiles/profile-file.js';
import {keyFilePathOf} from '../service-key/key-file-path.js';
import type {Failure} from '../errors/failure.js';
import {describeFailure} from '../presentation/describe-failure.js';
import type {ClientAuthMethod} from '../oauth/client-auth.js';
import type {Token} from '../oauth/token-client.js';
import type {Grant, SignInMethod} from '../oauth/grants.js';
import type {TokenVerification} from '../oauth/verify-token.js';
import {checkUaaUrl} from '../oauth/uaa-url.js';
import {cleanCredential} from '../text/credential-whitespace.js';
import {credentialMixUp} from '../presentation/credential-mix-up.js';
import type {Keypress} from './keys/decode-keys.js';
import {editTextField, type TextFieldState, withoutEscapeSequences} from './text-field/text-field-state.js';
import {credentialsOfKey, looksLikeServiceKey, parseServiceKey, type ServiceKey} from '../service-key/parse-service-key.js';

export const fields = ['url', 'clientid', 'clientsecret'] as const;
export type Field = (typeof fields)[number];
/** The wizard's text fields; they become credentials through oauth/credentials.ts. */
export type Values = CredentialValues;

/** What the copy key took: the token alone, the ready curl command that carries it, or the browser sign-in's page. */
export type CopyTarget = 'token' | 'curl' | 'sign-in page';
export type CopyStatus =
	| {state: 'copying'; target: CopyTarget}
	| {state: 'copied'; target: CopyTarget; via: ClipboardKind}
	| {state: 'failed'; target: CopyTarget; reason: string};

/** Where the values came from, which decides what happens to a token: offer to save, update, or nothing. */
export type Origin =
	| {kind: 'new'}
	| {kind: 'profile'; name: string; hasSavedSecret: boolean}
	| {kind: 'edit'; name: string; hasSavedSecret: boolean};

/** The save-as-profile dialog on the result screen. At saving, the effect runner saves, and answers with save-finished. */
export type SaveDialog =
	| {stage: 'name'; name: string; cursor: number; problem?: string}
	| {stage: 'secret'; name: string}
	| {stage: 'saving'; name: string; keepSecret: boolean}
	/** secretPlace: where the secret went, in a sentence (the keychain, or the file and why). */
	| {stage: 'saved'; name: string; path: string; hasSavedSecret: boolean; isX509?: boolean; secretPlace?: string}
	| {stage: 'failed'; problem: string};

/**
 * Signing in as a user instead of getting the client's own token: how (undefined until chosen on the
 * choose-sign-in screen), as whom, and with which identity provider. Absent: the client's token, as always.
 */
export type SignInAs = {method?: SignInMethod; username?: string; origin?: string};

/** The user's steps: the name and password of the password grant, or a one-time passcode. */
export const userFields = ['username', 'password', 'passcode'] as const;
export type UserField = (typeof userFields)[number];

/**
 * notice: something the app did to the values that the user should know, such as whitespace it removed. signInAs:
 * this flow signs in as a user. grant: the user's password or passcode grant, held only while it is being sent
 * (signing-in) and on its failure screen, so a retry sends it again; never on any other screen.
 */
type Base = {values: Values; requestId: number; origin: Origin; extras?: KeyExtras; notice?: string; signInAs?: SignInAs; grant?: Grant};

/**
 * A step's input beyond its value. keyText holds a service key pasted into any field: it never enters a value and is
 * never shown. isKept marks a secret entered before, shown as kept until typing replaces it. mixUp is the other
 * field's shape seen in the value, asked about once before the value is used; any edit withdraws the question, so it
 * needs no copy of the value (which may be the secret) to know that a second Enter is for the same value.
 */
export type StepInput = {field: Field; cursor: number; keyText?: string; isKept?: boolean; mixUp?: {problem: string}; problem?: string};

export type WizardState =
	| (Base & {screen: 'picker'})
	| (Base & {screen: 'step'} & StepInput)
	/** How to sign in as a user: password, one-time passcode, or the browser. */
	| (Base & {screen: 'choose-sign-in'})
	/** A user step: value is the field's text (a password or passcode masked on screen). */
	| (Base & {screen: 'user-step'; field: UserField; value: string; cursor: number; problem?: string})
	| (Base & {
			screen: 'signing-in';
			/** The browser sign-in's page, shown while the browser is out; problem: why no browser opened. */
			browser?: {url: string; problem?: string; copyStatus?: CopyStatus};
			method?: ClientAuthMethod;
			retry?: RetryNotice;
			attempt?: AttemptNotice;
			/** Another uaa-token process is asking for this profile's token, and this one waits to use it. */
			isWaitingForOtherProcess?: boolean;
	  })
	| (Base & {
			screen: 'result';
			token: Token;
			isCached: boolean;
			isRevealed: boolean;
			isInspecting?: boolean;
			/** The token checked against its zone's keys: started the first time i opens the view, kept for this token. */
			verification?: VerificationState;
			copyStatus?: CopyStatus;
			save?: SaveDialog;
	  })
	| (Base & {screen: 'failure'; failure: Failure})
	/** A service key was read: what it holds is shown, secrets masked, before anything is sent. */
	| (Base & {screen: 'confirm-key'; key: ServiceKey});

export type VerificationState = {state: 'checking'} | {state: 'done'; result: TokenVerification};

/** A retry the token client is waiting to make, as the signing-in screen shows it. */
export type RetryNotice = {attempt: number; attempts: number; delayMs: number; reason: string};

/** The attempt under way and the whole request's --timeout budget, for `attempt 2/3, 4 s of 30 s`. */
export type AttemptNotice = {attempt: number; attempts: number; budgetMs: number};

/** A saved profile as the wizard opens it: its credential fields (the secret only when saved) and their extras. */
export type ProfileValues = Pick<CredentialFields, 'url' | 'clientId' | 'clientSecret'> & {
	name: string;
	extras?: KeyExtras;
	/** A profile that signs in as a user, and whether it keeps a refresh token to do so without asking. */
	signIn?: SignInAs & {method: SignInMethod};
	hasRefreshToken?: boolean;
};

export type WizardAction =
	/** Sets the whole value, cursor at its end: the demo's Tab. */
	| {type: 'change'; value: string}
	/** Enter at a step; keyFileText is what the file named in the url field holds, read for the reducer (keyFilePathToRead). */
	| {type: 'submit'; keyFileText?: string}
	/** hasProfiles: Esc at a new wizard's url step goes to the profile list when there is one. */
	| {type: 'back'; hasProfiles?: boolean}
	| {type: 'attempt-started'; requestId: number; method: ClientAuthMethod; attempt?: AttemptNotice}
	| {type: 'retry-scheduled'; requestId: number; retry: RetryNotice}
	| {type: 'waiting-for-other-process'; requestId: number}
	/** isCached: the token is one the profile kept, recorded there by another uaa-token this one waited for. */
	| {type: 'token-received'; requestId: number; token: Token; isCached?: boolean}
	| {type: 'token-failed'; requestId: number; failure: Failure}
	| {type: 'follow-next-step'}
	| {type: 'retry'}
	| {type: 'refresh'}
	| {type: 'toggle-reveal'}
	/** Opens or closes the decoded token in place of the answer's fields. */
	| {type: 'toggle-inspect'; canVerify?: boolean}
	| {type: 'verification-finished'; requestId: number; result: TokenVerification}
	| {type: 'copy-started'; target: CopyTarget}
	| {type: 'copy-finished'; status: Exclude<CopyStatus, {state: 'copying'}>}
	| {type: 'open-picker'}
	/** Key text read from a file whose path is in the url field; failing, the path stays and the text is never shown. */
	| {type: 'service-key-text'; text: string}
	| {type: 'confirm-key'}
	| {type: 'edit-key'}
	| {type: 'start-new'; values?: Partial<Values>; notice?: string; signInAs?: SignInAs}
	| {type: 'open-profile'; profile: ProfileValues; cachedToken?: Token}
	| {type: 'edit-profile'; profile: ProfileValues}
	| {type: 'save-start'; name: string}
	/** One key for the field on the screen: the step's input, or the save dialog's name. */
	| {type: 'key'; keypress: Keypress}
	/** A service key's text pasted where the app had no field for it (the picker): it opens a new wizard, hidden. */
	| {type: 'paste-key'; text: string}
	/** Enter in the name field: takenNames are the saved profiles' names; problem, one found before (a pasted key). */
	| {type: 'save-name-submit'; problem?: string; takenNames?: readonly string[]}
	/** y or n to keeping the client secret in the profile. */
	| {type: 'save-secret-answer'; keepSecret: boolean}
	| {type: 'save-cancel'}
	| {type: 'save-finished'; dialog: Extract<SaveDialog, {stage: 'saved' | 'failed'}>}
	| {type: 'profile-saved'; name: string; hasSavedSecret: boolean}
	/** A line for the result screen about what happened to its token, such as a cache that could not be written. */
	| {type: 'result-notice'; notice: string}
	/** g on a client-credentials result, or the picker's "Sign in as a user": choose how, with these values. */
	| {type: 'sign-in-as-user'}
	| {type: 'choose-sign-in'; method: SignInMethod}
	/** The browser sign-in is waiting at this page; problem, when no browser could be opened. */
	| {type: 'browser-sign-in-shown'; requestId: number; url: string; problem?: string}
	/** The browser came back with a code; what is left is the token request. */
	| {type: 'browser-sign-in-returned'; requestId: number};

export const emptyValues: Values = {url: '', clientid: '', clientsecret: ''};
const newOrigin: Origin = {kind: 'new'};

export function initialWizardState(values: Partial<Values> = {}, signInAs?: SignInAs): WizardState {
	return step({screen: 'picker', values: {...emptyValues, ...values}, requestId: 0, origin: newOrigin, ...(signInAs ? {signInAs} : {})}, 'url');
}

export function initialPickerState(): WizardState {
	return {screen: 'picker', values: emptyValues, requestId: 0, origin: newOrigin};
}


/** A step with its cursor at the end of its value; a secret already there is shown as kept, not as stars to type after. */
function step(state: WizardState, field: Field, values: Values = state.values, origin: Origin = state.origin, extras = state.extras): StepState {
	const value = values[field];
	return {
		screen: 'step',
		field,
		values,
		requestId: state.requestId,
		origin,
		extras,
		cursor: [...value].length,
		isKept: field === 'clientsecret' && value !== '' ? true : undefined,
		...signInAsOf(state),
	};
}

/** The user sign-in a flow carries from screen to screen; a grant, never. */
function signInAsOf(state: WizardState): {signInAs?: SignInAs} {
	return state.signInAs ? {signInAs: state.signInAs} : {};
}

function userStep(state: WizardState, field: UserField, value = ''): WizardState {
	const {values, requestId, origin, extras} = state;
	return {screen: 'user-step', field, value, cursor: [...value].length, values, requestId, origin, extras, ...signInAsOf(state)};
}

/**
 * After the client's values: its own token, or the user's sign-in, asking what is not known yet (how, who, the
 * password or passcode). The browser sign-in asks nothing here: the request itself opens the browser.
 */
function proceed(state: WizardState, values: Values = state.values, origin: Origin = state.origin, extras = state.extras): WizardState {
	const signInAs = state.signInAs;
	if (!signInAs || signInAs.method === 'code') {
		return signIn(state, values, origin, extras);
	}

	const withValues = {...state, values, origin, extras};
	if (signInAs.method === undefined) {
		const {requestId} = state;
		return {screen: 'choose-sign-in', values, requestId, origin, extras, signInAs};
	}

	if (signInAs.method === 'passcode') {
		return userStep(withValues, 'passcode');
	}

	return signInAs.username === undefined ? userStep(withValues, 'username') : userStep(withValues, 'password');
}

/** The client's last step before the user's: an X.509 key has no secret to ask for. */
function lastClientStep(state: WizardState): WizardState {
	return step(state, state.extras?.x509 ? 'clientid' : 'clientsecret');
}

function submitUserStep(state: Extract<WizardState, {screen: 'user-step'}>): WizardState {
	const signInAs = state.signInAs ?? {method: 'password'};
	if (state.field === 'username') {
		const username = state.value.trim();
		if (username === '') {
			return {...state, problem: 'Enter the user name you sign in with, often your email address.'};
		}

		return userStep({...state, signInAs: {...signInAs, username}}, 'password');
	}

	const secret = state.field === 'passcode' ? state.value.trim() : state.value;
	if (secret === '') {
		return {...state, problem: state.field === 'passcode' ? 'Paste the passcode the passcode page shows.' : 'Enter the password.'};
	}

	const grant: Grant =
		state.field === 'passcode'
			? {type: 'passcode', passcode: secret}
			: {type: 'password', username: signInAs.username ?? '', password: secret, ...(signInAs.origin === undefined ? {} : {origin: signInAs.origin})};
	return {...signIn(state), grant};
}

function backFromUserStep(state: Extract<WizardState, {screen: 'user-step'}>): WizardState {
	if (state.field === 'password' && state.signInAs?.username !== undefined) {
		return userStep(state, 'username', state.signInAs.username);
	}

	// A saved profile asked only for the user's part: back is its list.
	return state.origin.kind === 'profile' ? openPicker(state) : lastClientStep(state);
}

type StepState = Extract<WizardState, {screen: 'step'}>;

/** Request ids only grow, so an answer to an abandoned request is recognised and dropped. */
function signIn(state: WizardState, values: Values = state.values, origin: Origin = state.origin, extras = state.extras): WizardState {
	return {screen: 'signing-in', values, requestId: state.requestId + 1, origin, extras, ...signInAsOf(state)};
}


/**
 * The path of a service key file typed in the url field, which Enter reads: a url that is no url but names a file.
 * The key handler reads it and hands its text to submit; the reducer decides with this same rule.
 */
export function keyFilePathToRead(state: WizardState): string | undefined {
	if (state.screen !== 'step' || state.field !== 'url' || state.keyText !== undefined) {
		return undefined;
	}

	const path = keyFilePathOf(state.values.url);
	return path === undefined || looksLikeServiceKey(path) ? undefined : path;
}

/** Why a profile name cannot be used, or undefined. */
function saveNameProblem(name: string, takenNames: readonly string[]): string | undefined {
	return checkProfileName(name) ?? (takenNames.includes(name) ? `A profile named "${name}" already exists; choose another name.` : undefined);
}

/**
 * Reads service-key text: the confirmation screen, or the problem shown at the url step. A paste stays in the
 * field (hidden) for editing; a file's text never enters it, as a file that is no key may hold a secret in plain view.
 */
function readServiceKey(state: WizardState, text: string, source: 'paste' | 'file'): WizardState {
	const result = parseServiceKey(text);
	if (!result.ok) {
		if (source === 'paste' && state.screen === 'step') {
			// The key stays set apart, hidden, to be completed or dropped with Esc.
			return {...state, problem: result.problem};
		}

		return {...step(state, 'url'), problem: `${state.values.url.trim()}: ${result.problem}`};
	}

	const credentials = credentialsOfKey(result.key);
	const values = valuesOfFields(credentials);
	// A key is new values, wherever it was pasted: a profile is never updated by a paste it did not ask for.
	return {screen: 'confirm-key', key: result.key, values, requestId: state.requestId, origin: newOrigin, extras: keyExtrasOf(credentials), ...signInAsOf(state)};
}

/** Service-key text keeps its line breaks, which the cf CLI's header line needs; other control characters go. */
function cleanKeyText(text: string): string {
	// eslint-disable-next-line no-control-regex -- only line breaks survive in a pasted key
	return withoutEscapeSequences(text).replaceAll('\r\n', '\n').replaceAll('\r', '\n').replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, '');
}

const isClearingKey = (keypress: Keypress) =>
	keypress.kind === 'key' &&
	((!keypress.ctrl && !keypress.meta && (keypress.name === 'backspace' || keypress.name === 'delete')) ||
		(keypress.ctrl && (keypress.name === 'u' || keypress.name === 'w')) ||
		(keypress.meta && keypress.name === 'backspace'));

/** Says what removing whitespace changed, or nothing. */
function trimNotice(field: Field, wasTrimmed: boolean, how: 'pasted' | 'entered'): string | undefined {
	return wasTrimmed ? `Removed spaces or line breaks around the ${how} ${field}; XSUAA values have none at their ends.` : undefined;
}

/** One key for the step's field: a pasted key is set apart, a kept secret is replaced, anything else edits the value. */
function editStep(state: StepState, keypress: Keypress): StepState {
	const {field} = state;
	if (state.keyText !== undefined) {
		if (keypress.kind === 'text') {
			return {...state, keyText: state.keyText + cleanKeyText(keypress.text), problem: undefined};
		}

		if (isClearingKey(keypress)) {
			const keyText = keypress.kind === 'key' && keypress.name === 'backspace' && !keypress.meta ? state.keyText.slice(0, -1) : '';
			return {...state, keyText: keyText === '' ? undefined : keyText, problem: undefined};
		}

		return state;
	}

	if (keypress.kind === 'text' && (looksLikeServiceKey(keypress.text) || (field === 'url' && looksLikeServiceKey(state.values.url + keypress.text)))) {
		// The whole key goes apart from the field, so no part of it (the secret least of all) is ever drawn or sent as a value.
		const keyText = cleanKeyText(field === 'url' && state.values.url.trim() !== '' && !looksLikeServiceKey(keypress.text) ? state.values.url + keypress.text : keypress.text);
		const notice = field === 'url' ? undefined : `That is a whole service key, not the ${field}. It is kept hidden; press Enter to read it, or Esc to drop it.`;
		// The field stays as it was, a kept secret still kept, for when Esc drops the key.
		return {...state, keyText, problem: undefined, mixUp: undefined, notice};
	}

	const current: TextFieldState = state.isKept ? {value: '', cursor: 0} : {value: state.values[field], cursor: state.cursor};
	if (state.isKept && keypress.kind !== 'text' && !isClearingKey(keypress)) {
		// A kept secret is replaced whole or cleared whole: nothing else about it is visible to edit.
		return state;
	}

	const edit = editTextField(current, keypress);
	if (!edit.handled) {
		return state;
	}

	let {value, cursor} = edit.field;
	let {notice} = state;
	// A paste is trimmed as it lands, where the user sees it happen; typed spaces wait for Enter, as typing goes on, so
	// a burst of typed keys edits exactly as the same keys typed slowly.
	if (keypress.kind === 'text' && keypress.isPaste) {
		const cleaned = cleanCredential(field, value);
		if (cleaned.wasTrimmed) {
			const trimmedBefore = cleaned.value === '' ? 0 : [...value.slice(0, value.indexOf(cleaned.value))].length;
			cursor = Math.max(0, Math.min(cursor - trimmedBefore, [...cleaned.value].length));
			value = cleaned.value;
			notice = trimNotice(field, true, 'pasted');
		}
	}

	if (value === state.values[field] && cursor === state.cursor && !state.isKept) {
		return state;
	}

	const isSame = value === state.values[field];
	return {...state, values: {...state.values, [field]: value}, cursor, isKept: undefined, problem: isSame ? state.problem : undefined, mixUp: isSame ? state.mixUp : undefined, notice};
}

/** The value with its ends trimmed, or the problem of a value whose shape is the other field's, asked about once. */
function submitStep(state: StepState): WizardState {
	const {field, values} = state;
	if (state.keyText !== undefined) {
		return readServiceKey(state, state.keyText, 'paste');
	}

	const cleaned = cleanCredential(field, values[field]);
	const value = cleaned.value;
	const trimmed = trimNotice(field, cleaned.wasTrimmed, 'entered');
	if (field === 'url') {
		const check = checkUaaUrl(value);
		if (!check.isValid) {
			return {...state, values: {...values, url: value}, cursor: [...value].length, problem: check.problem, notice: trimmed};
		}

		const removed =
			check.removedParts.length > 0
				? `Removed ${check.removedParts.map(part => `"${part}"`).join(' and ')} from the url: uaa-token adds /oauth/token itself.`
				: undefined;
		const notice = [trimmed, removed].filter(Boolean).join(' ') || undefined;
		return {...step(state, 'clientid', {...values, url: check.baseUrl}), notice};
	}

	if (value === '') {
		return {...state, values: {...values, [field]: ''}, cursor: 0, isKept: undefined, problem: `Enter the ${field} from the uaa section of your service key.`};
	}

	const mixUp = state.isKept ? undefined : credentialMixUp(field, value);
	if (mixUp && !state.mixUp) {
		return {...state, values: {...values, [field]: value}, cursor: [...value].length, mixUp: {problem: `${mixUp} Press Enter again to use it anyway.`}, notice: trimmed};
	}

	const next = {...values, [field]: value};
	if (field === 'clientid') {
		// An X.509 key has no secret to ask for: its certificate authenticates.
		return state.extras?.x509 ? {...proceed(state, next), notice: trimmed} : {...step(state, 'clientsecret', next), notice: trimmed};
	}

	return {...proceed(state, next), notice: trimmed};
}

function goBack(state: WizardState, hasProfiles: boolean): WizardState {
	switch (state.screen) {
		case 'step': {
			if (state.keyText !== undefined) {
				// Esc drops a pasted key first, and the field is as it was before the paste.
				return {...state, keyText: undefined, problem: undefined, notice: undefined};
			}

			const index = fields.indexOf(state.field);
			// A saved profile only asked for its secret, and an edit started in the picker: both go back there.
			if (state.origin.kind === 'profile') {
				return openPicker(state);
			}

			if (index === 0) {
				return state.origin.kind === 'edit' || hasProfiles ? openPicker(state) : state;
			}

			return step(state, fields[index - 1]!);
		}

		case 'choose-sign-in': {
			return state.origin.kind === 'profile' ? openPicker(state) : lastClientStep(state);
		}

		case 'user-step': {
			return backFromUserStep(state);
		}

		// Leaving signing-in abandons the request: its answer no longer matches the request id.
		case 'signing-in':
		case 'failure': {
			// A user's sign-in goes back to its own last question: the password or passcode is asked again.
			if (state.signInAs?.method === 'password' || state.signInAs?.method === 'passcode') {
				return state.signInAs.method === 'passcode' ? userStep(state, 'passcode') : userStep(state, state.signInAs.username === undefined ? 'username' : 'password');
			}

			// An X.509 key was never asked for a secret: back is its last question, or the picker it came from.
			if (state.extras?.x509) {
				return state.origin.kind === 'new' ? step(state, 'clientid') : openPicker(state);
			}

			return state.origin.kind === 'profile' && state.origin.hasSavedSecret ? openPicker(state) : step(state, 'clientsecret');
		}

		case 'result': {
			return state.save && state.save.stage !== 'saved' ? {...state, save: undefined} : state;
		}

		case 'picker': {
			return state;
		}

		// Back to an empty url step: the pasted key, secret and all, is dropped.
		case 'confirm-key': {
			return step(state, 'url', emptyValues, state.origin, undefined);
		}

		default: {
			const unhandled: never = state;
			return unhandled;
		}
	}
}

/** A retry sends the same password or passcode again, which the failure screen held for it. */
function withGrantOf(state: WizardState, next: WizardState): WizardState {
	return state.grant ? {...next, grant: state.grant} : next;
}

function openPicker(state: WizardState): WizardState {
	return {screen: 'picker', values: emptyValues, requestId: state.requestId, origin: newOrigin};
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'change': {
			if (state.screen === 'user-step') {
				const value = withoutEscapeSequences(action.value);
				return {...state, value, cursor: [...value].length, problem: undefined};
			}

			if (state.screen !== 'step') {
				return state;
			}

			// As if the field were cleared and the value typed: a key in it is set apart like any other.
			const cleared = {...state, values: {...state.values, [state.field]: ''}, cursor: 0, isKept: undefined, keyText: undefined, mixUp: undefined, problem: undefined};
			return editStep(cleared, {kind: 'text', text: action.value, isPaste: false});
		}

		case 'key': {
			if (state.screen === 'step') {
				return editStep(state, action.keypress);
			}

			if (state.screen === 'user-step') {
				const edit = editTextField({value: state.value, cursor: state.cursor}, action.keypress);
				return edit.handled && (edit.field.value !== state.value || edit.field.cursor !== state.cursor)
					? {...state, value: edit.field.value, cursor: edit.field.cursor, problem: edit.field.value === state.value ? state.problem : undefined}
					: state;
			}

			if (state.screen === 'result' && state.save?.stage === 'name') {
				const edit = editTextField({value: state.save.name, cursor: state.save.cursor}, action.keypress);
				return edit.handled ? {...state, save: {stage: 'name', name: edit.field.value, cursor: edit.field.cursor}} : state;
			}

			return state;
		}

		case 'paste-key': {
			return editStep(step(state, 'url', emptyValues, newOrigin, undefined), {kind: 'text', text: action.text, isPaste: true});
		}

		case 'submit': {
			if (state.screen === 'user-step') {
				return submitUserStep(state);
			}

			if (state.screen !== 'step') {
				return state;
			}

			return keyFilePathToRead(state) !== undefined && action.keyFileText !== undefined ? readServiceKey({...state, origin: newOrigin}, action.keyFileText, 'file') : submitStep(state);
		}

		case 'back': {
			return goBack(state, action.hasProfiles ?? false);
		}

		case 'waiting-for-other-process': {
			return state.screen === 'signing-in' && state.requestId === action.requestId ? {...state, isWaitingForOtherProcess: true} : state;
		}

		case 'attempt-started': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId) {
				return state;
			}

			// An attempt of its own: the process it waited for, if any, ended without a token for it.
			const {retry, isWaitingForOtherProcess, ...rest} = state;
			if (!action.attempt) {
				return {...rest, ...(retry ? {retry} : {}), method: action.method};
			}

			// A first attempt is a new auth method's: the other method's retry notice no longer applies.
			return {...rest, method: action.method, attempt: action.attempt, ...(retry && action.attempt.attempt > 1 ? {retry} : {})};
		}

		case 'retry-scheduled': {
			return state.screen === 'signing-in' && state.requestId === action.requestId ? {...state, retry: action.retry} : state;
		}

		case 'token-received': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId) {
				return state;
			}

			return {
				screen: 'result',
				values: state.values,
				requestId: state.requestId,
				origin: state.origin,
				extras: state.extras,
				notice: state.notice,
				...signInAsOf(state),
				token: action.token,
				isCached: action.isCached ?? false,
				isRevealed: false,
			};
		}

		case 'token-failed': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId) {
				return state;
			}

			const {values, requestId, origin, extras, notice, grant} = state;
			return {screen: 'failure', values, requestId, origin, extras, notice, ...signInAsOf(state), ...(grant ? {grant} : {}), failure: action.failure};
		}

		case 'follow-next-step': {
			if (state.screen !== 'failure') {
				return state;
			}

			const {nextAction} = describeFailure(state.failure);
			if (nextAction === 'reenter-credentials') {
				if (state.extras?.x509) {
					return step(state, 'clientid');
				}

				// The url is kept; a profile asks only for the secret, which replaces a saved one once it works.
				return step(state, state.origin.kind === 'profile' ? 'clientsecret' : 'clientid', {...state.values, clientsecret: ''});
			}

			if (nextAction === 'sign-in-again') {
				// A refused password or passcode is asked for again; the browser sign-in opens the browser again.
				return proceed({...state, signInAs: {method: 'password', ...state.signInAs}});
			}

			if (nextAction === 'edit-url') {
				return step(state, 'url', state.values, state.origin.kind === 'profile' ? {kind: 'edit', name: state.origin.name, hasSavedSecret: state.origin.hasSavedSecret} : state.origin);
			}

			return withGrantOf(state, signIn(state));
		}

		case 'retry': {
			return state.screen === 'failure' ? withGrantOf(state, signIn(state)) : state;
		}

		case 'refresh': {
			if (state.screen !== 'result' || (state.save && state.save.stage !== 'saved' && state.save.stage !== 'failed')) {
				return state;
			}

			if (state.values.clientsecret === '' && !state.extras?.x509) {
				return step(state, 'clientsecret');
			}

			// A saved user's profile refreshes with its refresh token; new values sign the user in again.
			return state.signInAs && state.origin.kind === 'new' ? proceed(state) : signIn(state);
		}

		case 'toggle-reveal': {
			return state.screen === 'result' ? {...state, isRevealed: !state.isRevealed} : state;
		}

		case 'toggle-inspect': {
			// Not while the save dialog waits for an answer: its keys would act on a screen no longer shown.
			const isDialogOpen = state.screen === 'result' && (state.save?.stage === 'name' || state.save?.stage === 'secret');
			if (state.screen !== 'result' || isDialogOpen) {
				return state;
			}

			const isInspecting = !state.isInspecting;
			return {...state, isInspecting, ...(isInspecting && action.canVerify && state.verification === undefined ? {verification: {state: 'checking'}} : {})};
		}

		case 'verification-finished': {
			return state.screen === 'result' && state.requestId === action.requestId && state.verification?.state === 'checking'
				? {...state, verification: {state: 'done', result: action.result}}
				: state;
		}

		case 'copy-started': {
			if (state.screen === 'signing-in') {
				return state.browser && action.target === 'sign-in page' ? {...state, browser: {...state.browser, copyStatus: {state: 'copying', target: action.target}}} : state;
			}

			return state.screen === 'result' && action.target !== 'sign-in page' ? {...state, copyStatus: {state: 'copying', target: action.target}} : state;
		}

		case 'copy-finished': {
			if (state.screen === 'signing-in') {
				return state.browser && action.status.target === 'sign-in page' ? {...state, browser: {...state.browser, copyStatus: action.status}} : state;
			}

			return state.screen === 'result' && action.status.target !== 'sign-in page' ? {...state, copyStatus: action.status} : state;
		}

		case 'open-picker': {
			return openPicker(state);
		}

		case 'start-new': {
			const fresh = {...openPicker(state), ...(action.signInAs ? {signInAs: action.signInAs} : {})};
			return {...step(fresh, 'url', {...emptyValues, ...action.values}, newOrigin, undefined), notice: action.notice} as WizardState;
		}

		case 'sign-in-as-user': {
			// A client-credentials answer's values, signed in again as a user: new values, as a save would make a new profile.
			if (state.screen !== 'result' || state.signInAs || (state.save && state.save.stage !== 'saved' && state.save.stage !== 'failed')) {
				return state;
			}

			const {values, requestId, extras} = state;
			return {screen: 'choose-sign-in', values, requestId, origin: newOrigin, extras, signInAs: {}};
		}

		case 'choose-sign-in': {
			return state.screen === 'choose-sign-in' ? proceed({...state, signInAs: {...state.signInAs, method: action.method}}) : state;
		}

		case 'browser-sign-in-shown': {
			return state.screen === 'signing-in' && state.requestId === action.requestId ? {...state, browser: {url: action.url, ...(action.problem ? {problem: action.problem} : {})}} : state;
		}

		case 'browser-sign-in-returned': {
			if (state.screen !== 'signing-in' || state.requestId !== action.requestId || !state.browser) {
				return state;
			}

			const {browser, ...rest} = state;
			return rest;
		}

		case 'service-key-text': {
			return readServiceKey({...state, origin: newOrigin}, action.text, 'file');
		}

		case 'confirm-key': {
			return state.screen === 'confirm-key' ? proceed(state) : state;
		}

		case 'edit-key': {
			return state.screen === 'confirm-key' ? step(state, 'url') : state;
		}

		case 'open-profile': {
			const {profile, cachedToken} = action;
			const origin: Origin = {kind: 'profile', name: profile.name, hasSavedSecret: profile.clientSecret !== undefined};
			const values = valuesOfFields(profile);
			if (cachedToken) {
				return {screen: 'result', values, requestId: state.requestId, origin, extras: profile.extras, token: cachedToken, isCached: true, isRevealed: false};
			}

			const canSignIn = profile.clientSecret !== undefined || profile.extras?.x509 !== undefined;
			const opened = {...openPicker(state), ...(profile.signIn ? {signInAs: profile.signIn} : {})};
			if (!canSignIn) {
				return step(opened, 'clientsecret', values, origin, profile.extras);
			}

			// A user's refresh token, or the browser, gets a token without a question; a password or passcode is asked.
			return profile.signIn && !profile.hasRefreshToken ? proceed(opened, values, origin, profile.extras) : signIn(opened, values, origin, profile.extras);
		}

		case 'edit-profile': {
			const {profile} = action;
			return step(state, 'url', valuesOfFields(profile), {kind: 'edit', name: profile.name, hasSavedSecret: profile.clientSecret !== undefined}, profile.extras);
		}

		case 'save-start': {
			return state.screen === 'result' && state.origin.kind === 'new' ? {...state, isInspecting: false, save: {stage: 'name', name: action.name, cursor: [...action.name].length}} : state;
		}

		case 'save-name-submit': {
			if (state.screen !== 'result' || state.save?.stage !== 'name') {
				return state;
			}

			const name = state.save.name.trim();
			const problem = action.problem ?? (action.takenNames ? saveNameProblem(name, action.takenNames) : undefined);
			if (problem) {
				return {...state, save: {...state.save, problem}};
			}

			// An X.509 profile is useless without its certificate and key, so there is nothing to ask.
			return {...state, save: state.extras?.x509 && action.takenNames ? {stage: 'saving', name, keepSecret: false} : {stage: 'secret', name}};
		}

		case 'save-secret-answer': {
			return state.screen === 'result' && state.save?.stage === 'secret' ? {...state, save: {stage: 'saving', name: state.save.name, keepSecret: action.keepSecret}} : state;
		}

		case 'save-cancel': {
			return state.screen === 'result' ? {...state, save: undefined} : state;
		}

		case 'save-finished': {
			return state.screen === 'result' ? {...state, save: action.dialog} : state;
		}

		case 'result-notice': {
			return state.screen === 'result' ? {...state, notice: state.notice ? `${state.notice}\n${action.notice}` : action.notice} : state;
		}

		case 'profile-saved': {
			// Later refreshes of these values belong to the saved profile.
			return state.screen === 'result' ? {...state, origin: {kind: 'profile', name: action.name, hasSavedSecret: action.hasSavedSecret}} : state;
		}

		default: {
			const unhandled: never = action;
			return unhandled;
		}
	}
}
