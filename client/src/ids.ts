// Identifiers shared between package.json contributions and the code: language, grammar, and (later) commands, views and settings.

/** Language id contributed in package.json `contributes.languages`. */
export const LANGUAGE_ID = 'ftrace';

/** TextMate scope name of the grammar (`contributes.grammars[].scopeName`). */
export const GRAMMAR_SCOPE = 'text.ftrace';

/** Grammar file, relative to the extension root (`contributes.grammars[].path` without the leading `./`). */
export const GRAMMAR_PATH = 'syntaxes/ftrace.tmLanguage.json';

/** Language configuration file, relative to the extension root. */
export const LANGUAGE_CONFIGURATION_PATH = 'language-configuration.json';

/** Command ids contributed in package.json `contributes.commands` (none yet). */
export const COMMAND_IDS: readonly string[] = [];

/** View ids contributed in package.json `contributes.views` (none yet). */
export const VIEW_IDS: readonly string[] = [];

/** Settings section shared with the server. */
export const SETTINGS_SECTION = 'ftraceLens';

/** Setting keys contributed in package.json `contributes.configuration`. */
export const SETTING_KEYS: readonly string[] = [
  'ftraceLens.diagnostics.slowCallThresholdUs',
  'ftraceLens.diagnostics.measure',
  'ftraceLens.diagnostics.severity',
  'ftraceLens.diagnostics.maxSlowCalls',
  'ftraceLens.diagnostics.structural',
  'ftraceLens.inlayHints.enabled',
];
