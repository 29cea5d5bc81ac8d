// AtomVM's wasm32-wasip1 reactor (atomvm_reactor.wasm) under Node's node:wasi: a thin class
// over its C ABI (see docs/embedding.md). Terms go in and out as JavaScript values through etf.mjs.
import { WASI } from 'node:wasi';
import { encode, decode, atom } from './etf.mjs';

const utf8 = new TextEncoder();
const STATUS = { 0: 'ok', 1: 'raised', 2: 'exited', 3: 'unfinished', 4: 'halted', 5: 'yielded', [-1]: 'bad_argument', [-2]: 'busy' };

/** An Erlang error that came back from the VM: `kind` is a STATUS name, `term` its result. */
export class ErlangError extends Error {
  constructor(kind, term) {
    const text = kind === 'raised' ? new TextDecoder().decode(term.get(3)) : `${kind}`;
    super(text);
    this.kind = kind; this.term = term;
  }
}

export class AtomVM {
  /**
   * Instantiate the reactor. `host` may have `call(name, args) -> {ok: term} | {error: term}`,
   * `deliver(message)` and `down(pid, reason)`.
   */
  static async create(wasmBytes, host = {}, { gcStress = false, maxHeapWords = 0 } = {}) {
    const wasi = new WASI({ version: 'preview1', args: ['atomvm'], env: {}, returnOnExit: true });
    const vm = new AtomVM();
    const imports = { wasi_snapshot_preview1: wasi.wasiImport, atomvm_host: vm.#hostImports(host) };
    // The wasm32-wasip1-threads build imports its (shared) memory; it starts no thread here.
    const limits = sharedMemoryImport(wasmBytes);
    if (limits) imports.env = { memory: new WebAssembly.Memory({ ...limits, shared: true }) };
    const { instance } = await WebAssembly.instantiate(wasmBytes, imports);
    vm.x = instance.exports;
    wasi.initialize(instance); // runs _initialize: the instance then stays alive for calls
    vm.#check(vm.x.atomvm_create(gcStress ? 1 : 0, maxHeapWords));
    return vm;
  }

  /** A byte view of guest memory, made again only when the memory has grown. */
  #memory() {
    const buffer = this.x.memory.buffer;
    if (buffer !== this.buffer) { this.buffer = buffer; this.view = new Uint8Array(buffer); }
    return this.view;
  }

  /** A copy of guest bytes. */
  #read(ptr, len) { return this.#memory().slice(ptr, ptr + len); }

  /** Copy `bytes` into a guest buffer: [ptr, len]. */
  #put(bytes) {
    const ptr = this.x.atomvm_alloc(bytes.length);
    this.#memory().set(bytes, ptr);
    return [ptr, bytes.length];
  }

  /** Run an export with byte arguments (each becomes ptr, len), then free them. */
  #op(name, byteArgs, ...rest) {
    const bufs = byteArgs.map((b) => this.#put(typeof b === 'string' ? utf8.encode(b) : b));
    try {
      return this.x[name](...bufs.flat(), ...rest);
    } finally {
      bufs.forEach(([p, n]) => this.x.atomvm_free(p, n));
    }
  }

  #result() {
    const len = this.x.atomvm_result_len();
    return decode(this.#read(this.x.atomvm_result_ptr(), len));
  }

  /** The result of an operation, or an ErlangError. */
  #check(status) {
    // Busy: called from inside a host function; the result buffer is the running call's.
    if (status === -2) throw new ErlangError('busy', null);
    const term = this.#result();
    if (status === 0) return term;
    throw new ErlangError(STATUS[status] ?? `status ${status}`, term);
  }

  #hostImports(host) {
    const read = (p, n) => this.#read(p, n);
    return {
      call: (namePtr, nameLen, argsPtr, argsLen, outPtr) => {
        const name = new TextDecoder().decode(read(namePtr, nameLen));
        let answer;
        try {
          answer = host.call ? host.call(name, decode(read(argsPtr, argsLen))) : { error: atom('undef') };
        } catch (e) {
          answer = { error: String(e) };
        }
        const isOk = 'ok' in answer;
        const [ptr, len] = this.#put(encode(isOk ? answer.ok : answer.error));
        const out = new DataView(this.x.memory.buffer, outPtr, 8);
        out.setUint32(0, ptr, true); out.setUint32(4, len, true);
        return isOk ? 0 : 1;
      },
      deliver: (ptr, len) => host.deliver?.(decode(read(ptr, len))),
      down: (pidPtr, pidLen, reasonPtr, reasonLen) =>
        host.down?.(decode(read(pidPtr, pidLen)), decode(read(reasonPtr, reasonLen))),
    };
  }

  /** Load a bundle (.avm) or a .beam from bytes. */
  load(name, bytes) { return this.#check(this.#op('atomvm_load', [name, bytes])); }

  /** Spawn M:F(Args): the pid. */
  spawn(m, f, args = []) { return this.#check(this.#op('atomvm_spawn', [m, f, encode(args)])); }

  /** Apply M:F(Args) and wait for its value (throws ErlangError on an exception). */
  apply(m, f, args = [], { reductions = 10_000_000n, waitMs = 5000 } = {}) {
    return this.#check(this.#op('atomvm_apply', [m, f, encode(args)], BigInt(reductions), waitMs));
  }

  /** gen_server:call(Target, Request, WaitMs). */
  call(target, request, { reductions = 10_000_000n, waitMs = 5000 } = {}) {
    return this.#check(this.#op('atomvm_call', [encode(target), encode(request)], BigInt(reductions), waitMs));
  }

  /** Send a message to a pid or a registered name (an atom). */
  send(target, message) { return this.#check(this.#op('atomvm_send', [encode(target), encode(message)])); }

  /** Send an exit signal. */
  exit(target, reason) { return this.#check(this.#op('atomvm_exit', [encode(target), encode(reason)])); }

  whereis(name) { return this.#check(this.#op('atomvm_whereis', [name])); }

  monitor(pid) { return this.#check(this.#op('atomvm_monitor', [encode(pid)])); }

  /** Run for a budget: {status: 'idle', nextTimerMs} | {status: 'yielded'} | {status: 'halted', code}. */
  run({ reductions = 10_000_000n, waitMs = 0 } = {}) {
    const status = this.x.atomvm_run(BigInt(reductions), waitMs);
    const term = this.#result();
    if (status === 0) return { status: 'idle', nextTimerMs: typeof term === 'number' ? term : null };
    if (status === 4) return { status: 'halted', code: term };
    if (status === 5) return { status: 'yielded' };
    throw new ErlangError(STATUS[status] ?? `status ${status}`, term);
  }

  stats() { return this.#check(this.x.atomvm_stats()); }
}

/** The limits ({initial, maximum}, in pages) of an imported memory `env.memory`, if any. */
function sharedMemoryImport(bytes) {
  let at = 8; // after the magic number and the version
  const leb = () => {
    let v = 0, shift = 0, b;
    do { b = bytes[at++]; v += (b & 127) * 2 ** shift; shift += 7; } while (b & 128);
    return v;
  };
  const name = () => { const n = leb(); const s = new TextDecoder().decode(bytes.subarray(at, at + n)); at += n; return s; };
  const limits = () => { const flags = bytes[at++]; const initial = leb(); return { initial, maximum: flags & 1 ? leb() : initial }; };
  while (at < bytes.length) {
    const id = bytes[at++];
    const end = leb() + at;
    if (id === 2) { // the import section
      for (let count = leb(); count > 0; count--) {
        const module = name(), field = name(), kind = bytes[at++];
        if (kind === 0) leb(); // a function: its type index
        else if (kind === 1) { at++; limits(); } // a table: element type, limits
        else if (kind === 2) { const l = limits(); if (module === 'env' && field === 'memory') return l; }
        else at += 2; // a global: value type, mutability
      }
      return null;
    }
    at = end;
  }
  return null;
}
