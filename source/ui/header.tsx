import {Box, Text} from 'ink';

export function Header({isDemo}: {readonly isDemo: boolean}) {
	return (
		<Box marginBottom={1} flexWrap="wrap" columnGap={1}>
			<Text bold color="cyan">
				uaa-token
			</Text>
			<Text dimColor>OAuth access token from SAP BTP XSUAA</Text>
			{isDemo ? <Text color="yellow">[demo: practice server, no SAP account needed]</Text> : null}
		</Box>
	);
}
