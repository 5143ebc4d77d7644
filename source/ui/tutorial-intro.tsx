// The first screen of uaa-token --tutorial: which SAP tutorial this walks, and its steps in the order they come.

import type {ReactNode} from 'react';
import {Box, Text, Transform} from 'ink';
import {tutorialSteps} from './guide-panel.js';

export const tutorialTitle = 'Get OAuth Access Token for Personalized Recommendation via Web Browser';

export type TutorialIntroProps = {
	/** --demo: the practice server stands in for SAP, and each step gives its value. */
	readonly isDemo: boolean;
};

// eslint-disable-next-line no-control-regex -- a wrapped line may start with the colour codes carried over to it
const carriedSpace = /^((?:\u001B\[[\d;]*m)*) /;

/**
 * Wrapped prose. Ink keeps the space it breaks at when a line comes out exactly full, which would start the next line
 * with it; this screen's width is the caller's, so the space is dropped after wrapping rather than wrapped around.
 */
function Prose({children, color}: {readonly children: ReactNode; readonly color?: string}) {
	return (
		<Transform transform={(line, index) => (index === 0 ? line : line.replace(carriedSpace, '$1'))}>
			<Text color={color}>{children}</Text>
		</Transform>
	);
}

export function TutorialIntro({isDemo}: TutorialIntroProps) {
	return (
		<Box flexDirection="column">
			<Text bold wrap="wrap">
				Tutorial: &quot;{tutorialTitle}&quot;
			</Text>
			<Prose>
				SAP&apos;s beginner tutorial types a URL and two values into a browser. This walks its steps here, explaining each:
			</Prose>
			<Box marginTop={1} flexDirection="column">
				{tutorialSteps.map((step, index) => (
					<Box key={step.title}>
						<Box width={3} flexShrink={0}>
							<Text color="cyan">{index + 1}.</Text>
						</Box>
						<Prose>
							<Text bold>{step.title}.</Text> {step.summary}
						</Prose>
					</Box>
				))}
			</Box>
			<Box marginTop={1} flexDirection="column">
				<Prose>
					A guide stays open at every step: where each value sits in the key, what the browser would do, what the words mean. ?
					hides it and brings it back.
				</Prose>
				<Prose color={isDemo ? 'yellow' : undefined}>
					{isDemo
						? 'Practice (--demo): a server on this computer stands in for SAP and gives each value. No SAP account needed.'
						: 'No SAP account yet? Practise with uaa-token --tutorial --demo: each value is given.'}
				</Prose>
			</Box>
			<Box marginTop={1}>
				<Text bold color="cyan">
					Press Enter to start
				</Text>
			</Box>
		</Box>
	);
}
