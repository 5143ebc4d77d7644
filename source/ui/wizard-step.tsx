import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import {checkUaaUrl, uaaUrlShape} from '../oauth/uaa-url.js';
import {looksLikeServiceKey} from '../service-key/parse-service-key.js';
import {FieldRow} from './field-row.js';
import {useColumns} from './use-columns.js';
import {WrappedText} from './wrapped-text.js';
import {useLatestValueChange} from './use-latest-value-change.js';
import {type Field, type Values, fields} from './wizard-state.js';

// One line each at 100 columns: where the value is, and what the browser tutorial calls it.
const hints: Record<Field, string> = {
	url: 'The "url" in the service key\'s "uaa" section, not the top-level "url"; or paste the whole key.',
	clientid: 'The "clientid" in the service key\'s "uaa" section. The browser tutorial calls it Username.',
	clientsecret: 'The "clientsecret" in the service key\'s "uaa" section. The browser tutorial calls it Password.',
};

const placeholders: Record<Field, string> = {
	url: uaaUrlShape,
	clientid: 'sb-...',
	clientsecret: '',
};
/** A placeholder has no spaces to wrap at, so on narrow terminals a shorter one keeps it on one line. */
const narrowUrlPlaceholder = 'https://<subdomain>.authentication…';
const narrowBelowColumns = 66;

export type WizardStepProps = {
	readonly field: Field;
	readonly values: Values;
	readonly problem?: string;
	readonly notice?: string;
	/** The practice server's value for this field, shown in --demo so a beginner knows what to type. */
	readonly demoValue?: string;
	/** The saved profile these values belong to, when asking for its secret or editing it. */
	readonly profileName?: string;
	readonly onChange: (value: string) => void;
	/** Text added to, or taken from, the end of a hidden key: the newest value is the reducer's, never a render's. */
	readonly onEditEnd: (edit: {insert: string} | {deleteLast: true}) => void;
	readonly onSubmit: () => void;
};

/**
 * Takes a pasted service key while it is hidden. A key comes in pieces (terminals pass 4 kB at a time), and
 * ink-text-input would put each piece after a cursor that only knows the pieces it saw; here every piece goes at
 * the end, and Backspace takes from the end.
 */
function HiddenKeyInput({onEditEnd, onSubmit}: Pick<WizardStepProps, 'onEditEnd' | 'onSubmit'>) {
	useInput((input, key) => {
		if (key.return) {
			onSubmit();
		} else if (key.backspace || key.delete) {
			onEditEnd({deleteLast: true});
		} else if (/^[\u007F\b]+$/.test(input)) {
			// Backspaces a busy terminal delivered together arrive as one piece of text.
			for (const _ of input) {
				onEditEnd({deleteLast: true});
			}
		} else if (input !== '' && !key.ctrl && !key.meta && !key.tab && !key.escape) {
			onEditEnd({insert: input});
		}
	});
	return null;
}

function TokenUrlPreview({url}: {readonly url: string}) {
	if (url.trim() === '') {
		return null;
	}

	const check = checkUaaUrl(url);
	if (!check.isValid) {
		return null;
	}

	return (
		<Box flexDirection="column">
			<FieldRow label="token URL">{check.tokenUrl}</FieldRow>
			{check.removedParts.length > 0 ? (
				<WrappedText color="yellow">
					Will remove {check.removedParts.join(' and ')}: uaa-token adds /oauth/token itself and sends grant_type in the body.
				</WrappedText>
			) : null}
		</Box>
	);
}

export function WizardStep({field, values, problem, notice, demoValue, profileName, onChange, onEditEnd, onSubmit}: WizardStepProps) {
	const stepNumber = fields.indexOf(field) + 1;
	const isSecret = field === 'clientsecret';
	const answered = fields.slice(0, stepNumber - 1);
	const isPastedKey = field === 'url' && looksLikeServiceKey(values.url);
	const changeFromLatest = useLatestValueChange(values[field], onChange);
	const isNarrow = useColumns() < narrowBelowColumns;
	const placeholder = field === 'url' && isNarrow ? narrowUrlPlaceholder : placeholders[field];
	return (
		<Box flexDirection="column">
			{profileName === undefined ? null : <FieldRow label="profile">{profileName}</FieldRow>}
			{answered.map(name => (
				<FieldRow key={name} label={name}>
					{values[name]}
				</FieldRow>
			))}
			{notice ? (
				<Text color="yellow" wrap="wrap">
					{notice}
				</Text>
			) : null}
			<Box marginTop={answered.length > 0 || notice ? 1 : 0} columnGap={1}>
				<Text color="cyan">
					Step {stepNumber}/{fields.length}
				</Text>
				<Text bold>{field}</Text>
			</Box>
			<Text dimColor wrap="wrap">
				{hints[field]}
			</Text>
			{/* A pasted service key holds the secret: it is taken in, but never shown. */}
			{isPastedKey ? (
				<>
					<HiddenKeyInput onEditEnd={onEditEnd} onSubmit={onSubmit} />
					<Text color="cyan" wrap="wrap">
						{'> '}a service key ({values.url.length} characters, secrets hidden). Press Enter to read it.
					</Text>
				</>
			) : (
				<Box>
					<Box flexShrink={0}>
						<Text color="cyan">{'> '}</Text>
					</Box>
					<TextInput
						value={values[field]}
						placeholder={placeholder}
						mask={isSecret ? '*' : undefined}
						onChange={changeFromLatest}
						onSubmit={onSubmit}
					/>
				</Box>
			)}
			{problem ? (
				<Text color="red" wrap="wrap">
					{'✗ '}
					{problem}
				</Text>
			) : null}
			{field === 'url' && !problem && !isPastedKey ? <TokenUrlPreview url={values.url} /> : null}
			{demoValue === undefined ? null : (
				<Box marginTop={1} flexDirection="column">
					<Text color="yellow" wrap="wrap">
						Demo value: {demoValue}
					</Text>
					<Text dimColor>Type it, or press Tab to fill it in.</Text>
				</Box>
			)}
		</Box>
	);
}
