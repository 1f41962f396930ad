// Public surface of the pure trace core (parser, model, queries, formatting).
export * from './lineKinds';
export { LineFields, PasteKind } from './lineFields';
export { parseLine } from './lineParser';
export { describeLine, type LineSpan, type LineDescription } from './describe';
export * from './model';
export * from './issues';
export { TraceBuilder, parseTrace, type BuilderOptions } from './callTreeBuilder';
export * from './queries';
export * from './format';
export { callSpan, foreignLines } from './spanLines';
export { JsonTraceBuilder } from './jsonTraceBuilder';
export { ownerKey, taskRuns, runAtLine, nodeAtLine, isContinued, type TaskRuns } from './taskRuns';
export { cpuTimes, CpuState, isIdleLoopFunction, isSchedulerFunction, offCpuKind, type CpuTimes, type OffCpuKind } from './offCpu';
export * from './ranking';
export { rankedFunctionStats, type RankedFunctionStat } from './rankedFunctions';
export { DISPLAY_LIMIT, cutParts, cutText, displayParts, displayText, neutralise, type DisplayParts } from './displayText';
