import {useCallback, useReducer, useRef, useState} from 'react';
import {Box, useApp, useInput, useStdin} from 'ink';
import {describeFailure} from '../errors/describe-failure.js';
import {cancelledExitCode, ExitRequest} from '../errors/exit-request.js';
import {tokenUrlFor} from '../oauth/uaa-url.js';
import {FailureScreen} from './failure-screen.js';
import {Header} from './header.js';
import {type KeyHint, KeyHints} from './key-hints.js';
import {ResultScreen} from './result-screen.js';
import {SigningIn} from './signing-in.js';
import {type RequestTokenFunction, useTokenRequest} from './use-token-request.js';
import {WizardStep} from './wizard-step.js';
import {type Values, type WizardState, initialWizardState, wizardReducer} from './wizard-state.js';

export type DemoValues = Values;

export type AppProps = {
	readonly requestToken: RequestTokenFunction;
	/** Rejects with a reason fit to show when there is no clipboard to copy to. */
	readonly copyToClipboard: (text: string) => Promise<void>;
	/** Set in --demo: the practice server's values, shown beside each step. */
	readonly demoValues?: DemoValues;
	readonly initialValues?: Partial<Values>;
	readonly now?: () => number;
};

function keyHintsFor(state: WizardState, isDemo: boolean): KeyHint[] {
	switch (state.screen) {
		case 'step': {
			return [
				{keys: 'Enter', action: 'next'},
				...(state.field === 'url' ? [] : [{keys: 'Esc', action: 'back'}]),
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
			return [
				{keys: 'v', action: state.isRevealed ? 'hide token' : 'show token'},
				{keys: 'c', action: 'copy token'},
				{keys: 'q', action: 'quit'},
			];
		}

		case 'failure': {
			const labels = {'reenter-credentials': 're-enter clientid and clientsecret', 'edit-url': 'edit the url', retry: 'try again'};
			const {nextAction} = describeFailure(state.failure);
			return [
				{keys: 'Enter', action: labels[nextAction]},
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

export function App({requestToken, copyToClipboard, demoValues, initialValues, now}: AppProps) {
	const [state, dispatch] = useReducer(wizardReducer, initialValues, initialWizardState);
	// Filling a demo value remounts the input, so its cursor lands at the end of the new text.
	const [fillCount, setFillCount] = useState(0);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	useTokenRequest(state, dispatch, requestToken);
	// Ink re-subscribes input handlers only after a render's effects run; reading state through a ref
	// makes a key pressed right after a screen appears act on that screen, not the one before.
	const stateRef = useRef(state);
	stateRef.current = state;

	const copyToken = useCallback(
		(token: string) => {
			dispatch({type: 'copy-started'});
			copyToClipboard(token).then(
				() => {
					dispatch({type: 'copy-finished', status: {state: 'copied'}});
				},
				(error: unknown) => {
					const reason = error instanceof Error && error.message ? error.message : 'no clipboard is available here.';
					dispatch({type: 'copy-finished', status: {state: 'failed', reason}});
				},
			);
		},
		[copyToClipboard],
	);

	useInput(
		(input, key) => {
			const state = stateRef.current;
			if (key.ctrl && input === 'c') {
				exit(new ExitRequest(cancelledExitCode, 'Cancelled.'));
				return;
			}

			switch (state.screen) {
				case 'step': {
					if (key.escape) {
						dispatch({type: 'back'});
					} else if (key.tab && demoValues) {
						dispatch({type: 'change', value: demoValues[state.field]});
						setFillCount(count => count + 1);
					}

					break;
				}

				case 'signing-in': {
					if (key.escape) {
						dispatch({type: 'back'});
					}

					break;
				}

				case 'result': {
					if (input === 'q') {
						exit();
					} else if (input === 'v') {
						dispatch({type: 'toggle-reveal'});
					} else if (input === 'c') {
						copyToken(state.token.accessToken);
					}

					break;
				}

				case 'failure': {
					if (input === 'q') {
						const {exitCode, title} = describeFailure(state.failure);
						exit(new ExitRequest(exitCode, title));
					} else if (key.return) {
						dispatch({type: 'follow-next-step'});
					} else if (input === 'r') {
						dispatch({type: 'retry'});
					} else if (key.escape) {
						dispatch({type: 'back'});
					}

					break;
				}

				default: {
					break;
				}
			}
		},
		{isActive: isRawModeSupported},
	);

	return (
		<Box flexDirection="column">
			<Header isDemo={demoValues !== undefined} />
			{state.screen === 'step' ? (
				<WizardStep
					key={`${state.field}-${fillCount}`}
					field={state.field}
					values={state.values}
					problem={state.problem}
					notice={state.notice}
					demoValue={demoValues?.[state.field]}
					onChange={value => {
						dispatch({type: 'change', value});
					}}
					onSubmit={() => {
						dispatch({type: 'submit'});
					}}
				/>
			) : null}
			{state.screen === 'signing-in' ? <SigningIn tokenUrl={tokenUrlFor(state.values.url)} method={state.method} /> : null}
			{state.screen === 'result' ? (
				<ResultScreen token={state.token} isRevealed={state.isRevealed} copyStatus={state.copyStatus} now={now} />
			) : null}
			{state.screen === 'failure' ? (
				<FailureScreen description={describeFailure(state.failure, [state.values.clientsecret])} tokenUrl={tokenUrlFor(state.values.url)} />
			) : null}
			<KeyHints hints={keyHintsFor(state, demoValues !== undefined)} />
		</Box>
	);
}
