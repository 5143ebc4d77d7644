import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useColumns} from './use-columns.js';
import {WrappedText} from './wrapped-text.js';
import {cleanOutsideText} from '../text/outside-text.js';

const labelWidth = 14;
/** Below this width a label column would squeeze values into a sliver, so labels go above values. */
const stackedBelowColumns = 56;

/** A label and a value that wraps beside it, or below it on narrow terminals, so long values stay readable. */
export function FieldRow({label, children}: {readonly label: string; readonly children: ReactNode}) {
	// A label longer than its column (a claim such as xs.system.attributes) would split mid-word; it goes above too.
	const isNarrow = useColumns() < stackedBelowColumns || label.length >= labelWidth;
	// Values here come from keys, profiles and tokens: cleaned at the row, so a new field cannot forget it.
	const value = typeof children === 'string' ? <WrappedText>{cleanOutsideText(children)}</WrappedText> : children;
	if (isNarrow) {
		return (
			<Box flexDirection="column">
				<Text dimColor>{cleanOutsideText(label)}</Text>
				<Box paddingLeft={2} flexDirection="column">
					{value}
				</Box>
			</Box>
		);
	}

	return (
		<Box>
			<Box width={labelWidth} flexShrink={0}>
				<Text dimColor>{cleanOutsideText(label)}</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1} flexDirection="column">
				{value}
			</Box>
		</Box>
	);
}
