// Every exit code uaa-token ends with, in one place: the readme and --help document these, and scripts branch on them.
// They live at the bottom of the folders so that every layer, from a failure's description up to cli.tsx, names them.

/** The token was printed, or the app was left with q after a success. */
export const successExitCode = 0;
/** The server refused: wrong credentials, a wrong url, an answer that is no token. */
export const refusedExitCode = 1;
/** The command line or a file it names cannot be used: nothing was asked of the server. */
export const usageExitCode = 2;
/** The server could not be reached, or did not answer in time. */
export const unreachableExitCode = 3;
/** A file on this machine (the config directory, a profile) could not be read or written. */
export const localFileExitCode = 4;
/** Ctrl+C, as a shell reports a process ended by SIGINT. */
export const cancelledExitCode = 130;
