export * from './lineKinds';
export * from './lineFields';
export { parseLine } from './lineParser';
export * from './model';
export * from './issues';
export { TraceBuilder, parseTrace } from './callTreeBuilder';
