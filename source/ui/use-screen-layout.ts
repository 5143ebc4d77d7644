// How the app's frame divides the terminal: rows for the body between the header and the key hints, where the guide
// goes, and a scroll that starts each new screen at its top.

import {type RefObject, useEffect, useLayoutEffect, useRef, useState} from 'react';
import {type DOMElement, measureElement, useIsScreenReaderEnabled, useStdout} from 'ink';
import {type Scroll, useScroll} from './scroll-view/index.js';
import {useTerminalColumns, useTerminalRows} from './use-columns.js';

/** At this width the guide fits beside a screen that keeps 59 columns, enough for labels beside their values. */
const sideGuideMinColumns = 100;
export const sideGuideWidth = 40;
/** Below the wizard the whole guide takes about 24 rows; with fewer rows than this it would push the input off the top. */
export const fullBottomGuideMinRows = 40;

export type ScreenLayout = {
	readonly terminalColumns: number;
	/** Infinite when nothing is windowed. */
	readonly terminalRows: number;
	/** Without a known height (output to a non-terminal, or a screen reader), nothing is windowed. */
	readonly isHeightKnown: boolean;
	readonly bodyRows: number;
	readonly guideLayout: 'side' | 'bottom';
	readonly scroll: Scroll;
	/** The scroll offset to draw with: 0 until a new screen's reset has run. */
	readonly scrollOffset: number;
	readonly topRef: RefObject<DOMElement | null>;
	readonly bottomRef: RefObject<DOMElement | null>;
};

/** screenKey names the screen drawn: a new one starts at its top. */
export function useScreenLayout(screenKey: string): ScreenLayout {
	const terminalColumns = useTerminalColumns();
	// A screen reader reads Ink's output line by line, unclipped: it gets the whole screen, never a window with counts.
	const {stdout} = useStdout();
	const isScreenReaderEnabled = useIsScreenReaderEnabled();
	const isHeightKnown = Boolean(stdout.rows) && !isScreenReaderEnabled;
	const measuredRows = useTerminalRows();
	const terminalRows = isHeightKnown ? measuredRows : Number.POSITIVE_INFINITY;
	const scroll = useScroll();
	// The rows above and below the body (header, notices, key hints) as last drawn: the body gets the rest.
	const topRef = useRef<DOMElement>(null);
	const bottomRef = useRef<DOMElement>(null);
	// A first guess on the high side: the first frame is drawn before anything is measured, and one row too many would clear the scrollback.
	const [chromeRows, setChromeRows] = useState(10);
	useLayoutEffect(() => {
		const rows = (topRef.current ? measureElement(topRef.current).height : 0) + (bottomRef.current ? measureElement(bottomRef.current).height : 0);
		if (rows !== chromeRows) {
			setChromeRows(rows);
		}
	});

	const scrolledScreen = useRef(screenKey);
	// Until the reset below has run, a new screen is drawn from its top, not at the offset the last one was scrolled to.
	const scrollOffset = scrolledScreen.current === screenKey ? scroll.offset : 0;
	useEffect(() => {
		scrolledScreen.current = screenKey;
		scroll.scroll('top');
	}, [screenKey, scroll.scroll]);

	return {
		terminalColumns,
		terminalRows,
		isHeightKnown,
		// A row is left free: Ink redraws a frame as tall as the terminal by clearing the screen and its scrollback.
		bodyRows: Math.max(3, terminalRows - chromeRows - 1),
		guideLayout: terminalColumns >= sideGuideMinColumns ? 'side' : 'bottom',
		scroll,
		scrollOffset,
		topRef,
		bottomRef,
	};
}
