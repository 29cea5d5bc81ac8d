// A Node host for the wasm32-wasip2 component (world `atomvm:embed/embed`, wit/atomvm-embed.wit)
// transpiled by jco:
//
//   jco transpile atomvm_component.wasm -o out --name atomvm --map 'atomvm:embed/host=<abs>/host.js'
//   node main.mjs out/atomvm.js atomvmlib.avm demo.beam      (demo.beam: ../node/demo.erl)
//
// Ends with "jco host: all checks passed".
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { seen } from './host.js';
import { encode, decode, atom, tuple, show } from '../node/etf.mjs';

const [component, ...bundles] = process.argv.slice(2);
const { runtime } = await import(pathToFileURL(resolve(component)).href);
const vm = new runtime.Vm({ gcStress: false, maxHeapWords: 0n });
for (const path of bundles) vm.load(path.split('/').pop(), readFileSync(path));
const budget = { reductions: 10_000_000n, waitMs: 5000 };
const apply = (m, f, args = []) => decode(vm.apply(m, f, encode(args), budget));

assert.equal(new TextDecoder().decode(apply('demo', 'greet', ['jco'])), 'Hello, jco!');
// An Erlang crash is a `raised` error (jco throws a ComponentError with the variant); the
// instance stays usable.
assert.throws(() => vm.apply('demo', 'crash', encode([]), budget), (e) => e.payload?.tag === 'raised');
assert.equal(apply('erlang', 'length', [[1, 2, 3]]), 3);

apply('demo', 'start_counter');
assert.equal(decode(vm.call(encode(atom('counter')), encode(tuple(atom('add'), 4)), budget)), 4);

const relay = apply('demo', 'start_relay');
vm.send(encode(atom('relay')), encode(tuple(atom('hi'), 1)));
assert.equal(vm.run(budget).tag, 'idle');
assert.equal(show(seen.delivered[0]), `{relayed,${show(relay)},{hi,1}}`);
assert.equal(show(apply('demo', 'ask_host', [atom('x')])), '{ok,#{from => <<"jco">>,key => x}}');

vm.monitor(encode(relay));
vm.exit(encode(relay), encode(atom('kill')));
vm.run(budget);
assert.equal(show(seen.downs[0][1]), 'killed');
assert.equal(vm.whereis('relay'), undefined);

const n = 2000;
const args = encode([-5]);
for (let i = 0; i < n; i++) vm.apply('erlang', 'abs', args, budget); // warm up
const t = process.hrtime.bigint();
for (let i = 0; i < n; i++) vm.apply('erlang', 'abs', args, budget);
console.log(`numbers: warm apply ${(Number(process.hrtime.bigint() - t) / 1000 / n).toFixed(1)} us`);
console.log('jco host: all checks passed');
