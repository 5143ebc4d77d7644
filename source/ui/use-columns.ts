import {createContext, createElement, type ReactNode, useContext, useEffect, useState} from 'react';
import {useStdout} from 'ink';

const fallbackColumns = 80;
const fallbackRows = 24;

type TerminalSize = {columns: number; rows: number};

/** The terminal's size from one resize listener for the whole app; every row asking for its own passed Node's limit of 10. */
const TerminalSizeContext = createContext<TerminalSize | undefined>(undefined);

/** Set where a screen gets less than the terminal's width, such as beside the guide panel. */
export const AvailableColumnsContext = createContext<number | undefined>(undefined);

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {columns: stdout.columns || fallbackColumns, rows: stdout.rows || fallbackRows};
}

function useResizeListener(isActive: boolean): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		if (!isActive) {
			return;
		}

		const onResize = () => {
			const next = sizeOf(stdout);
			setSize(current => (current.columns === next.columns && current.rows === next.rows ? current : next));
		};

		// The size may have changed between the first render and this effect.
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, isActive]);
	return size;
}

export function TerminalColumnsProvider({children}: {readonly children: ReactNode}) {
	return createElement(TerminalSizeContext.Provider, {value: useResizeListener(true)}, children);
}

/** The terminal's size, kept current across resizes; components shown alone, as in tests, listen themselves. */
function useTerminalSize(): TerminalSize {
	const provided = useContext(TerminalSizeContext);
	const own = useResizeListener(provided === undefined);
	return provided ?? own;
}

export function useTerminalColumns(): number {
	return useTerminalSize().columns;
}

/** The terminal's height: what the scrolling body's rows are worked out from. */
export function useTerminalRows(): number {
	return useTerminalSize().rows;
}

/** The columns this part of the screen may use: the terminal's, or less where something sits beside it. */
export function useColumns(): number {
	const terminalColumns = useTerminalColumns();
	return useContext(AvailableColumnsContext) ?? terminalColumns;
}
