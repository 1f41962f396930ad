// Identifiers shared between package.json contributions and the code: language, grammar, and (later) commands, views and settings.

/** Language id contributed in package.json `contributes.languages`. */
export const LANGUAGE_ID = 'ftrace';

/** TextMate scope name of the grammar (`contributes.grammars[].scopeName`). */
export const GRAMMAR_SCOPE = 'text.ftrace';

/** Grammar file, relative to the extension root (`contributes.grammars[].path` without the leading `./`). */
export const GRAMMAR_PATH = 'syntaxes/ftrace.tmLanguage.json';

/** Language configuration file, relative to the extension root. */
export const LANGUAGE_CONFIGURATION_PATH = 'language-configuration.json';

/** Command ids (each contributed in package.json with category "Ftrace"). */
export const Commands = {
  jumpToSlowestCall: 'ftraceLens.jumpToSlowestCall',
  showSlowestCalls: 'ftraceLens.showSlowestCalls',
  showSleepsAndIdle: 'ftraceLens.showSleepsAndIdle',
  hideSleepsAndIdle: 'ftraceLens.hideSleepsAndIdle',
  nextSlowCall: 'ftraceLens.nextSlowCall',
  previousSlowCall: 'ftraceLens.previousSlowCall',
  goToParentCall: 'ftraceLens.goToParentCall',
  goToLongestChild: 'ftraceLens.goToLongestChild',
  goToErrorOrigin: 'ftraceLens.goToErrorOrigin',
  goToMatchingEntryExit: 'ftraceLens.goToMatchingEntryExit',
  showCallStack: 'ftraceLens.showCallStack',
  revealCall: 'ftraceLens.revealCall',
  loadMore: 'ftraceLens.callTree.loadMore',
  orderByTime: 'ftraceLens.callTree.orderByTime',
  orderByTrace: 'ftraceLens.callTree.orderByTrace',
  followCursorOn: 'ftraceLens.callTree.followCursorOn',
  followCursorOff: 'ftraceLens.callTree.followCursorOff',
  sortHotFunctions: 'ftraceLens.hotFunctions.sortBy',
  exportTrace: 'ftraceLens.exportTrace',
  compareTraces: 'ftraceLens.compareTraces',
  showFlameGraph: 'ftraceLens.showFlameGraph',
  restoreEditorFeatures: 'ftraceLens.restoreEditorFeatures',
  bigTraceOptions: 'ftraceLens.bigTraceOptions',
  openCallAsTrace: 'ftraceLens.openCallAsTrace',
  openTaskAsTrace: 'ftraceLens.openTaskAsTrace',
  openCpuAsTrace: 'ftraceLens.openCpuAsTrace',
  openTimeWindowAsTrace: 'ftraceLens.openTimeWindowAsTrace',
  revealInFullTrace: 'ftraceLens.revealInFullTrace',
  goToSource: 'ftraceLens.goToSource',
} as const;

/** Command ids contributed in package.json `contributes.commands`. */
export const COMMAND_IDS: readonly string[] = Object.values(Commands);

/** View container and views. */
export const VIEW_CONTAINER_ID = 'ftraceLens';
export const Views = {
  callTree: 'ftraceLens.callTree',
  hotFunctions: 'ftraceLens.hotFunctions',
} as const;

/** Webview panel types (not contributed: created by the extension). */
export const VIEW_TYPES = {
  flameGraph: 'ftraceLens.flameGraph',
} as const;

/** View ids contributed in package.json `contributes.views`. */
export const VIEW_IDS: readonly string[] = Object.values(Views);

/** Context keys set by the extension (used in package.json `when` clauses). */
export const ContextKeys = {
  callTreeOrder: 'ftraceLens.callTreeOrder',
  followCursor: 'ftraceLens.followCursor',
  traceActive: 'ftraceLens.traceActive',
  /** True while the slow-call features count sleeps and idle time (Show Sleeps and Idle). */
  sleepsAndIdle: 'ftraceLens.sleepsAndIdle',
  /** The focused trace is past 50 MB and read from disk (no editor features). */
  diskTraceActive: 'ftraceLens.diskTraceActive',
} as const;

/** Settings section shared with the server. */
export const SETTINGS_SECTION = 'ftraceLens';

/** Settings read by the client. */
export const Settings = {
  /** Reopen traces of 300,000 lines up to 50 MB with colors, folding and inlay hints, without asking. */
  restoreEditorFeatures: 'ftraceLens.largeFiles.restoreEditorFeatures',
  /** Open Plain Text and Log documents whose first lines are function_graph output as ftrace. */
  detectTraces: 'ftraceLens.detectTraces',
} as const;

/** Setting keys contributed in package.json `contributes.configuration`. */
export const SETTING_KEYS: readonly string[] = [
  'ftraceLens.diagnostics.slowCallThresholdUs',
  'ftraceLens.diagnostics.measure',
  'ftraceLens.diagnostics.includeIdle',
  'ftraceLens.diagnostics.includeSleep',
  'ftraceLens.diagnostics.severity',
  'ftraceLens.diagnostics.maxSlowCalls',
  'ftraceLens.diagnostics.structural',
  'ftraceLens.diagnostics.structuralSeverity',
  'ftraceLens.inlayHints.enabled',
  'ftraceLens.source.tagsFiles',
  Settings.restoreEditorFeatures,
  Settings.detectTraces,
];
