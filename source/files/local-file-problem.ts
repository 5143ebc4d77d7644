// Turns a file-system error (EACCES, EISDIR, ELOOP…) met while uaa-token works with its own files into a
// LocalFileError: the path, what is wrong in words, and what to do, instead of Node's raw "EPERM: … chmod" text.

import {LocalFileError} from '../errors/local-file.js';

/** What uaa-token was doing when the error came: the words start the problem ("could not save the profile"). */
export type FileAction = string;

/** The errno code of a failed fs call (ENOENT, EACCES, …), or undefined for an error without one. */
export function errorCodeOf(error: unknown): string | undefined {
	const code = (error as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' ? code : undefined;
}

const problems: Record<string, {problem: string; whatToDo: string}> = {
	EACCES: {problem: 'permission denied', whatToDo: 'Make the directory writable for your user, or point UAA_TOKEN_CONFIG_DIR at a directory of your own.'},
	EPERM: {problem: 'the operation is not permitted', whatToDo: 'Make the directory writable for your user, or point UAA_TOKEN_CONFIG_DIR at a directory of your own.'},
	EROFS: {problem: 'the file system is read-only', whatToDo: 'Point UAA_TOKEN_CONFIG_DIR at a directory on a writable file system.'},
	ENOSPC: {problem: 'the disk is full', whatToDo: 'Free some space, then try again.'},
	EDQUOT: {problem: 'your disk quota is used up', whatToDo: 'Free some space, then try again.'},
	EEXIST: {problem: 'something that is not a directory is in the way', whatToDo: 'Move it away, or point UAA_TOKEN_CONFIG_DIR at another directory.'},
	ENOTDIR: {problem: 'a part of the path is a file, not a directory', whatToDo: 'Move that file away, or point UAA_TOKEN_CONFIG_DIR at another directory.'},
	EISDIR: {problem: 'it is a directory, where uaa-token keeps a file', whatToDo: 'Move the directory away, or use another profile name.'},
	ELOOP: {problem: 'it is a symbolic link (or a loop of them), which uaa-token does not follow for its files', whatToDo: 'Remove the link, or use another profile name.'},
	ENAMETOOLONG: {problem: 'the path is too long', whatToDo: 'Point UAA_TOKEN_CONFIG_DIR at a shorter path.'},
	EMFILE: {problem: 'too many files are open', whatToDo: 'Try again.'},
	EBUSY: {problem: 'the file is busy', whatToDo: 'Try again.'},
	EIO: {problem: 'an input/output error occurred', whatToDo: 'Check the disk, then try again.'},
};

/**
 * The error as a LocalFileError about path: a LocalFileError passes through as it is; an errno gets its words,
 * anything else a general sentence (its raw text is never shown: it may quote a path oddly or carry a stack).
 */
export function localFileProblem(error: unknown, path: string, action: FileAction): LocalFileError {
	if (error instanceof LocalFileError) {
		return error;
	}

	const code = errorCodeOf(error);
	const known = code === undefined ? undefined : problems[code];
	if (known) {
		return new LocalFileError(path, `${action}: ${known.problem} (${code})`, known.whatToDo, {cause: error});
	}

	return new LocalFileError(path, `${action}${code === undefined ? '' : ` (${code})`}`, 'Check the path and its permissions, then try again.', {cause: error});
}
