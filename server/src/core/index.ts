// Public surface of the pure trace core (parser, model, queries, formatting).
export * from './parse/lineKinds';
export { LineFields, PasteKind } from './parse/lineFields';
export { parseLine } from './parse/lineParser';
export { describeLine, type LineSpan, type LineDescription } from './present/describe';
export { latencyContext } from './present/latencyFlags';
export * from './model/model';
export type { NsValues } from './model/nsColumn';
export type { LineCallValues } from './model/lineCalls';
export type { LineValues } from './model/exitLines';
export * from './build/issues';
export { TraceBuilder, parseTrace, type BuilderOptions } from './build/callTreeBuilder';
export * from './analysis/queries';
export * from './analysis/taskExit';
export * from './format';
export { callSpan, foreignLines } from './analysis/spanLines';
export { JsonTraceBuilder } from './build/jsonTraceBuilder';
export { ownerKey, taskRuns, runAtLine, nodeAtLine, isContinued, type TaskRuns } from './analysis/taskRuns';
export { cpuTimes, CpuState, isIdleLoopFunction, isSchedulerFunction, knownOffCpuNs, offCpuKind, type CpuTimes, type OffCpuKind } from './analysis/offCpu';
export * from './analysis/ranking';
export {
  beginsInterrupt, callInterrupts, enclosingInterrupt, hasInterrupts, inInterrupt, interruptNs, interruptRole, markInterruptCalls,
  type CallInterrupts, type InterruptRole,
} from './analysis/interrupts';
export { rankedFunctionStats, type RankedFunctionStat } from './analysis/rankedFunctions';
export * from './analysis/compareTraces';
export { MEASURE_TEXT, leftOutText } from './present/rankingText';
export { comparisonJson, comparisonReport, comparisonText, type ComparisonLabels, type ComparisonReport } from './present/comparisonText';
export { DISPLAY_LIMIT, cutParts, cutText, displayParts, displayText, neutralise, type DisplayParts } from './present/displayText';
export { type LineSource, TextLines } from './bigTrace/lineSource';
export { DEFAULT_SLICE_LIMITS, SLICE_NOTE_PREFIX, sliceTrace, utf8Length, type SliceLimits, type TraceSlice } from './bigTrace/slice';
export { headerLines, type SliceSelection } from './bigTrace/sliceSelect';
export {
  ChunkIndexer, INDEX_BLOCK, MAX_INDEX_LINE, SNIFF_BYTES, indexChunks, type IndexChunksOptions, type IndexProgress, type IndexStop,
  type IndexedTrace, type ReadChunk,
} from './bigTrace/chunkIndexer';
export { ChunkLexer, LEX_ROW, LexedNames, lexChunk, type LexedChunk, type LexScratch } from './bigTrace/chunkLexer';
export { RowBuilder, applyRows, type BlockDecoder } from './build/rowBuilder';
export { ColumnSizer } from './build/columnSizer';
export { FileLines, type ReadAt } from './bigTrace/fileLines';
export { LineCheckpoints } from './bigTrace/lineCheckpoints';
export { MAX_ERRNO, errnoOf } from './retval/errno';
export { decodeReturnValue, describeReturnValue, errnoText, printedReturnValue, type ReturnKind, type ReturnValue } from './retval/returnValue';
export { ERROR_ORIGIN_LINES, errorChain, returnLine, returnValueOf, type ErrorLink, type ReturnValueReader } from './retval/errorOrigin';
export { syscallOf, traceErrors, type TraceErrors } from './retval/errorChains';
export { sourceNames } from './source/sourceNames';
export { definitionTags, findTagLine, guessTagLine, parseTagLine, tagsSorting, type Tag, type TagAddress, type TagsSorting } from './source/ctags';
