// The host side of the `atomvm:embed/host` interface for the component transpiled by jco
// (`jco transpile atomvm_component.wasm --map 'atomvm:embed/host=<this file>'`). Terms are
// ETF bytes (Uint8Array); etf.mjs turns them into JavaScript values.
import { decode, encode, atom } from '../node/etf.mjs';

/** What Erlang sent to the host, for main.mjs to look at. */
export const seen = { delivered: [], downs: [] };

/** host:call(Name, Args): return the reply ({ok, Reply}), throw it for {error, Reply}. */
export function call(name, args) {
  if (name === 'lookup') return encode(new Map([[atom('key'), decode(args)], [atom('from'), 'jco']]));
  throw encode(atom('undef'));
}

/** host:send(Message). */
export function deliver(message) {
  seen.delivered.push(decode(message));
}

/** A monitored process ended. */
export function down(pid, reason) {
  seen.downs.push([decode(pid), decode(reason)]);
}
