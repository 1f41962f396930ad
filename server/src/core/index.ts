// Public surface of the pure trace core (parser, model, queries, formatting).
export * from './lineKinds';
export { LineFields, PasteKind } from './lineFields';
export { parseLine } from './lineParser';
export { describeLine, type LineSpan, type LineDescription } from './describe';
export { latencyContext } from './latencyFlags';
export * from './model';
export type { NsValues } from './nsColumn';
export type { LineCallValues } from './lineCalls';
export type { LineValues } from './exitLines';
export * from './issues';
export { TraceBuilder, parseTrace, type BuilderOptions } from './callTreeBuilder';
export * from './queries';
export * from './taskExit';
export * from './format';
export { callSpan, foreignLines } from './spanLines';
export { JsonTraceBuilder } from './jsonTraceBuilder';
export { ownerKey, taskRuns, runAtLine, nodeAtLine, isContinued, type TaskRuns } from './taskRuns';
export { cpuTimes, CpuState, isIdleLoopFunction, isSchedulerFunction, offCpuKind, type CpuTimes, type OffCpuKind } from './offCpu';
export * from './ranking';
export { rankedFunctionStats, type RankedFunctionStat } from './rankedFunctions';
export { DISPLAY_LIMIT, cutParts, cutText, displayParts, displayText, neutralise, type DisplayParts } from './displayText';
export { type LineSource, TextLines } from './lineSource';
export { DEFAULT_SLICE_LIMITS, SLICE_NOTE_PREFIX, sliceTrace, utf8Length, type SliceLimits, type TraceSlice } from './slice';
export { headerLines, type SliceSelection } from './sliceSelect';
export {
  ChunkIndexer, INDEX_BLOCK, MAX_INDEX_LINE, SNIFF_BYTES, indexChunks, type IndexChunksOptions, type IndexProgress, type IndexStop,
  type IndexedTrace, type ReadChunk,
} from './chunkIndexer';
export { LEX_ROW, lexChunk, type LexedChunk, type LexScratch } from './chunkLexer';
export { RowBuilder, applyRows, type BlockDecoder } from './rowBuilder';
export { ColumnSizer } from './columnSizer';
export { FileLines, type ReadAt } from './fileLines';
export { LineCheckpoints } from './lineCheckpoints';
