import {Box, Text} from 'ink';
import type {FailureDescription} from '../presentation/describe-failure.js';

export function FailureScreen({description, tokenUrl}: {readonly description: FailureDescription; readonly tokenUrl: string}) {
	return (
		<Box flexDirection="column">
			<Text color="red" bold wrap="wrap">
				✗ {description.title}
			</Text>
			<Text dimColor wrap="wrap">
				while requesting {tokenUrl}
			</Text>
			<Box marginTop={1} flexDirection="column">
				<Text wrap="wrap">{description.explanation}</Text>
				<Box marginTop={1}>
					<Text wrap="wrap">
						<Text bold>What to do: </Text>
						{description.nextStep}
					</Text>
				</Box>
			</Box>
		</Box>
	);
}
