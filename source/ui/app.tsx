import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';
import {Box, type DOMElement, measureElement, Text, useApp, useIsScreenReaderEnabled, useStdin, useStdout} from 'ink';
import type {ClipboardKind} from '../clipboard/clipboard.js';
import {describeFailure} from '../presentation/describe-failure.js';
import {apiUrlProblem} from '../presentation/hand-off.js';
import {cancelledExitCode, localFileExitCode} from '../errors/exit-codes.js';
import {ExitRequest} from '../errors/exit-request.js';
import {describeLocalFileError, isLocalFileError} from '../errors/local-file.js';
import {cleanOutsideText} from '../text/outside-text.js';
import type {Token} from '../oauth/token-client.js';
import {tokenUrlFor} from '../oauth/uaa-url.js';
import {checkProfileName, defaultProfileName, type Profile, type ProfileStore} from '../profiles/profile-store.js';
import {isCacheUsable, markUsed, newProfile, type ProfileExtras, recordToken, tokenFromCache} from '../profiles/profile-token.js';
import {keyFilePathOf} from '../service-key/key-file-path.js';
import {looksLikeServiceKey} from '../service-key/parse-service-key.js';
import {isKey, type Keypress} from './keys/decode-keys.js';
import {useKeypresses} from './keys/use-keypresses.js';
import {handlePickerKey, type PickerCommands, pickerKeyHints, pickerListRows, pickerPageSize} from './picker/picker.js';
import {ScrollView, useScroll} from './scroll-view/index.js';
import {initialPickerState as initialPickerListState, pickerEntries, pickerReducer} from './picker/picker-state.js';
import {useSyncReducer} from './use-sync-reducer.js';
import {FailureScreen} from './failure-screen.js';
import {GuidePanel, type GuideTopic} from './guide-panel.js';
import {Header} from './header.js';
import {type KeyHint, KeyHints} from './key-hints.js';
import {Picker} from './picker/index.js';
import {nextStepCommand, ResultScreen} from './result-screen.js';
import {SaveDialogView} from './save-dialog.js';
import {SigningIn} from './signing-in.js';
import {type RequestTokenFunction, type SigningInState, useTokenRequest} from './use-token-request.js';
import {ConfirmKey} from './confirm-key.js';
import {TutorialIntro} from './tutorial-intro.js';
import {AvailableColumnsContext, TerminalColumnsProvider, useTerminalColumns, useTerminalRows} from './use-columns.js';
import {WizardStep} from './wizard-step.js';
import {type KeyExtras, type ProfileValues, type Values, type CopyTarget, type WizardAction, type WizardState, initialPickerState, initialWizardState, wizardReducer} from './wizard-state.js';

/** The practice server's values, and its API, which the next-step command calls. */
export type DemoValues = Values & {serviceUrl?: string};

export type AppProps = {
	readonly requestToken: RequestTokenFunction;
	/** Says where the text went; rejects with a reason fit to show when it could go nowhere. */
	readonly copyToClipboard: (text: string) => Promise<ClipboardKind>;
	/** Set in --demo: the practice server's values, shown beside each step. */
	readonly demoValues?: DemoValues;
	/** Starts the practice server for the picker's "Try the demo". */
	readonly startDemo?: () => Promise<DemoValues>;
	/** Saved profiles; without a store nothing is saved or offered. */
	readonly store?: ProfileStore;
	/** --profile: open this profile's result screen at once. */
	readonly initialProfile?: string;
	/** --refresh: ignore cached tokens. */
	readonly isRefreshForced?: boolean;
	readonly initialValues?: Partial<Values>;
	/** --service-key: the key's text, opened at its confirmation screen. */
	readonly initialServiceKeyText?: string;
	/** Reads a service key file named at the url step; undefined when it cannot be read. */
	readonly readTextFile?: (path: string) => string | undefined;
	/** --ca: extra CA certificates, kept in profiles saved in this session. */
	readonly ca?: string;
	/** --tutorial: an intro, then the wizard with the guide open. */
	readonly isTutorial?: boolean;
	/** Lines to show on the first screen, such as whitespace removed from --url or --client-id. */
	readonly initialNotices?: readonly string[];
	readonly now?: () => number;
};

function profileValues(profile: Profile): ProfileValues {
	const {certUrl, certificate, key, serviceUrl} = profile;
	const x509 = certUrl !== undefined && certificate !== undefined && key !== undefined ? {certUrl, certificate, key} : undefined;
	return {name: profile.name, url: profile.url, clientId: profile.clientId, clientSecret: profile.clientSecret, extras: {x509, serviceUrl}};
}

/** Profile fields for what a key brought beyond the three values. */
function profileExtras(extras: KeyExtras | undefined, ca: string | undefined): ProfileExtras {
	return {serviceUrl: extras?.serviceUrl, ca, ...(extras?.x509 ?? {})};
}

/** Says which saved profiles already hold these values, so a re-imported key is not saved twice unknowingly. */
function profilesHolding(profiles: readonly Profile[], values: Values): string[] {
	const holding = profiles.filter(profile => profile.url === values.url && profile.clientId === values.clientid).map(profile => `"${profile.name}"`);
	if (holding.length === 0) {
		return [];
	}

	return [`The saved profile ${holding.join(', ')} already holds this key's url and clientid; choose it in the profile list to reuse its token.`];
}

/** At this width the guide fits beside a screen that keeps 59 columns, enough for labels beside their values. */
const sideGuideMinColumns = 100;
const sideGuideWidth = 40;
/** Below the wizard the whole guide takes about 24 rows; with fewer rows than this it would push the input off the top. */
const fullBottomGuideMinRows = 40;

/**
 * Where "?" opens the guide: everywhere except in text the user is typing. An empty wizard field takes it (no url,
 * clientid or XSUAA secret starts with "?"); the picker handles it itself, as its filter listens to every key.
 */
function isGuideKey(state: WizardState): boolean {
	switch (state.screen) {
		case 'step': {
			return state.values[state.field] === '' && state.keyText === undefined && !state.isKept;
		}

		case 'result': {
			return state.save?.stage !== 'name';
		}

		case 'picker': {
			return false;
		}

		default: {
			return true;
		}
	}
}

function guideTopicFor(state: WizardState): GuideTopic {
	return state.screen === 'step' ? state.field : state.screen;
}

function keyHintsFor(state: WizardState, isDemo: boolean, canSave: boolean, hasProfiles: boolean): KeyHint[] {
	switch (state.screen) {
		case 'picker': {
			return [];
		}

		case 'confirm-key': {
			return [
				{keys: 'Enter', action: 'get a token'},
				...(state.extras?.x509 ? [] : [{keys: 'e', action: 'edit the values'}]),
				{keys: 'Esc', action: 'back'},
				{keys: 'Ctrl+C', action: 'quit'},
			];
		}

		case 'step': {
			const canGoBack = state.field !== 'url' || state.origin.kind === 'edit' || (state.origin.kind === 'new' && hasProfiles);
			return [
				{keys: 'Enter', action: 'next'},
				...(canGoBack ? [{keys: 'Esc', action: state.field === 'url' || state.origin.kind === 'profile' ? 'profiles' : 'back'}] : []),
				...(isDemo ? [{keys: 'Tab', action: 'fill demo value'}] : []),
				{keys: 'Ctrl+C', action: 'quit'},
			];
		}

		case 'signing-in': {
			return [
				{keys: 'Esc', action: 'cancel'},
				{keys: 'Ctrl+C', action: 'quit'},
			];
		}

		case 'result': {
			if (state.save?.stage === 'name') {
				return [
					{keys: 'Enter', action: 'save'},
					{keys: 'Esc', action: 'cancel'},
				];
			}

			if (state.save?.stage === 'secret') {
				return [
					{keys: 'y', action: 'store the secret too'},
					{keys: 'n', action: 'do not store it'},
					{keys: 'Esc', action: 'cancel'},
				];
			}

			if (state.isInspecting) {
				return [
					{keys: 'i', action: 'back to the answer'},
					{keys: 'c', action: 'copy token'},
					{keys: 'q', action: 'quit'},
				];
			}

			return [
				{keys: 'v', action: state.isRevealed ? 'hide token' : 'show token'},
				{keys: 'c', action: 'copy token'},
				{keys: 'C', action: 'copy curl command'},
				{keys: 'i', action: 'what is inside'},
				...(canSave ? [{keys: 's', action: 'save as profile'}] : []),
				{keys: 'R', action: 'new token'},
				...(hasProfiles ? [{keys: 'Esc', action: 'profiles'}] : []),
				{keys: 'q', action: 'quit'},
			];
		}

		case 'failure': {
			const labels = {'reenter-credentials': 're-enter clientid and clientsecret', 'edit-url': 'edit the url', retry: 'try again'};
			const {nextAction} = describeFailure(state.failure);
			const reenterLabel = state.origin.kind === 'profile' ? 're-enter clientsecret' : labels[nextAction];
			return [
				{keys: 'Enter', action: nextAction === 'reenter-credentials' ? reenterLabel : labels[nextAction]},
				...(nextAction === 'retry' ? [] : [{keys: 'r', action: 'try again'}]),
				{keys: 'Esc', action: 'back'},
				{keys: 'q', action: 'quit'},
			];
		}

		default: {
			const unhandled: never = state;
			return unhandled;
		}
	}
}

export function App(props: AppProps) {
	return (
		<TerminalColumnsProvider>
			<AppScreens {...props} />
		</TerminalColumnsProvider>
	);
}

function AppScreens({
	requestToken,
	copyToClipboard,
	demoValues: demoValuesFromFlags,
	startDemo,
	store,
	initialProfile,
	isRefreshForced = false,
	initialValues,
	initialServiceKeyText,
	readTextFile,
	ca,
	isTutorial = false,
	initialNotices = [],
	now = Date.now,
}: AppProps) {
	/** A profile file that could not be read or written: told on screen, and q then exits 4 (localFileExitCode). */
	const localFileFailure = useRef<string | undefined>(undefined);
	/** The profiles, or none and a notice when their directory may not be used (another user's, say). */
	const listProfiles = useCallback((): {profiles: Profile[]; problem?: string} => {
		try {
			return {profiles: store?.list() ?? []};
		} catch (error) {
			if (!isLocalFileError(error)) {
				throw error;
			}

			const {title, whatToDo} = describeLocalFileError(error);
			localFileFailure.current = title;
			return {profiles: [], problem: `Profiles cannot be used: ${title}. ${whatToDo}`};
		}
	}, [store]);
	const [firstList] = useState(listProfiles);
	const [profiles, setProfilesState] = useState<Profile[]>(() => firstList.profiles);
	// Read by keys, which must see a reload that the key before them caused.
	const profilesNow = useRef(profiles);
	const setProfiles = useCallback((next: Profile[]) => {
		profilesNow.current = next;
		setProfilesState(next);
	}, []);
	const [notices, setNotices] = useState<string[]>(() => [...initialNotices, ...(store?.warnings.splice(0) ?? []), ...(firstList.problem ? [firstList.problem] : [])]);
	const [demoValues, setDemoValues] = useState(demoValuesFromFlags);
	const [state, dispatchWizard, getState] = useSyncReducer(wizardReducer, () => {
		if (initialServiceKeyText !== undefined) {
			return wizardReducer(initialWizardState(), {type: 'service-key-text', text: initialServiceKeyText});
		}

		return profiles.length > 0 && initialProfile === undefined && initialValues === undefined && demoValuesFromFlags === undefined && !isTutorial
			? initialPickerState()
			: initialWizardState(initialValues);
	});
	const [pickerState, dispatchPicker, getPickerState] = useSyncReducer(pickerReducer, () => initialPickerListState);
	/** Every screen change goes through here: the picker opens afresh, as a new screen would. */
	const dispatch = useCallback(
		(action: WizardAction) => {
			const before = getState().screen;
			dispatchWizard(action);
			if (before !== 'picker' && getState().screen === 'picker') {
				dispatchPicker({type: 'reset'});
			}
		},
		[dispatchWizard, dispatchPicker, getState],
	);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const [isGuideOpen, setGuideOpenState, isGuideOpenNow] = useSyncReducer((_: boolean, next: boolean) => next, () => isTutorial);
	const [isIntroShown, setIntroShown, isIntroShownNow] = useSyncReducer((_: boolean, next: boolean) => next, () => isTutorial && initialServiceKeyText === undefined);
	const toggleGuide = useCallback(() => {
		setGuideOpenState(!isGuideOpenNow());
	}, [setGuideOpenState, isGuideOpenNow]);
	const terminalColumns = useTerminalColumns();
	// Without a height (output to a non-terminal, such as a test's), nothing is windowed: there is no scrollback to lose.
	// A screen reader reads Ink's output line by line, unclipped: it gets the whole screen, never a window with counts.
	const {stdout} = useStdout();
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	const isHeightKnown = Boolean(stdout.rows) && !isScreenReaderEnabled;
	const measuredRows = useTerminalRows();
	const terminalRows = isHeightKnown ? measuredRows : Number.POSITIVE_INFINITY;
	const scroll = useScroll();
	// The rows above and below the body (header, notices, key hints) as last drawn: the body gets the rest.
	const topRef = useRef<DOMElement>(null);
	const bottomRef = useRef<DOMElement>(null);
	// A first guess on the high side: the first frame is drawn before anything is measured, and one row too many would clear the scrollback.
	const [chromeRows, setChromeRows] = useState(10);
	useLayoutEffect(() => {
		const rows = (topRef.current ? measureElement(topRef.current).height : 0) + (bottomRef.current ? measureElement(bottomRef.current).height : 0);
		if (rows !== chromeRows) {
			setChromeRows(rows);
		}
	});
	// A row is left free: Ink redraws a frame as tall as the terminal by clearing the screen and its scrollback.
	const bodyRows = Math.max(3, terminalRows - chromeRows - 1);
	const guideLayout = terminalColumns >= sideGuideMinColumns ? 'side' : 'bottom';

	const reloadProfiles = useCallback(() => {
		if (store) {
			const listed = listProfiles();
			setProfiles(listed.profiles);
			const warnings = [...store.warnings.splice(0), ...(listed.problem ? [listed.problem] : [])];
			if (warnings.length > 0) {
				setNotices(current => [...current.filter(notice => !warnings.includes(notice)), ...warnings]);
			}
		}
	}, [store, listProfiles]);

	/** q and the picker's quit: a profile that could not be written makes it exit 4, as the scripted path does. */
	const quit = useCallback(() => {
		exit(localFileFailure.current === undefined ? undefined : new ExitRequest(localFileExitCode, localFileFailure.current));
	}, [exit]);

	/** Words for a failed save; a local file problem is remembered for the exit code and says what to do. */
	const saveProblem = useCallback((error: unknown): string => {
		if (isLocalFileError(error)) {
			const {title, whatToDo} = describeLocalFileError(error);
			localFileFailure.current = title;
			return `${title}. ${whatToDo}`;
		}

		return error instanceof Error ? error.message : String(error);
	}, []);

	const openProfile = useCallback(
		(name: string, isFresh: boolean) => {
			const profile = store?.get(name);
			if (!store || !profile) {
				reloadProfiles();
				setNotices(current => [...current, `The profile "${name}" no longer exists.`]);
				dispatch({type: 'open-picker'});
				return;
			}

			if (!isFresh && isCacheUsable(profile.token, now())) {
				// Right after start the store may not write yet; the profile opens at once, and its use is noted when it can.
				store.writable
					.then(() => {
						markUsed(store, profile, now());
					})
					.catch(() => undefined);
				dispatch({type: 'open-profile', profile: profileValues(profile), cachedToken: tokenFromCache(profile.token, profile)});
			} else {
				dispatch({type: 'open-profile', profile: profileValues(profile)});
			}
		},
		[store, now, reloadProfiles],
	);

	// A new screen starts at its top.
	const screenKey = `${state.screen}:${state.screen === 'step' ? state.field : ''}:${state.screen === 'result' ? String(state.isInspecting) : ''}:${String(isIntroShown)}`;
	const scrolledScreen = useRef(screenKey);
	// Until the reset below has run, a new screen is drawn from its top, not at the offset the last one was scrolled to.
	const scrollOffset = scrolledScreen.current === screenKey ? scroll.offset : 0;
	useEffect(() => {
		scrolledScreen.current = screenKey;
		scroll.scroll('top');
	}, [screenKey, scroll.scroll]);

	// Notices belong to the screen they appeared on; the picker's stay while it is open.
	const firstScreen = useRef(state.screen);
	useEffect(() => {
		if (state.screen !== firstScreen.current && state.screen !== 'picker') {
			firstScreen.current = state.screen;
			setNotices([]);
		}
	}, [state.screen]);

	useEffect(() => {
		if (initialProfile !== undefined) {
			openProfile(initialProfile, isRefreshForced);
		}
		// Only the first screen depends on these flags.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	/** Keeps a profile's token and the method that worked; an edited profile also takes its new values. */
	const storeToken = useCallback(
		(token: Token, request: SigningInState): WizardAction[] => {
			const {origin, values} = request;
			if (!store || origin.kind === 'new') {
				return [];
			}

			try {
				const profile = store.get(origin.name);
				if (!profile) {
					return [{type: 'save-finished', dialog: {stage: 'failed', problem: `The profile "${origin.name}" no longer exists, so this token was not stored.`}}];
				}

				if (origin.kind === 'profile') {
					// A saved secret that was re-entered after a 401 is replaced by the one that worked.
					recordToken(store, profile, token, {now: now(), clientSecret: origin.hasSavedSecret ? values.clientsecret : undefined});
					return [];
				}

				const edited = {
					...profile,
					url: values.url,
					clientId: values.clientid,
					clientSecret: origin.hasSavedSecret && !request.extras?.x509 ? values.clientsecret : undefined,
				};
				recordToken(store, edited, token, {now: now()});
				return [
					{type: 'profile-saved', name: origin.name, hasSavedSecret: origin.hasSavedSecret},
					{
						type: 'save-finished',
						dialog: {stage: 'saved', name: origin.name, path: store.pathOf(origin.name), hasSavedSecret: origin.hasSavedSecret, isX509: request.extras?.x509 !== undefined},
					},
				];
			} catch (error) {
				if (isLocalFileError(error)) {
					// The token was fetched and is good: it is shown, and the screen says it was not kept.
					const problem = saveProblem(error);
					return [{type: 'result-notice', notice: `Could not save the token to ${cleanOutsideText(store.pathOf(origin.name))}: ${problem} The token below still works.`}];
				}

				return [{type: 'save-finished', dialog: {stage: 'failed', problem: saveProblem(error)}}];
			} finally {
				reloadProfiles();
			}
		},
		[store, now, reloadProfiles, saveProblem],
	);

	const contextFor = useCallback(
		(request: SigningInState) => {
			const profile = store && request.origin.kind !== 'new' ? store.get(request.origin.name) : undefined;
			return {preferredMethod: profile?.authMethod, ca: profile?.ca};
		},
		[store],
	);
	useTokenRequest(state, dispatch, requestToken, storeToken, contextFor);

	const copyText = useCallback(
		(text: string, target: CopyTarget) => {
			dispatch({type: 'copy-started', target});
			copyToClipboard(text).then(
				via => {
					dispatch({type: 'copy-finished', status: {state: 'copied', target, via}});
				},
				(error: unknown) => {
					const reason = error instanceof Error && error.message ? error.message : 'no clipboard is available here.';
					dispatch({type: 'copy-finished', status: {state: 'failed', target, reason}});
				},
			);
		},
		[copyToClipboard],
	);

	/** The service's API for the next-step command: from the service key or profile, or the practice server's own. */
	function apiUrlOf(result: WizardState): string | undefined {
		const apiUrl = result.extras?.serviceUrl ?? (demoValues !== undefined && result.values.url === demoValues.url ? demoValues.serviceUrl : undefined);
		// One the scripted --format curl would refuse is left out, and the command shows where the url goes instead.
		return apiUrl === undefined || apiUrlProblem(apiUrl) !== undefined ? undefined : apiUrl;
	}

	/** Whether these are the practice server's values, which are the same for everyone and never saved. */
	function isDemoValues(state: WizardState): boolean {
		return demoValues !== undefined && state.values.url === demoValues.url && state.values.clientid === demoValues.clientid;
	}

	function canSaveIn(state: WizardState): boolean {
		return store !== undefined && !isDemoValues(state) && state.screen === 'result' && state.origin.kind === 'new' && state.save === undefined;
	}

	const canSave = canSaveIn(state);
	const canTryDemo = startDemo !== undefined || demoValues !== undefined;
	// Filtering a thousand profiles is the picker's heaviest work: once per render, for its rows and for its hints.
	const shownPickerEntries = state.screen === 'picker' ? pickerEntries(profiles, pickerState.filter.value, canTryDemo) : [];
	const hasProfiles = profiles.length > 0;

	function saveNewProfile(state: WizardState, name: string, shouldStoreSecret: boolean): void {
		if (!store || state.screen !== 'result') {
			return;
		}

		try {
			const {values, token, extras} = state;
			const isX509 = extras?.x509 !== undefined;
			store.save(
				newProfile({
					name,
					url: values.url,
					clientId: values.clientid,
					clientSecret: shouldStoreSecret && !isX509 ? values.clientsecret : undefined,
					extras: profileExtras(extras, ca),
					token,
					now: now(),
				}),
			);
			dispatch({type: 'profile-saved', name, hasSavedSecret: shouldStoreSecret});
			dispatch({type: 'save-finished', dialog: {stage: 'saved', name, path: store.pathOf(name), hasSavedSecret: shouldStoreSecret && !isX509, isX509}});
		} catch (error) {
			dispatch({type: 'save-finished', dialog: {stage: 'failed', problem: saveProblem(error)}});
		}

		reloadProfiles();
	}

	function submitSaveName(state: WizardState): void {
		if (state.screen !== 'result' || state.save?.stage !== 'name') {
			return;
		}

		const name = state.save.name.trim();
		const problem = checkProfileName(name) ?? (store?.get(name) ? `A profile named "${name}" already exists; choose another name.` : undefined);
		// An X.509 profile is useless without its certificate and key, so there is nothing to ask.
		if (!problem && state.extras?.x509) {
			saveNewProfile(state, name, false);
			return;
		}

		dispatch({type: 'save-name-submit', problem});
	}

	/** Enter at a step: a url that is no url but names a readable file is read as a service key file. */
	function submitStep(state: Extract<WizardState, {screen: 'step'}>): void {
		const path = state.field === 'url' && state.keyText === undefined ? keyFilePathOf(state.values.url) : undefined;
		if (path !== undefined && !looksLikeServiceKey(path)) {
			const text = readTextFile?.(path);
			if (text !== undefined) {
				dispatch({type: 'service-key-text', text});
				return;
			}
		}

		dispatch({type: 'submit'});
	}

	const pickerCommands: PickerCommands = {
		onChoose(name) {
			setNotices([]);
			openProfile(name, false);
		},
		onNew() {
			setNotices([]);
			dispatch({type: 'start-new'});
		},
		onImport() {
			setNotices([]);
			dispatch({type: 'start-new', notice: 'Paste the whole service key into the url step, or type the path of its file, then press Enter.'});
		},
		onDemo() {
			setNotices([]);
			if (demoValues) {
				dispatch({type: 'start-new'});
				return;
			}

			startDemo?.().then(
				values => {
					setDemoValues(values);
					dispatch({type: 'start-new'});
				},
				(error: unknown) => {
					setNotices([`The demo server could not start: ${error instanceof Error ? error.message : String(error)}`]);
				},
			);
		},
		onEdit(name) {
			const profile = store?.get(name);
			if (profile) {
				setNotices([]);
				dispatch({type: 'edit-profile', profile: profileValues(profile)});
			}
		},
		onDelete(name) {
			try {
				const removed = store?.remove(name) ?? [];
				const profilePath = store?.pathOf(name);
				setNotices([
					`Deleted the profile "${name}".`,
					// Its leftovers may hold its secret too: each is named, so the user knows what went.
					...removed
						.filter(path => path !== profilePath)
						.map(path => `Also removed ${cleanOutsideText(path)}, ${path.includes('.corrupt-') ? 'a copy moved aside when it could not be read' : 'a temporary file of an interrupted save'}.`),
				]);
			} catch (error) {
				setNotices([`The profile "${name}" was not deleted: ${saveProblem(error)}`]);
			}

			reloadProfiles();
		},
		onRename(from, to) {
			try {
				store?.rename(from, to);
				setNotices([`Renamed "${from}" to "${to}".`]);
				reloadProfiles();
				return undefined;
			} catch (error) {
				return error instanceof Error ? error.message : String(error);
			}
		},
		onQuit() {
			quit();
		},
		onToggleGuide: toggleGuide,
		onPasteKey(text) {
			setNotices([]);
			dispatch({type: 'paste-key', text});
		},
	};

	/** Whether the screen has a text field that takes a run of typed text whole. */
	function hasTextField(state: WizardState): boolean {
		return state.screen === 'step' || (state.screen === 'result' && state.save?.stage === 'name');
	}

	/**
	 * One key, decided on the newest state: the state the key before it left, even when both came in one read. Keys
	 * are never handled by the components, whose handlers would still hold the screen drawn before the burst.
	 */
	function handleKey(keypress: Keypress): void {
		const state = getState();
		if (isKey(keypress, 'c', {ctrl: true})) {
			exit(new ExitRequest(cancelledExitCode, 'Cancelled.'));
			return;
		}

		if (keypress.kind === 'text' && [...keypress.text].length > 1 && !hasTextField(state) && !(state.screen === 'picker' && looksLikeServiceKey(keypress.text))) {
			// Letters typed in a burst are keys one by one. A paste is not, nor a service key pasted on one line without
			// the terminal's paste marks: its letters would act as commands (s saves, c copies, y answers), secret and all.
			if (!keypress.isPaste && !looksLikeServiceKey(keypress.text)) {
				for (const character of keypress.text) {
					handleKey({kind: 'text', text: character, isPaste: false});
				}
			}

			return;
		}

		if (keypress.kind === 'text' && !keypress.isPaste && keypress.text.startsWith('?') && keypress.text.length > 1 && isGuideKey(state) && !isIntroShownNow()) {
			// A "?" that opens the guide does so also at the head of a burst; the rest is typed after it, as when slow.
			handleKey({kind: 'text', text: '?', isPaste: false});
			handleKey({kind: 'text', text: keypress.text.slice(1), isPaste: false});
			return;
		}

		const text = keypress.kind === 'text' ? keypress.text : '';
		// The scroll reducer reads j and k from a key's text where letters may scroll.
		const scrollKey = keypress.kind === 'key' ? keypress : {name: '', text};
		if (isIntroShownNow()) {
			if (scroll.handleKey(scrollKey, true)) {
				return;
			}

			if (isKey(keypress, 'return')) {
				setIntroShown(false);
			} else if (text === 'q') {
				exit();
			}

			return;
		}

		if (text === '?' && isGuideKey(state)) {
			toggleGuide();
			return;
		}

		if (state.screen !== 'picker') {
			// Where a field has focus, Home and End move in it and j and k are typed; elsewhere they scroll too.
			const hasField = hasTextField(state);
			const isFieldKey = hasField && keypress.kind === 'key' && (keypress.name === 'home' || keypress.name === 'end');
			if (!isFieldKey && scroll.handleKey(scrollKey, !hasField)) {
				return;
			}
		}

		const hasProfiles = profilesNow.current.length > 0;
		switch (state.screen) {
			case 'step': {
				if (isKey(keypress, 'escape')) {
					if (state.field === 'url' && state.origin.kind === 'new' && hasProfiles && state.keyText === undefined) {
						reloadProfiles();
						dispatch({type: 'open-picker'});
					} else {
						dispatch({type: 'back'});
					}
				} else if (isKey(keypress, 'tab')) {
					if (demoValues && state.keyText === undefined) {
						dispatch({type: 'change', value: demoValues[state.field]});
					}
				} else if (isKey(keypress, 'return')) {
					submitStep(state);
				} else {
					dispatch({type: 'key', keypress});
				}

				break;
			}

			case 'signing-in': {
				if (isKey(keypress, 'escape')) {
					dispatch({type: 'back'});
				}

				break;
			}

			case 'result': {
				if (state.save?.stage === 'name') {
					if (isKey(keypress, 'escape')) {
						dispatch({type: 'save-cancel'});
					} else if (isKey(keypress, 'return')) {
						submitSaveName(state);
					} else if (keypress.kind === 'text' && looksLikeServiceKey(keypress.text)) {
						// A key pasted here would become a name on screen; it is dropped, and the name stays as it was.
						dispatch({type: 'save-name-submit', problem: 'That looks like a service key, not a name; it was not kept. Type a name for the profile.'});
					} else {
						dispatch({type: 'key', keypress});
					}
				} else if (state.save?.stage === 'secret') {
					if (text === 'y' || text === 'Y' || text === 'n' || text === 'N') {
						saveNewProfile(state, state.save.name, text.toLowerCase() === 'y');
					} else if (isKey(keypress, 'escape')) {
						dispatch({type: 'save-cancel'});
					}
				} else if (text === 'q') {
					quit();
				} else if (text === 'v') {
					dispatch({type: 'toggle-reveal'});
				} else if (text === 'c') {
					copyText(state.token.accessToken, 'token');
				} else if (text === 'C') {
					copyText(nextStepCommand(state.token.accessToken, apiUrlOf(state)), 'curl');
				} else if (text === 'i' || (isKey(keypress, 'escape') && state.isInspecting)) {
					dispatch({type: 'toggle-inspect'});
				} else if (text === 's') {
					if (canSaveIn(state)) {
						dispatch({type: 'save-start', name: defaultProfileName(state.values.url, profilesNow.current.map(profile => profile.name))});
					} else if (isDemoValues(state)) {
						setNotices(['The practice server\'s values are not saved as a profile: they are the same for everyone and change each time --demo starts. Run uaa-token without --demo to save your own.']);
					}
				} else if (text === 'R') {
					dispatch({type: 'refresh'});
				} else if (isKey(keypress, 'escape') && hasProfiles) {
					reloadProfiles();
					dispatch({type: 'open-picker'});
				}

				break;
			}

			case 'failure': {
				if (text === 'q') {
					const {exitCode, title} = describeFailure(state.failure);
					exit(new ExitRequest(exitCode, title));
				} else if (isKey(keypress, 'return')) {
					dispatch({type: 'follow-next-step'});
				} else if (text === 'r') {
					dispatch({type: 'retry'});
				} else if (isKey(keypress, 'escape')) {
					dispatch({type: 'back'});
				}

				break;
			}

			case 'picker': {
				const pickerNow = getPickerState();
				handlePickerKey(keypress, {
					state: pickerNow,
					entries: pickerEntries(profilesNow.current, pickerNow.filter.value, canTryDemo),
					pageSize: pickerPageSize(bodyRows, pickerNow.mode, terminalColumns),
					dispatch: dispatchPicker,
					commands: pickerCommands,
				});
				break;
			}

			case 'confirm-key': {
				if (isKey(keypress, 'return')) {
					dispatch({type: 'confirm-key'});
				} else if (text === 'e' && !state.extras?.x509) {
					dispatch({type: 'edit-key'});
				} else if (isKey(keypress, 'escape')) {
					dispatch({type: 'back'});
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	useKeypresses(handleKey, {isActive: isRawModeSupported});

	const isSideGuide = isGuideOpen && guideLayout === 'side';
	const guideHint = {keys: '?', action: isGuideOpen && !(state.screen === 'result' && state.isRevealed) ? 'hide guide' : 'guide'};
	const hints = isIntroShown
		? [
				{keys: 'Enter', action: 'start'},
				{keys: 'q', action: 'quit'},
			]
		: state.screen === 'picker'
			? pickerKeyHints(pickerState, {
					canJump: shownPickerEntries.length > pickerListRows(bodyRows, pickerState.mode),
					hasGuide: true,
					isGuideOpen,
				})
			: [...keyHintsFor(state, demoValues !== undefined, canSave, hasProfiles), ...(isGuideKey(state) ? [guideHint] : [])];
	const currentScreen = (
		<>
			{state.screen === 'picker' ? (
				<Picker
					state={pickerState}
					profiles={profiles}
					entries={shownPickerEntries}
					now={now}
					listRows={pickerListRows(bodyRows, pickerState.mode)}
				/>
			) : null}
			{state.screen === 'step' ? (
				<WizardStep
					field={state.field}
					input={state}
					values={state.values}
					notice={state.notice}
					profileName={state.origin.kind === 'new' ? undefined : state.origin.name}
					demoValue={demoValues?.[state.field]}
				/>
			) : null}
			{/* What the app did to the values on the way (whitespace it removed) stays in sight until the answer. */}
			{state.notice && (state.screen === 'signing-in' || state.screen === 'result' || state.screen === 'failure') ? (
				<Text color="yellow" wrap="wrap">
					! {state.notice}
				</Text>
			) : null}
			{state.screen === 'confirm-key' ? (
				<>
					{[...(state.key.notices ?? []), ...profilesHolding(profiles, state.values)].map(line => (
						<Text key={line} color="yellow" wrap="wrap">
							! {line}
						</Text>
					))}
					<ConfirmKey serviceKey={state.key} now={now} />
				</>
			) : null}
			{state.screen === 'signing-in' ? <SigningIn tokenUrl={tokenUrlFor(state.values.url)} method={state.method} retry={state.retry} attempt={state.attempt} now={now} /> : null}
			{state.screen === 'result' ? (
				<>
					<ResultScreen
						token={state.token}
						isRevealed={state.isRevealed}
						copyStatus={state.copyStatus}
						profileName={state.origin.kind === 'new' ? undefined : state.origin.name}
						isCached={state.isCached}
						isInspecting={state.isInspecting}
						isExplained={isTutorial}
						apiUrl={apiUrlOf(state)}
						now={now}
					/>
					{state.save ? (
						<SaveDialogView
							dialog={state.save}
							path={store && state.save.stage !== 'failed' ? store.pathOf(state.save.name) : ''}
						/>
					) : canSave ? (
						<Box marginTop={1}>
							<Text dimColor wrap="wrap">
								Next time in one key: press s to save these values as a profile.
							</Text>
						</Box>
					) : null}
				</>
			) : null}
			{state.screen === 'failure' ? (
				<FailureScreen description={describeFailure(state.failure, [state.values.clientsecret])} tokenUrl={tokenUrlFor(state.values.url)} />
			) : null}
		</>
	);

	// The practice label stays while the practice values are in play: a new wizard in --demo, or its answer; not a saved profile.
	const isDemoShown = demoValues !== undefined && (isIntroShown || (state.screen !== 'picker' && state.origin.kind === 'new' && (state.screen === 'step' || isDemoValues(state))));
	// A revealed token stands alone, so rows selected with the mouse copy the token and nothing of the guide beside it.
	const isTokenRevealed = state.screen === 'result' && state.isRevealed;
	const body = (
		<Box flexDirection={isSideGuide ? 'row' : 'column'}>
			<AvailableColumnsContext.Provider value={isSideGuide ? terminalColumns - sideGuideWidth - 1 : undefined}>
				<Box flexDirection="column" flexGrow={1} flexShrink={1} paddingRight={isSideGuide ? 1 : 0}>
					{isIntroShown ? <TutorialIntro isDemo={demoValues !== undefined} /> : currentScreen}
				</Box>
			</AvailableColumnsContext.Provider>
			{/* The intro says what the guide holds; it opens with the first step. */}
			{isGuideOpen && !isIntroShown && !isTokenRevealed ? (
				<GuidePanel
					topic={guideTopicFor(state)}
					url={state.values.url}
					layout={guideLayout}
					width={isSideGuide ? sideGuideWidth : terminalColumns}
					isTutorial={isTutorial}
					isCompact={guideLayout === 'bottom' && (terminalRows < fullBottomGuideMinRows || state.screen === 'result')}
					canCloseWithKey={isGuideKey(state) || state.screen === 'picker'}
				/>
			) : null}
		</Box>
	);
	return (
		<Box flexDirection="column">
			<Box ref={topRef} flexDirection="column" flexShrink={0}>
				<Header isDemo={isDemoShown} />
				{notices.map(notice => (
					<Text key={notice} color="yellow" wrap="wrap">
						! {notice}
					</Text>
				))}
			</Box>
			{isHeightKnown ? (
				<ScrollView height={bodyRows} frameRows={terminalRows - 1} offset={scrollOffset} onMeasure={scroll.onMeasure}>
					{body}
				</ScrollView>
			) : (
				body
			)}
			<Box ref={bottomRef} flexDirection="column" flexShrink={0}>
				<KeyHints hints={hints} />
			</Box>
		</Box>
	);
}
