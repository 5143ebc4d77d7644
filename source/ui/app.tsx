import {useCallback, useEffect, useRef, useState} from 'react';
import {useApp, useStdin} from 'ink';
import {localFileExitCode} from '../errors/exit-codes.js';
import {ExitRequest} from '../errors/exit-request.js';
import {apiUrlProblem} from '../presentation/hand-off.js';
import type {AppProps} from './app-props.js';
import {CurrentScreen} from './current-screen.js';
import {AppFrame} from './app-frame.js';
import {appKeyHints, createKeyHandler} from './keys/app-keys.js';
import type {ScreenContext} from './keys/screen-context.js';
import {useKeypresses} from './keys/use-keypresses.js';
import {pickerListRows, pickerPageSize} from './picker/picker.js';
import {handlePickerKey, pickerKeyHints} from './picker/picker-keys.js';
import {initialPickerState as initialPickerListState, pickerEntries, pickerReducer} from './picker/picker-state.js';
import {openProfile, pickerCommands} from './picker-commands.js';
import {nextStepCommand} from './result-screen.js';
import {TutorialIntro} from './tutorial-intro.js';
import {TerminalColumnsProvider} from './use-columns.js';
import {useEffectRunner} from './use-effect-runner.js';
import {useProfiles} from './use-profiles.js';
import {useScreenLayout} from './use-screen-layout.js';
import {useSyncReducer} from './use-sync-reducer.js';
import {initialPickerState, initialWizardState, type Values, type WizardState, wizardReducer} from './wizard-state.js';

export type {AppProps, DemoValues} from './app-props.js';

const replace = <T,>(_: T, next: T) => next;

export function App(props: AppProps) {
	return (
		<TerminalColumnsProvider>
			<AppScreens {...props} />
		</TerminalColumnsProvider>
	);
}

function AppScreens({transport, waitLimitMs, copyToClipboard, store, initialProfile, isRefreshForced = false, initialValues, initialServiceKeyText, readTextFile, ca, isTutorial = false, initialNotices = [], now = Date.now, ...props}: AppProps) {
	const profiles = useProfiles(store, initialNotices);
	const [demoValues, setDemoValues] = useState(props.demoValues);
	const [state, dispatchToReducer, getState] = useSyncReducer(wizardReducer, () => {
		if (initialServiceKeyText !== undefined) {
			return wizardReducer(initialWizardState({}, props.signInAs), {type: 'service-key-text', text: initialServiceKeyText});
		}

		const opensPicker = profiles.profiles.length > 0 && initialProfile === undefined && initialValues === undefined && props.demoValues === undefined && !isTutorial && props.signInAs === undefined;
		return opensPicker ? initialPickerState() : initialWizardState(initialValues, props.signInAs);
	});
	const [pickerState, dispatchPicker, getPickerState] = useSyncReducer(pickerReducer, () => initialPickerListState);
	const {exit: exitNow} = useApp();
	// An exit waits for the frame of the state it leaves: keys that came in one read with q (Esc then q, say) have
	// changed the state, and Ink leaves the last frame drawn on the terminal. Keys after it are not acted on (isExiting).
	const [exitRequest, requestExit, exitRequestNow] = useSyncReducer(replace<{error?: Error} | undefined>, () => undefined);
	const exit = (error?: Error) => {
		if (!exitRequestNow()) {
			requestExit({error});
		}
	};

	useEffect(() => {
		if (exitRequest) {
			exitNow(exitRequest.error);
		}
	}, [exitRequest, exitNow]);
	const {isRawModeSupported} = useStdin();
	const [isGuideOpen, setGuideOpen, isGuideOpenNow] = useSyncReducer(replace<boolean>, () => isTutorial);
	const [isIntroShown, setIntroShown, isIntroShownNow] = useSyncReducer(replace<boolean>, () => isTutorial && initialServiceKeyText === undefined);
	const toggleGuide = useCallback(() => setGuideOpen(!isGuideOpenNow()), [setGuideOpen, isGuideOpenNow]);
	const layout = useScreenLayout(`${state.screen}:${state.screen === 'step' ? state.field : ''}:${state.screen === 'result' ? String(state.isInspecting) : ''}:${String(isIntroShown)}`);

	/** q and the picker's quit: a profile that could not be written makes it exit 4, as the scripted path does. */
	const quit = () => exit(profiles.localFileFailure.current === undefined ? undefined : new ExitRequest(localFileExitCode, profiles.localFileFailure.current));
	/** Whether these are the practice server's values, which are the same for everyone and never saved. */
	const isDemoValues = (values: Values) => demoValues !== undefined && values.url === demoValues.url && values.clientid === demoValues.clientid;
	const canSaveIn = (shown: WizardState) => store !== undefined && !isDemoValues(shown.values) && shown.screen === 'result' && shown.origin.kind === 'new' && shown.save === undefined;
	/** The service's API for the next-step command: from the service key or profile, or the practice server's own. */
	const apiUrlOf = (shown: WizardState) => {
		const apiUrl = shown.extras?.serviceUrl ?? (demoValues !== undefined && shown.values.url === demoValues.url ? demoValues.serviceUrl : undefined);
		// One the scripted --format curl would refuse is left out, and the command shows where the url goes instead.
		return apiUrl === undefined || apiUrlProblem(apiUrl) !== undefined ? undefined : apiUrl;
	};

	const dispatch = useEffectRunner({
		dispatchToReducer,
		getState,
		store,
		transport,
		waitLimitMs,
		verifyToken: props.verifyToken,
		signInWithBrowser: props.signInWithBrowser,
		now,
		ca,
		copyToClipboard,
		copyTextOf: (result, target) => (target === 'token' ? result.token.accessToken : nextStepCommand(result.token.accessToken, apiUrlOf(result))),
		problemOf: profiles.problemOf,
		onPickerOpened() {
			dispatchPicker({type: 'reset'});
			profiles.reload();
		},
		onProfilesChanged: profiles.reload,
	});

	// Notices belong to the screen they appeared on; the picker's stay while it is open.
	const firstScreen = useRef(state.screen);
	useEffect(() => {
		if (state.screen !== firstScreen.current && state.screen !== 'picker') {
			firstScreen.current = state.screen;
			profiles.setNotices([]);
		}
	}, [state.screen]);

	useEffect(() => {
		if (initialProfile !== undefined) {
			openProfile({store, profiles, dispatch, now}, initialProfile, isRefreshForced);
		}
		// Only the first screen depends on these flags.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, []);

	const canTryDemo = props.startDemo !== undefined || demoValues !== undefined;
	const commands = pickerCommands({
		store,
		profiles,
		dispatch,
		now,
		startDemo: () => (demoValues || !props.startDemo ? undefined : props.startDemo().then(setDemoValues)),
		quit,
		toggleGuide,
	});
	const contextFor = (shown: WizardState): ScreenContext => ({
		dispatch,
		hasProfiles: profiles.profilesNow.current.length > 0,
		canSave: canSaveIn(shown),
		canVerify: props.verifyToken !== undefined,
		isDemoValues: isDemoValues(shown.values),
		demoValueFor: demoValues && (field => demoValues[field]),
		...(demoValues?.user ? {demoUser: demoValues.user} : {}),
		isTutorial,
		profileNames: () => profiles.profilesNow.current.map(profile => profile.name),
		readKeyFile: path => readTextFile?.(path),
		notify: notice => profiles.setNotices([notice]),
		quit,
		exitWith: (exitCode, reason) => exit(new ExitRequest(exitCode, reason)),
	});
	const handleKey = createKeyHandler({
		getState,
		isIntroShown: isIntroShownNow,
		closeIntro: () => setIntroShown(false),
		toggleGuide,
		scroll: layout.scroll.handleKey,
		exit: (exitCode, reason) => exit(exitCode === undefined ? undefined : new ExitRequest(exitCode, reason ?? '')),
		isExiting: () => exitRequestNow() !== undefined,
		screenContext: () => contextFor(getState()),
		handlePickerKey(keypress) {
			const picker = getPickerState();
			const entries = pickerEntries(profiles.profilesNow.current, picker.filter.value, canTryDemo);
			handlePickerKey(keypress, {state: picker, entries, pageSize: pickerPageSize(layout.bodyRows, picker.mode, layout.terminalColumns), dispatch: dispatchPicker, commands});
		},
	});
	useKeypresses(handleKey, {isActive: isRawModeSupported});

	// Filtering a thousand profiles is the picker's heaviest work: once per render, for its rows and for its hints.
	const shownPickerEntries = state.screen === 'picker' ? pickerEntries(profiles.profiles, pickerState.filter.value, canTryDemo) : [];
	const hints =
		state.screen === 'picker' && !isIntroShown
			? pickerKeyHints(pickerState, {canJump: shownPickerEntries.length > pickerListRows(layout.bodyRows, pickerState.mode), hasGuide: true, isGuideOpen})
			: appKeyHints(state, contextFor(state), {isIntroShown, isGuideOpen});
	// The practice label stays while the practice values are in play: a new wizard in --demo, or its answer; not a saved profile.
	const isDemoShown = demoValues !== undefined && (isIntroShown || (state.screen !== 'picker' && state.origin.kind === 'new' && (state.screen === 'step' || isDemoValues(state.values))));
	return (
		<AppFrame layout={layout} state={state} isDemoShown={isDemoShown} notices={profiles.notices} hints={hints} isGuideOpen={isGuideOpen} isIntroShown={isIntroShown} isTutorial={isTutorial}>
			{isIntroShown ? (
				<TutorialIntro isDemo={demoValues !== undefined} />
			) : (
				<CurrentScreen
					state={state}
					picker={{state: pickerState, entries: shownPickerEntries}}
					profiles={profiles.profiles}
					bodyRows={layout.bodyRows}
					demoValues={demoValues}
					apiUrl={state.screen === 'result' ? apiUrlOf(state) : undefined}
					canSave={canSaveIn(state)}
					pathOf={store?.pathOf}
					isTutorial={isTutorial}
					now={now}
				/>
			)}
		</AppFrame>
	);
}
