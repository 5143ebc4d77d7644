import {Box, Text} from 'ink';
import {TextField} from './text-field/index.js';
import type {SaveDialog} from './wizard-state.js';

export type SaveDialogProps = {
	readonly dialog: SaveDialog;
	/** The file the profile is, or would be, saved in. */
	readonly path: string;
};

/** Asks for a profile name, then whether to keep the secret, saying where it would be kept. */
export function SaveDialogView({dialog, path}: SaveDialogProps) {
	switch (dialog.stage) {
		case 'name': {
			return (
				<Box marginTop={1} flexDirection="column">
					<Text bold>Save these values as a profile</Text>
					<Text dimColor>Name (letters, digits, dots, dashes or underscores):</Text>
					<TextField field={{value: dialog.name, cursor: dialog.cursor}} label="name" />
					{dialog.problem ? (
						<Text color="red" wrap="wrap">
							✗ {dialog.problem}
						</Text>
					) : null}
				</Box>
			);
		}

		case 'secret': {
			return (
				<Box marginTop={1} flexDirection="column">
					<Text bold>Store the clientsecret in the profile "{dialog.name}" too?</Text>
					<Text wrap="wrap">
						It would be kept in {path}, a file only you can read (mode 0600), so tokens can be renewed without asking. Without it, uaa-token asks for the clientsecret whenever the saved token has run out.
					</Text>
				</Box>
			);
		}

		case 'saving': {
			return (
				<Box marginTop={1}>
					<Text dimColor wrap="wrap">
						Saving the profile "{dialog.name}"…
					</Text>
				</Box>
			);
		}

		case 'saved': {
			return (
				<Box marginTop={1} flexDirection="column">
					<Text color="green" wrap="wrap">
						✓ Saved as the profile "{dialog.name}" in {dialog.path}
						{dialog.isX509 ? ', certificate and key included.' : dialog.hasSavedSecret ? ', clientsecret included.' : ', without the clientsecret.'}
					</Text>
					{dialog.secretPlace === undefined ? null : (
						<Text dimColor wrap="wrap">
							{dialog.secretPlace}
						</Text>
					)}
				</Box>
			);
		}

		case 'failed': {
			return (
				<Box marginTop={1}>
					<Text color="red" wrap="wrap">
						✗ Could not save the profile: {dialog.problem}
					</Text>
				</Box>
			);
		}

		default: {
			const unhandled: never = dialog;
			return unhandled;
		}
	}
}
