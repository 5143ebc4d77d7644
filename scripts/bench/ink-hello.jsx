// The reference for start-up: the smallest Ink app that paints a line and waits, bundled as uaa-token is.
import {render, Text, useInput} from 'ink';

function Hello() {
	useInput(() => {});
	return <Text>Hello from Ink</Text>;
}

render(<Hello />);
