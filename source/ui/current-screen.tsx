// The screen the wizard's state names, drawn from that state alone.

import {Box, Text} from 'ink';
import {tokenUrlFor} from '../oauth/uaa-url.js';
import {cleanOutsideText} from '../text/outside-text.js';
import {describeFailure} from '../presentation/describe-failure.js';
import type {Profile} from '../profiles/profile-store.js';
import {ConfirmKey} from './confirm-key.js';
import {FailureScreen} from './failure-screen.js';
import {Picker} from './picker/index.js';
import {pickerListRows} from './picker/picker.js';
import type {PickerEntry, PickerState} from './picker/picker-state.js';
import {ResultScreen} from './result-screen.js';
import {SaveDialogView} from './save-dialog.js';
import {SigningIn} from './signing-in.js';
import type {CopyStatus, Values, WizardState} from './wizard-state.js';
import {CopyStatusLine} from './copy-status-line.js';
import {WizardStep} from './wizard-step.js';
import {ChooseSignIn, type DemoUserValues, UserStep} from './user-sign-in.js';

export type CurrentScreenProps = {
	readonly state: WizardState;
	readonly picker: {readonly state: PickerState; readonly entries: readonly PickerEntry[]};
	readonly profiles: readonly Profile[];
	readonly bodyRows: number;
	readonly demoValues?: Values & {user?: DemoUserValues};
	/** The service API the result's next-step command calls, when there is one. */
	readonly apiUrl?: string;
	readonly canSave: boolean;
	readonly pathOf?: (name: string) => string;
	readonly isTutorial: boolean;
	readonly now: () => number;
};

/** Says which saved profiles already hold these values, so a re-imported key is not saved twice unknowingly. */
function profilesHolding(profiles: readonly Profile[], values: Values): string[] {
	const holding = profiles.filter(profile => profile.url === values.url && profile.clientId === values.clientid).map(profile => `"${profile.name}"`);
	if (holding.length === 0) {
		return [];
	}

	return [`The saved profile ${holding.join(', ')} already holds this key's url and clientid; choose it in the profile list to reuse its token.`];
}

/** The browser sign-in's page: opened in the browser, and shown whole so it can be opened anywhere else. */
function BrowserSignIn({url, problem, copyStatus}: {readonly url: string; readonly problem?: string; readonly copyStatus?: CopyStatus}) {
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Text bold>Sign in in the browser</Text>
			<Text wrap="wrap">{problem === undefined ? 'A browser tab is open at this page; if none opened, open it yourself:' : `No browser opened (${cleanOutsideText(problem)}); open this page yourself:`}</Text>
			<Text color="cyan" wrap="wrap">
				{url}
			</Text>
			{copyStatus ? <CopyStatusLine status={copyStatus} /> : null}
		</Box>
	);
}

function Notice({text}: {readonly text: string}) {
	return (
		<Text color="yellow" wrap="wrap">
			! {text}
		</Text>
	);
}

export function CurrentScreen({state, picker, profiles, bodyRows, demoValues, apiUrl, canSave, pathOf, isTutorial, now}: CurrentScreenProps) {
	switch (state.screen) {
		case 'picker': {
			return <Picker state={picker.state} profiles={profiles} entries={picker.entries} now={now} listRows={pickerListRows(bodyRows, picker.state.mode)} />;
		}

		case 'step': {
			return (
				<WizardStep
					field={state.field}
					input={state}
					values={state.values}
					notice={state.notice}
					profileName={state.origin.kind === 'new' ? undefined : state.origin.name}
					demoValue={demoValues?.[state.field]}
				/>
			);
		}

		case 'choose-sign-in': {
			return <ChooseSignIn clientId={state.values.clientid} />;
		}

		case 'user-step': {
			return (
				<UserStep
					field={state.field}
					value={state.value}
					cursor={state.cursor}
					problem={state.problem}
					signInAs={state.signInAs}
					url={state.values.url}
					clientId={state.values.clientid}
					profileName={state.origin.kind === 'new' ? undefined : state.origin.name}
					demoUser={demoValues?.user}
				/>
			);
		}

		case 'confirm-key': {
			return (
				<>
					{[...(state.key.notices ?? []), ...profilesHolding(profiles, state.values)].map(line => (
						<Notice key={line} text={line} />
					))}
					<ConfirmKey serviceKey={state.key} now={now} />
				</>
			);
		}

		case 'signing-in': {
			// What the app did to the values on the way (whitespace it removed) stays in sight until the answer.
			return (
				<>
					{state.notice ? <Notice text={state.notice} /> : null}
					{state.browser ? <BrowserSignIn url={state.browser.url} problem={state.browser.problem} copyStatus={state.browser.copyStatus} /> : null}
					<SigningIn tokenUrl={tokenUrlFor(state.values.url)} isWaitingForBrowser={state.browser !== undefined} method={state.method} retry={state.retry} attempt={state.attempt} isWaitingForOtherProcess={state.isWaitingForOtherProcess} now={now} />
				</>
			);
		}

		case 'result': {
			return (
				<>
					{state.notice ? <Notice text={state.notice} /> : null}
					<ResultScreen
						token={state.token}
						isRevealed={state.isRevealed}
						copyStatus={state.copyStatus}
						profileName={state.origin.kind === 'new' ? undefined : state.origin.name}
						isCached={state.isCached}
						isInspecting={state.isInspecting}
						verification={state.verification}
						isExplained={isTutorial}
						apiUrl={apiUrl}
						now={now}
					/>
					{state.save ? (
						<SaveDialogView dialog={state.save} path={pathOf && state.save.stage !== 'failed' ? pathOf(state.save.name) : ''} />
					) : canSave ? (
						<Box marginTop={1}>
							<Text dimColor wrap="wrap">
								Next time in one key: press s to save these values as a profile.
							</Text>
						</Box>
					) : null}
				</>
			);
		}

		case 'failure': {
			return (
				<>
					{state.notice ? <Notice text={state.notice} /> : null}
					<FailureScreen description={describeFailure(state.failure, [state.values.clientsecret])} tokenUrl={tokenUrlFor(state.values.url)} />
				</>
			);
		}

		default: {
			const unhandled: never = state;
			return unhandled;
		}
	}
}
