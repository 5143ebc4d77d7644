// The user's side of the wizard: how to sign in (password, one-time passcode or the browser), and the user's steps.

import {Box, Text} from 'ink';
import {passcodeUrlFor} from '../oauth/grants.js';
import {FieldProblem} from './field-problem.js';
import {FieldRow} from './field-row.js';
import {TextField} from './text-field/index.js';
import {WrappedText} from './wrapped-text.js';
import type {SignInAs, UserField} from './wizard-state.js';

/** The practice user of --demo, shown beside the user's steps as the client values are beside theirs. */
export type DemoUserValues = {username: string; password: string};

const ways = [
	['b', 'in the browser: sign in as you do on the web, single sign-on included (recommended)'],
	['p', 'with a user name and password: only for identity providers connected by OpenID Connect, such as sap.custom'],
	['o', 'with a one-time passcode from the passcode page, for single sign-on without a browser here'],
] as const;

export function ChooseSignIn({clientId}: {readonly clientId: string}) {
	return (
		<Box flexDirection="column">
			<FieldRow label="clientid">{clientId}</FieldRow>
			<Box marginTop={1}>
				<Text bold>Sign in as a user</Text>
			</Box>
			<WrappedText dimColor>
				A user token says what a person may do with this app: their role collections, user_name and email. The client&apos;s own token (client credentials) has none of that.
			</WrappedText>
			<Box marginTop={1} flexDirection="column">
				{ways.map(([key, text]) => (
					<Box key={key}>
						<Box width={3} flexShrink={0}>
							<Text color="cyan">{key}</Text>
						</Box>
						<Box flexShrink={1}>
							<WrappedText>{text}</WrappedText>
						</Box>
					</Box>
				))}
			</Box>
		</Box>
	);
}

const userHints: Record<UserField, string> = {
	username: 'The user name you sign in with, often your email address.',
	password:
		'Your password. XSUAA takes a password only for identity providers connected by OpenID Connect (sap.default, sap.custom); choose one with --origin. A "Bad credentials" answer may mean the provider, not the password.',
	passcode: 'Open the page below in a browser, sign in there (single sign-on works), and paste the code it shows.',
};

export type UserStepProps = {
	readonly field: UserField;
	readonly value: string;
	readonly cursor: number;
	readonly problem?: string;
	readonly signInAs?: SignInAs;
	readonly url: string;
	readonly clientId: string;
	readonly profileName?: string;
	readonly demoUser?: DemoUserValues;
};

export function UserStep({field, value, cursor, problem, signInAs, url, clientId, profileName, demoUser}: UserStepProps) {
	const demoValue = field === 'username' ? demoUser?.username : field === 'password' ? demoUser?.password : undefined;
	return (
		<Box flexDirection="column">
			{profileName === undefined ? null : <FieldRow label="profile">{profileName}</FieldRow>}
			<FieldRow label="clientid">{clientId}</FieldRow>
			{field === 'password' && signInAs?.username !== undefined ? <FieldRow label="username">{signInAs.username}</FieldRow> : null}
			{signInAs?.origin === undefined ? null : <FieldRow label="origin">{signInAs.origin}</FieldRow>}
			<Box marginTop={1} columnGap={1}>
				<Text color="cyan">Sign in as a user</Text>
				<Text bold>{field}</Text>
			</Box>
			<WrappedText dimColor>{userHints[field]}</WrappedText>
			{field === 'passcode' ? <FieldRow label="passcode page">{passcodeUrlFor(url)}</FieldRow> : null}
			<TextField field={{value, cursor}} isMasked={field !== 'username'} label={field} />
			<FieldProblem problem={problem} />
			{demoUser === undefined ? null : (
				<Box marginTop={1} flexDirection="column">
					<Text color="yellow" wrap="wrap">
						Practice user: {demoUser.username}, password {demoUser.password}
					</Text>
					<Text dimColor wrap="wrap">
						{demoValue === undefined ? 'Sign in as the practice user on the passcode page to get a code.' : 'Type it, or press Tab to fill it in.'}
					</Text>
				</Box>
			)}
		</Box>
	);
}
