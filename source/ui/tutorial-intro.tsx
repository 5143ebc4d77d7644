// The first screen of uaa-token --tutorial: which SAP tutorial this walks, and its steps in the order they come.

import {Box, Text} from 'ink';
import {tutorialParts} from './guide-panel.js';
import {WrappedText} from './wrapped-text.js';

export const tutorialTitle = 'Get OAuth Access Token for Personalized Recommendation via Web Browser';

export type TutorialIntroProps = {
	/** --demo: the practice server stands in for SAP, and each step gives its value. */
	readonly isDemo: boolean;
};

export function TutorialIntro({isDemo}: TutorialIntroProps) {
	return (
		<Box flexDirection="column">
			<WrappedText bold>Tutorial: &quot;{tutorialTitle}&quot;</WrappedText>
			<WrappedText>
				SAP&apos;s beginner tutorial types a URL and two values into a browser. This walks its three parts here, explaining
				each:
			</WrappedText>
			<Box marginTop={1} flexDirection="column">
				{tutorialParts.map((part, index) => (
					<Box key={part.title}>
						<Box width={3} flexShrink={0}>
							<Text color="cyan">{index + 1}.</Text>
						</Box>
						<WrappedText>
							<Text bold>{part.title}.</Text> {part.summary}
						</WrappedText>
					</Box>
				))}
			</Box>
			<Box marginTop={1} flexDirection="column">
				<WrappedText>
					A guide stays open at every step: where each value sits in the key, what the browser would do, what the words mean. ?
					hides it and brings it back.
				</WrappedText>
				<WrappedText color={isDemo ? 'yellow' : undefined}>
					{isDemo
						? 'Practice (--demo): a server on this computer stands in for SAP and gives each value. No SAP account needed.'
						: 'No SAP account yet? Practise with uaa-token --tutorial --demo: each value is given.'}
				</WrappedText>
			</Box>
			<Box marginTop={1}>
				<Text bold color="cyan">
					Press Enter to start
				</Text>
			</Box>
		</Box>
	);
}
