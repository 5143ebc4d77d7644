// A viewport of a fixed number of rows over content of any height, saying how much is hidden above and below.
// Controlled: the offset comes in (from scrollReducer), so the app routes keys in one place; the view only measures.

import {type ReactNode, useLayoutEffect, useRef, useState} from 'react';
import {Box, type DOMElement, measureElement, Text} from 'ink';
import {scrollWindow} from './scroll-state.js';

export const defaultScrollHint = '↑↓ PgUp PgDn Home End scroll';

export type ScrollViewProps = {
	/** Every row the view may take, its indicator lines included: the terminal's rows minus the header and key hints. */
	readonly height: number;
	/**
	 * Rows the whole frame may take, when known: the view then takes what the rows around it leave, worked out in Ink's
	 * layout pass, so a header or key hints that grow can never push the frame past the terminal.
	 */
	readonly frameRows?: number;
	/** The first content row to show, as scrollReducer keeps it; clamped here too, so a stale offset never shows blank rows. */
	readonly offset: number;
	/** Called when the content's height or the view's height changes; hand both to scrollReducer as a 'measured' action. */
	readonly onMeasure?: (contentRows: number, viewportRows: number) => void;
	/** The keys that scroll, shown after the last indicator line. */
	readonly scrollHint?: string;
	readonly children: ReactNode;
};

const plural = (count: number) => `${count} more ${count === 1 ? 'line' : 'lines'}`;

/** The longest version of an indicator that fits, so it never wraps and takes a second row. */
function fitted(columns: number, ...candidates: string[]): string {
	return candidates.find(candidate => candidate.length <= columns) ?? candidates.at(-1)!;
}

type LayoutRoot = DOMElement & {onComputeLayout?: () => void};

function rootOf(node: DOMElement): LayoutRoot {
	let root = node;
	while (root.parentNode) {
		root = root.parentNode;
	}

	return root as LayoutRoot;
}

/**
 * Clips the body in Ink's own layout pass, before the frame is written. The measured height that the view renders
 * from is a frame late: a screen that grows (a token arriving, the next step) would first be drawn clipped to the
 * height of the screen before it, or, unclipped, taller than the terminal, which makes Ink clear the scrollback.
 */
function useClipInLayout(
	frame: React.RefObject<DOMElement | null>,
	clip: React.RefObject<DOMElement | null>,
	content: React.RefObject<DOMElement | null>,
	rowsFor: React.RefObject<(contentRows: number, rowsAround: number) => number>,
): void {
	useLayoutEffect(() => {
		if (!frame.current) {
			return;
		}

		const root = rootOf(frame.current);
		const computeLayout = root.onComputeLayout;
		if (!computeLayout) {
			return;
		}

		root.onComputeLayout = () => {
			computeLayout();
			const contentNode = content.current?.yogaNode;
			const clipNode = clip.current?.yogaNode;
			const frameNode = frame.current?.yogaNode;
			if (!contentNode || !clipNode || !frameNode || !root.yogaNode) {
				return;
			}

			const rowsAround = Math.round(root.yogaNode.getComputedHeight() - frameNode.getComputedHeight());
			const rows = rowsFor.current(Math.round(contentNode.getComputedHeight()), rowsAround);
			if (Math.round(clipNode.getComputedHeight()) !== rows) {
				clipNode.setHeight(rows);
				computeLayout();
			}
		};

		return () => {
			root.onComputeLayout = computeLayout;
		};
	}, [frame, clip, content, rowsFor]);
}

export function ScrollView({height, frameRows, offset, onMeasure, scrollHint = defaultScrollHint, children}: ScrollViewProps) {
	const frame = useRef<DOMElement>(null);
	const clip = useRef<DOMElement>(null);
	const content = useRef<DOMElement>(null);
	const [contentRows, setContentRows] = useState<number | undefined>(undefined);
	// The view's own width, which a box around it may make narrower than the terminal: the indicators must fit it.
	const [width, setWidth] = useState<number | undefined>(undefined);
	const reported = useRef<string | undefined>(undefined);
	// Measured in the same effect as the content, so it is known by the time any indicator is drawn.
	const columns = width ?? Number.POSITIVE_INFINITY;
	const viewportRows = Math.max(1, Math.trunc(height) || 1);

	// Ink has computed the layout before layout effects run, so a change of height is corrected before the next paint.
	useLayoutEffect(() => {
		if (!content.current || !frame.current) {
			return;
		}

		const rows = measureElement(content.current).height;
		if (rows !== contentRows) {
			setContentRows(rows);
		}

		const measuredWidth = measureElement(frame.current).width;
		if (measuredWidth !== width) {
			setWidth(measuredWidth);
		}

		const measurement = `${rows}/${viewportRows}`;
		if (reported.current !== measurement) {
			reported.current = measurement;
			onMeasure?.(rows, viewportRows);
		}
	});

	const window = contentRows === undefined ? undefined : scrollWindow({contentRows, viewportRows, offset});
	// The outer box always has a height: until the content is measured it is clipped to the viewport, and content that
	// fits keeps its measured height until measured again, because one frame taller than the terminal clears its scrollback.
	const bodyRows = window === undefined ? viewportRows : window.bodyRows;
	const shownOffset = window?.offset ?? 0;
	const hiddenAbove = window?.hiddenAbove ?? 0;
	const hiddenBelow = window?.hiddenBelow ?? 0;
	const hint = ` — ${scrollHint}`;
	// The rows the body may take for content of a given height, leaving room for the indicator lines this render draws.
	const indicatorRows = (hiddenAbove > 0 ? 1 : 0) + (hiddenBelow > 0 ? 1 : 0);
	const rowsFor = useRef((_contentRows: number, _rowsAround: number) => bodyRows);
	rowsFor.current = (rows: number, rowsAround: number) => {
		const viewport = frameRows === undefined ? viewportRows : Math.max(1, Math.min(viewportRows, frameRows - rowsAround));
		const fresh = scrollWindow({contentRows: rows, viewportRows: viewport, offset});
		return Math.max(1, Math.min(fresh.bodyRows, viewport - indicatorRows));
	};

	useClipInLayout(frame, clip, content, rowsFor);

	return (
		<Box ref={frame} flexDirection="column" flexShrink={0}>
			{hiddenAbove > 0 ? (
				<Text dimColor wrap="truncate-end">
					{hiddenBelow > 0 ? `↑ ${plural(hiddenAbove)}` : fitted(columns, `↑ ${plural(hiddenAbove)}${hint}`, `↑ ${plural(hiddenAbove)}`)}
				</Text>
			) : null}
			<Box ref={clip} flexDirection="column" flexShrink={0} height={bodyRows} overflow="hidden">
				{/* flexShrink 0 keeps the content its natural height inside the clipped box, which is what is measured. */}
				<Box ref={content} flexDirection="column" flexShrink={0} marginTop={-shownOffset}>
					{children}
				</Box>
			</Box>
			{hiddenBelow > 0 ? (
				<Text dimColor wrap="truncate-end">
					{fitted(columns, `↓ ${plural(hiddenBelow)}${hint}`, `↓ ${plural(hiddenBelow)}`)}
				</Text>
			) : null}
		</Box>
	);
}
