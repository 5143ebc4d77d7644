import {Text} from 'ink';
import {WrappedText} from './wrapped-text.js';
import type {CopyStatus, CopyTarget} from './wizard-state.js';

const copyTargetNames: Record<CopyTarget, string> = {token: 'access_token', curl: 'curl command, with the full token,', 'sign-in page': 'sign-in page'};

/** Where else to copy it from when the clipboard fails: the token is hidden until v; the page is on screen already. */
const fromTheScreen: Record<CopyTarget, string> = {
	token: 'press v to show the token and copy it from the screen.',
	curl: 'press v to show the token and copy it from the screen.',
	'sign-in page': 'copy it from the screen above.',
};

const capitalised = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);

/** What the copy key did: copying, on the system clipboard, sent with OSC 52, or why not. */
export function CopyStatusLine({status}: {readonly status: CopyStatus}) {
	const what = copyTargetNames[status.target];
	switch (status.state) {
		case 'copying': {
			return <Text dimColor>Copying…</Text>;
		}

		case 'copied': {
			return status.via === 'system' ? (
				<WrappedText color="green">
					✓ The {what} is on the system clipboard.
				</WrappedText>
			) : (
				<WrappedText color="green">
					✓ Sent the {what} to your terminal's clipboard with OSC 52, as no system clipboard is reachable here (no display, or SSH). If
					pasting gives nothing, the terminal does not allow OSC 52: {fromTheScreen[status.target]}
				</WrappedText>
			);
		}

		case 'failed': {
			return (
				<WrappedText color="red">
					✗ Could not copy the {what}: {status.reason} {capitalised(fromTheScreen[status.target])}
				</WrappedText>
			);
		}

		default: {
			const unhandled: never = status;
			return unhandled;
		}
	}
}
