// What the App is given: every side effect comes in here, so tests hand in a real server's transport or a temp store.

import type {ClipboardKind} from '../clipboard/clipboard.js';
import type {TokenTransport} from '../core/token-workflow.js';
import type {CredentialFields} from '../oauth/credentials.js';
import type {Token} from '../oauth/token-client.js';
import type {TokenVerification} from '../oauth/verify-token.js';
import type {ProfileStore} from '../profiles/profile-store.js';
import type {Grant} from '../oauth/grants.js';
import type {DemoUserValues} from './user-sign-in.js';
import type {SignInAs, Values} from './wizard-state.js';

/** The browser sign-in, as the app starts it: onShown tells the page it waits at, and why no browser opened. */
export type BrowserSignIn = (options: {
	baseUrl: string;
	clientId: string;
	origin?: string;
	signal: AbortSignal;
	onShown: (url: string, problem?: string) => void;
}) => Promise<Grant>;

/** The practice server's values, and its API, which the next-step command calls. */
export type DemoValues = Values & {serviceUrl?: string; user?: DemoUserValues};

export type AppProps = {
	/** How tokens are asked for: fetchToken with the command line's settings, in the product. */
	readonly transport: TokenTransport;
	/**
	 * Checks a token's signature against its zone's keys, its lifetime and its audience, for the i view; without it
	 * the view says the token is not verified.
	 */
	readonly verifyToken?: (token: Token, fields: CredentialFields) => Promise<TokenVerification>;
	/** How long a profile's request waits for another uaa-token process asking for the same token: --timeout. */
	readonly waitLimitMs?: number;
	/** Says where the text went; rejects with a reason fit to show when it could go nowhere. */
	readonly copyToClipboard: (text: string) => Promise<ClipboardKind>;
	/** Set in --demo: the practice server's values, shown beside each step. */
	readonly demoValues?: DemoValues;
	/** Starts the practice server for the picker's "Try the demo". */
	readonly startDemo?: () => Promise<DemoValues>;
	/** Saved profiles; without a store nothing is saved or offered. */
	readonly store?: ProfileStore;
	/** --profile: open this profile's result screen at once; isRefreshForced (--refresh) ignores its cached token. */
	readonly initialProfile?: string;
	readonly isRefreshForced?: boolean;
	readonly initialValues?: Partial<Values>;
	/** --service-key: the key's text, opened at its confirmation screen. */
	readonly initialServiceKeyText?: string;
	/** Reads a service key file named at the url step; undefined when it cannot be read. */
	readonly readTextFile?: (path: string) => string | undefined;
	/** --ca: extra CA certificates, kept in profiles saved in this session. */
	readonly ca?: string;
	/** --tutorial: an intro, then the wizard with the guide open. */
	readonly isTutorial?: boolean;
	/** Lines to show on the first screen, such as whitespace removed from --url or --client-id. */
	readonly initialNotices?: readonly string[];
	readonly now?: () => number;
	/** --grant: the wizard signs in as a user, this way. */
	readonly signInAs?: SignInAs;
	/** Listens on the loopback redirect and opens the browser; without it, the browser sign-in cannot be offered. */
	readonly signInWithBrowser?: BrowserSignIn;
};
