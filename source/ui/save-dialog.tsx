import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import type {SaveDialog} from './wizard-state.js';

export type SaveDialogProps = {
	readonly dialog: SaveDialog;
	/** The file the profile is, or would be, saved in. */
	readonly path: string;
	readonly onNameChange: (name: string) => void;
	readonly onNameSubmit: () => void;
};

/** Asks for a profile name, then whether to keep the secret, saying where it would be kept. */
export function SaveDialogView({dialog, path, onNameChange, onNameSubmit}: SaveDialogProps) {
	switch (dialog.stage) {
		case 'name': {
			return (
				<Box marginTop={1} flexDirection="column">
					<Text bold>Save these values as a profile</Text>
					<Text dimColor>Name (letters, digits, dots, dashes or underscores):</Text>
					<Box>
						<Box flexShrink={0}>
							<Text color="cyan">{'> '}</Text>
						</Box>
						<TextInput value={dialog.name} onChange={onNameChange} onSubmit={onNameSubmit} />
					</Box>
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

		case 'saved': {
			return (
				<Box marginTop={1}>
					<Text color="green" wrap="wrap">
						✓ Saved as the profile "{dialog.name}" in {dialog.path}
						{dialog.isX509 ? ', certificate and key included.' : dialog.hasSavedSecret ? ', clientsecret included.' : ', without the clientsecret.'}
					</Text>
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
