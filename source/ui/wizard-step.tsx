import {Box, Text} from 'ink';
import {cleanCredential} from '../text/credential-whitespace.js';
import {checkUaaUrl, uaaUrlShape} from '../oauth/uaa-url.js';
import {FieldProblem} from './field-problem.js';
import {FieldRow} from './field-row.js';
import {useColumns} from './use-columns.js';
import {WrappedText} from './wrapped-text.js';
import {TextField} from './text-field/index.js';
import {type Field, type StepInput, type Values, fields} from './wizard-state.js';

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
/**
 * A placeholder has no spaces to wrap at, so on narrow terminals a shorter one keeps it on one line, "> e.g. " and
 * the cursor's cell included.
 */
const narrowUrlPlaceholders = [
	{minColumns: 44, text: 'https://<subdomain>.authentication…'},
	{minColumns: 0, text: 'https://<subdomain>.auth…'},
];
const narrowBelowColumns = 66;

export type WizardStepProps = {
	readonly field: Field;
	/** The field's cursor, a pasted key set apart, a kept secret, and the problem to show. */
	readonly input: StepInput;
	readonly values: Values;
	readonly notice?: string;
	/** The practice server's value for this field, shown in --demo so a beginner knows what to type. */
	readonly demoValue?: string;
	/** The saved profile these values belong to, when asking for its secret or editing it. */
	readonly profileName?: string;
};

/** What the input row shows in place of a value it must not draw: a pasted key, or a secret entered before. */
function HiddenValue({input, length}: {readonly input: StepInput; readonly length: number}) {
	if (input.keyText !== undefined) {
		return (
			<Text color="cyan" wrap="wrap">
				{'> '}a service key ({input.keyText.length} characters, secrets hidden). Press Enter to read it, Esc to drop it.
			</Text>
		);
	}

	return (
		<Text wrap="wrap">
			<Text color="cyan">{'> '}</Text>
			<Text inverse>kept: {length} characters</Text>
			<Text dimColor> Enter keeps it; typing replaces it; Backspace clears it.</Text>
		</Text>
	);
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

export function WizardStep({field, input, values, notice, demoValue, profileName}: WizardStepProps) {
	const stepNumber = fields.indexOf(field) + 1;
	const isSecret = field === 'clientsecret';
	const answered = fields.slice(0, stepNumber - 1);
	const isHidden = input.keyText !== undefined || input.isKept === true;
	const columns = useColumns();
	const placeholder = field === 'url' && columns < narrowBelowColumns ? narrowUrlPlaceholders.find(({minColumns}) => columns >= minColumns)!.text : placeholders[field];
	const {problem} = input;
	const value = values[field];
	const hasInnerWhitespace = !isHidden && cleanCredential(field, value).hasInnerWhitespace;
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
			{/* A pasted service key holds the secret: it is taken in, but never shown; a kept secret shows only its length. */}
			{isHidden ? (
				<HiddenValue input={input} length={[...value].length} />
			) : (
				<TextField field={{value, cursor: input.cursor}} placeholder={placeholder || undefined} isMasked={isSecret} label={field} />
			)}
			<FieldProblem problem={problem} />
			{input.mixUp ? (
				<Text color="yellow" wrap="wrap">
					{'! '}
					{input.mixUp.problem}
				</Text>
			) : null}
			{hasInnerWhitespace ? (
				<Text color="yellow" wrap="wrap">
					! The {field} has a space or line break inside it. Values in a service key have none: check it was copied whole.
				</Text>
			) : null}
			{field === 'url' && !problem && !isHidden ? <TokenUrlPreview url={values.url} /> : null}
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
