// Text that wraps between words without starting a row with the space it broke at.

import {Children, type ReactNode} from 'react';
import {Text, Transform} from 'ink';
import {cleanOutsideText} from '../text/outside-text.js';

// eslint-disable-next-line no-control-regex -- a wrapped row may start with the colour codes carried over to it
const carriedSpace = /^((?:\u001B\[[\d;]*m)*) /;

type WrappedTextProps = {
	readonly children: ReactNode;
	readonly color?: string;
	readonly dimColor?: boolean;
	readonly bold?: boolean;
	readonly 'aria-label'?: string;
};

/**
 * Ink keeps the space it breaks at when a row comes out exactly full, so the next row would start one column in; that
 * space is dropped. From every row, the first included: inside a scrolled ScrollView Ink numbers the rows from the first
 * one visible, so "not the first row" cannot be told. Text therefore never starts with a space of its own; indent
 * with a Box.
 */
export function WrappedText({children, ...style}: WrappedTextProps) {
	return (
		<Transform transform={line => line.replace(carriedSpace, '$1')}>
			<Text wrap="wrap" {...style}>
				{Children.map(children, child => (typeof child === 'string' ? cleanOutsideText(child) : child))}
			</Text>
		</Transform>
	);
}
