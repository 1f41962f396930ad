// The typed request declaration every custom LSP request of Ftrace Lens is made of (protocol.ts, bigTraceProtocol.ts).

/** A typed request: the method name plus phantom parameter and result types. */
export interface RequestDef<P, R> {
  readonly method: string;
  /** Type carriers only; never set. */
  readonly _params?: P;
  readonly _result?: R;
}

/** Declares request `method` with its parameter and result types. */
export function request<P, R>(method: string): RequestDef<P, R> {
  return { method };
}
