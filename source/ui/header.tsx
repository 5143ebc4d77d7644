import {Box, Text} from 'ink';
import {useColumns} from './use-columns.js';

/** Below this width the tagline would take rows the screen needs more. */
const taglineMinColumns = 60;

export function Header({isDemo}: {readonly isDemo: boolean}) {
	const hasRoomForTagline = useColumns() >= taglineMinColumns;
	return (
		<Box marginBottom={1} flexWrap="wrap" columnGap={1}>
			<Text bold color="cyan">
				uaa-token
			</Text>
			{hasRoomForTagline ? <Text dimColor>OAuth access token from SAP BTP XSUAA</Text> : null}
			{isDemo ? <Text color="yellow">{hasRoomForTagline ? '[demo: practice server, no SAP account needed]' : '[demo: practice server]'}</Text> : null}
		</Box>
	);
}
