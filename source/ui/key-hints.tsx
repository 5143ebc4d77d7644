import {Box, Text} from 'ink';

export type KeyHint = {keys: string; action: string};

/** The footer every screen ends with, so the keys are never a guess. */
export function KeyHints({hints}: {readonly hints: readonly KeyHint[]}) {
	return (
		<Box marginTop={1} flexWrap="wrap" columnGap={2}>
			{hints.map(hint => (
				<Text key={hint.keys} wrap="wrap">
					<Text bold>{hint.keys}</Text> <Text dimColor>{hint.action}</Text>
				</Text>
			))}
		</Box>
	);
}
