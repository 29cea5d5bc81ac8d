// A small Erlang external term format (ETF) codec, so JavaScript can build and read any term the
// VM exchanges. JavaScript values map to terms as follows:
//
//   Atom (atom("ok"))        <-> atom            true / false <-> the atoms true / false
//   number (integer valued)  <-> integer         bigint <-> integer (decoded when unsafe)
//   Float (new Float(1))     ->  float           number (not integral) <-> float
//   Uint8Array               <-> binary          string -> binary (UTF-8)
//   Tuple (tuple(a, b))      <-> tuple           Array <-> proper list
//   Map                      <-> map             Pid, Ref <-> pid, reference (opaque, round trip)
//
// A list of bytes that OTP sends as STRING_EXT decodes to an Array of numbers.

export class Atom {
  constructor(name) { this.name = name; }
  toString() { return this.name; }
}
const atoms = new Map();
/** The atom `name` (one object per name, so `===` works). */
export function atom(name) {
  let a = atoms.get(name);
  if (!a) { a = new Atom(name); atoms.set(name, a); }
  return a;
}
export class Tuple {
  constructor(elements) { this.elements = elements; }
  get length() { return this.elements.length; }
  get(i) { return this.elements[i]; }
}
/** The tuple {a, b, ...}. */
export const tuple = (...elements) => new Tuple(elements);
export class Float { constructor(value) { this.value = value; } }
export class Pid { constructor(node, id, serial, creation) { Object.assign(this, { node, id, serial, creation }); } }
export class Ref { constructor(node, creation, words) { Object.assign(this, { node, creation, words }); } }

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

class Writer {
  constructor() { this.buf = new Uint8Array(64); this.len = 0; }
  room(n) {
    if (this.len + n <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    b.set(this.buf.subarray(0, this.len)); this.buf = b;
  }
  u8(v) { this.room(1); this.buf[this.len++] = v; }
  u16(v) { this.u8(v >>> 8); this.u8(v & 255); }
  u32(v) { this.room(4); new DataView(this.buf.buffer).setUint32(this.len, v); this.len += 4; }
  bytes(b) { this.room(b.length); this.buf.set(b, this.len); this.len += b.length; }
}

function writeAtom(w, name) {
  const b = utf8.encode(name);
  if (b.length < 256) { w.u8(119); w.u8(b.length); } else { w.u8(118); w.u16(b.length); }
  w.bytes(b);
}

function writeInteger(w, v) {
  if (typeof v === 'number' && v >= 0 && v < 256) { w.u8(97); w.u8(v); return; }
  if (typeof v === 'number' && v >= -(2 ** 31) && v < 2 ** 31) { w.u8(98); w.u32(v >>> 0); return; }
  let big = BigInt(v);
  const sign = big < 0n ? 1 : 0;
  if (sign) big = -big;
  const digits = [];
  while (big > 0n) { digits.push(Number(big & 255n)); big >>= 8n; }
  if (digits.length < 256) { w.u8(110); w.u8(digits.length); } else { w.u8(111); w.u32(digits.length); }
  w.u8(sign); w.bytes(Uint8Array.from(digits));
}

function write(w, t) {
  if (t instanceof Atom) writeAtom(w, t.name);
  else if (t === true || t === false) writeAtom(w, String(t));
  else if (typeof t === 'bigint' || (typeof t === 'number' && Number.isInteger(t))) writeInteger(w, t);
  else if (typeof t === 'number' || t instanceof Float) {
    w.u8(70); w.room(8);
    new DataView(w.buf.buffer).setFloat64(w.len, t instanceof Float ? t.value : t); w.len += 8;
  } else if (typeof t === 'string') { const b = utf8.encode(t); w.u8(109); w.u32(b.length); w.bytes(b); }
  else if (t instanceof Uint8Array) { w.u8(109); w.u32(t.length); w.bytes(t); }
  else if (t instanceof Tuple) {
    const n = t.elements.length;
    if (n < 256) { w.u8(104); w.u8(n); } else { w.u8(105); w.u32(n); }
    t.elements.forEach((e) => write(w, e));
  } else if (Array.isArray(t)) {
    if (t.length === 0) { w.u8(106); return; }
    w.u8(108); w.u32(t.length); t.forEach((e) => write(w, e)); w.u8(106);
  } else if (t instanceof Map) {
    w.u8(116); w.u32(t.size);
    for (const [k, v] of t) { write(w, k); write(w, v); }
  } else if (t instanceof Pid) {
    w.u8(88); writeAtom(w, t.node); w.u32(t.id); w.u32(t.serial); w.u32(t.creation);
  } else if (t instanceof Ref) {
    w.u8(90); w.u16(t.words.length); writeAtom(w, t.node); w.u32(t.creation);
    t.words.forEach((x) => w.u32(x));
  } else throw new TypeError(`no Erlang term for ${t}`);
}

/** The ETF bytes of `t` (with the version byte 131). */
export function encode(t) {
  const w = new Writer();
  w.u8(131); write(w, t);
  return w.buf.slice(0, w.len);
}

/** The term in ETF `bytes`. */
export function decode(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const u8 = () => view.getUint8(at++);
  const u16 = () => { const v = view.getUint16(at); at += 2; return v; };
  const u32 = () => { const v = view.getUint32(at); at += 4; return v; };
  const take = (n) => { const b = bytes.subarray(at, at + n); if (b.length !== n) throw new RangeError('truncated term'); at += n; return b; };
  const atomText = (tag) => {
    const n = tag === 118 || tag === 100 ? u16() : u8();
    return fromUtf8.decode(take(n));
  };
  const atomValue = (name) => (name === 'true' ? true : name === 'false' ? false : atom(name));
  const anyAtom = () => atomText(u8());
  function term() {
    const tag = u8();
    switch (tag) {
      case 97: return u8();
      case 98: { const v = view.getInt32(at); at += 4; return v; }
      case 110: case 111: {
        const n = tag === 110 ? u8() : u32();
        const sign = u8();
        let v = 0n;
        const d = take(n);
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(d[i]);
        if (sign) v = -v;
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case 70: { const v = view.getFloat64(at); at += 8; return v; }
      case 118: case 119: case 100: case 115: return atomValue(atomText(tag));
      case 109: return take(u32()).slice();
      case 77: { const n = u32(); const bits = u8(); const b = take(n).slice(); return { bits: (n - 1) * 8 + bits, bytes: b }; }
      case 104: case 105: {
        const n = tag === 104 ? u8() : u32();
        const e = []; for (let i = 0; i < n; i++) e.push(term());
        return new Tuple(e);
      }
      case 106: return [];
      case 107: return Array.from(take(u16()));
      case 108: {
        const n = u32(); const e = [];
        for (let i = 0; i < n; i++) e.push(term());
        const tail = term();
        if (!(Array.isArray(tail) && tail.length === 0)) e.improperTail = tail;
        return e;
      }
      case 116: {
        const n = u32(); const m = new Map();
        for (let i = 0; i < n; i++) { const k = term(); m.set(k, term()); }
        return m;
      }
      case 88: { const node = anyAtom(); return new Pid(node, u32(), u32(), u32()); }
      case 103: { const node = anyAtom(); return new Pid(node, u32(), u32(), u8()); }
      case 90: {
        const n = u16(); const node = anyAtom(); const creation = u32();
        const words = []; for (let i = 0; i < n; i++) words.push(u32());
        return new Ref(node, creation, words);
      }
      default: throw new RangeError(`unsupported ETF tag ${tag}`);
    }
  }
  if (u8() !== 131) throw new RangeError('not an external term (no version byte 131)');
  return term();
}

/** A term as Erlang text, for printing. */
export function show(t) {
  if (t instanceof Atom) return t.name;
  if (typeof t === 'bigint' || typeof t === 'number' || typeof t === 'boolean') return String(t);
  if (t instanceof Uint8Array) return `<<"${fromUtf8.decode(t)}">>`;
  if (t instanceof Tuple) return `{${t.elements.map(show).join(',')}}`;
  if (Array.isArray(t)) return `[${t.map(show).join(',')}]`;
  if (t instanceof Map) return `#{${[...t].map(([k, v]) => `${show(k)} => ${show(v)}`).join(',')}}`;
  if (t instanceof Pid) return `<0.${t.id}.${t.serial}>`;
  if (t instanceof Ref) return `#Ref<${t.words.join('.')}>`;
  return String(t);
}
