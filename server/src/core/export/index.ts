// Exports of a parsed trace for other tools: Trace Event JSON (Perfetto, chrome://tracing), speedscope JSON, folded stacks.
export { LineTimeReader, lineTimesOfLines, lineTimesOfText, type CallLineTimes } from './lineTimes';
export { callLanes, type Lane, type Lanes } from './lanes';
export { layoutCalls, type CallLayout, type ClockSource } from './callLayout';
export { chromeTraceChunks, isInstant, laneIds, usText, UNKNOWN_CPU_PID } from './chromeTrace';
export { speedscopeChunks, SPEEDSCOPE_SCHEMA } from './speedscope';
export { foldedChunks, foldedFrame, mergePaths, type PathTree } from './folded';
export { exportChunks, EXPORT_FORMATS, clockNote, type ExportFormat } from './formats';
