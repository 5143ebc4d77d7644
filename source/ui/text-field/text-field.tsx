import {Box, Text, useIsScreenReaderEnabled} from 'ink';
import TextInput from 'ink-text-input';
import type {TextFieldState} from './text-field-state.js';

export type TextFieldProps = {
	readonly field: TextFieldState;
	/** An example of a value, shown while the field is empty; always marked "e.g." so it never passes for one. */
	readonly placeholder?: string;
	readonly isMasked?: boolean;
	/** What the field is, for screen readers, which read the row instead of seeing it. */
	readonly label?: string;
	/** What stands before the value. */
	readonly prompt?: string;
	readonly promptColor?: string;
};

/**
 * A field's row. ink-text-input draws it (the design card names it), patched in scripts/patches to take its cursor
 * from here: its own key handling builds each change on the last render's value and loses or reorders keys that
 * arrive together, so the app applies keys through the text-field reducer and ink-text-input only shows the result.
 */
export function TextField({field, placeholder, isMasked = false, label, prompt = '> ', promptColor = 'cyan'}: TextFieldProps) {
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	const example = placeholder ? `e.g. ${placeholder}` : '';
	if (isScreenReaderEnabled) {
		const length = [...field.value].length;
		const content =
			field.value === ''
				? `empty${placeholder ? `, for example ${placeholder}` : ''}`
				: isMasked
					? `${length} ${length === 1 ? 'character' : 'characters'}, hidden`
					: field.value;
		return <Text>{label ? `${label}: ${content}` : content}</Text>;
	}

	return (
		<Box>
			<Box flexShrink={0}>
				<Text color={promptColor}>{prompt}</Text>
			</Box>
			<TextInput value={field.value} cursorOffset={field.cursor} placeholder={example} mask={isMasked ? '*' : undefined} onChange={() => undefined} />
		</Box>
	);
}
