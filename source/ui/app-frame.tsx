// The frame around every screen: the header and notices above, the screen (scrolled when the terminal is too short)
// with the guide beside or below it, and the key hints at the bottom.

import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {GuidePanel} from './guide-panel.js';
import {Header} from './header.js';
import {type KeyHint, KeyHints} from './key-hints.js';
import {isGuideKey} from './keys/app-keys.js';
import {ScrollView} from './scroll-view/index.js';
import {AvailableColumnsContext} from './use-columns.js';
import {fullBottomGuideMinRows, type ScreenLayout, sideGuideWidth} from './use-screen-layout.js';
import type {WizardState} from './wizard-state.js';

export type AppFrameProps = {
	readonly layout: ScreenLayout;
	readonly state: WizardState;
	readonly isDemoShown: boolean;
	readonly notices: readonly string[];
	readonly hints: readonly KeyHint[];
	readonly isGuideOpen: boolean;
	/** The tutorial's intro is shown instead of the screen: the guide opens with the first step. */
	readonly isIntroShown: boolean;
	readonly isTutorial: boolean;
	readonly children: ReactNode;
};

export function AppFrame({layout, state, isDemoShown, notices, hints, isGuideOpen, isIntroShown, isTutorial, children}: AppFrameProps) {
	const {terminalColumns, guideLayout} = layout;
	const isSideGuide = isGuideOpen && guideLayout === 'side';
	// A revealed token stands alone, so rows selected with the mouse copy the token and nothing of the guide beside it.
	const isTokenRevealed = state.screen === 'result' && state.isRevealed;
	const body = (
		<Box flexDirection={isSideGuide ? 'row' : 'column'}>
			<AvailableColumnsContext.Provider value={isSideGuide ? terminalColumns - sideGuideWidth - 1 : undefined}>
				<Box flexDirection="column" flexGrow={1} flexShrink={1} paddingRight={isSideGuide ? 1 : 0}>
					{children}
				</Box>
			</AvailableColumnsContext.Provider>
			{isGuideOpen && !isIntroShown && !isTokenRevealed ? (
				<GuidePanel
					topic={state.screen === 'step' ? state.field : state.screen === 'choose-sign-in' || state.screen === 'user-step' ? 'signing-in' : state.screen}
					url={state.values.url}
					layout={guideLayout}
					width={isSideGuide ? sideGuideWidth : terminalColumns}
					isTutorial={isTutorial}
					isCompact={guideLayout === 'bottom' && (layout.terminalRows < fullBottomGuideMinRows || state.screen === 'result')}
					canCloseWithKey={isGuideKey(state) || state.screen === 'picker'}
				/>
			) : null}
		</Box>
	);
	return (
		<Box flexDirection="column">
			<Box ref={layout.topRef} flexDirection="column" flexShrink={0}>
				<Header isDemo={isDemoShown} />
				{notices.map(notice => (
					<Text key={notice} color="yellow" wrap="wrap">
						! {notice}
					</Text>
				))}
			</Box>
			{layout.isHeightKnown ? (
				<ScrollView height={layout.bodyRows} frameRows={layout.terminalRows - 1} offset={layout.scrollOffset} onMeasure={layout.scroll.onMeasure}>
					{body}
				</ScrollView>
			) : (
				body
			)}
			<Box ref={layout.bottomRef} flexDirection="column" flexShrink={0}>
				<KeyHints hints={hints} />
			</Box>
		</Box>
	);
}
