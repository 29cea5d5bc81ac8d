// A Node host for AtomVM's wasm32-wasip1 reactor: loads a bundle from bytes, applies
// functions, sends and receives messages, serves a host function, and survives an Erlang crash.
//
//   node host.mjs atomvm_reactor.wasm atomvmlib.avm demo.beam
//
// Prints what happens and ends with "node host: all checks passed" (exit status 0).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { AtomVM, ErlangError } from './atomvm.mjs';
import { atom, tuple, show } from './etf.mjs';

const [wasmPath, ...bundles] = process.argv.slice(2);
const delivered = [];
const downs = [];
const host = {
  // host:call(<<"lookup">>, Key) in Erlang comes here.
  call(name, args) {
    if (name === 'lookup') return { ok: new Map([[atom('key'), args], [atom('from'), 'node']]) };
    if (name === 'reenter') {
      // A host function cannot call back into the VM: it is busy running this call.
      try { vm.whereis('relay'); } catch (e) { return { ok: atom(e.kind) }; }
      return { error: atom('not_busy') };
    }
    return { error: atom('undef') };
  },
  deliver(message) { delivered.push(message); },
  down(pid, reason) { downs.push([pid, reason]); },
};

const vm = await AtomVM.create(readFileSync(wasmPath), host);
for (const path of bundles) vm.load(path.split('/').pop(), readFileSync(path));

// Apply a function and get its value.
const greeting = vm.apply('demo', 'greet', ['Node']);
console.log('greet:', show(greeting));
assert.equal(new TextDecoder().decode(greeting), 'Hello, Node!');
assert.equal(vm.apply('erlang', 'max', [3, 2n ** 70n]), 2n ** 70n);

// An Erlang crash is an exception here; the instance stays usable.
try {
  vm.apply('demo', 'crash');
  assert.fail('crash/0 returned');
} catch (e) {
  assert.ok(e instanceof ErlangError && e.kind === 'raised', String(e));
  console.log('crash:', e.message.split('\n')[0]);
}
assert.equal(vm.apply('erlang', 'length', [[1, 2, 3]]), 3);

// A gen_server driven from JavaScript.
vm.apply('demo', 'start_counter');
assert.equal(vm.call(atom('counter'), tuple(atom('add'), 5)), 5);
assert.equal(vm.call(atom('counter'), tuple(atom('add'), 2)), 7);
console.log('counter:', vm.call(atom('counter'), atom('get')));

// Messages: JavaScript -> Erlang process -> JavaScript.
const relay = vm.apply('demo', 'start_relay');
assert.deepEqual(vm.whereis('relay'), relay);
vm.send(atom('relay'), tuple(atom('hello'), new Map([[atom('n'), 1]])));
vm.send(relay, [1, 2, 3]);
vm.run();
assert.equal(delivered.length, 2);
console.log('relayed:', delivered.map(show).join(' '));

// A host function called from Erlang.
const answer = vm.apply('demo', 'ask_host', [atom('colour')]);
console.log('ask_host:', show(answer));
assert.equal(answer.get(0), atom('ok'));

// Calling back into the VM from a host function is refused, not a trap.
assert.equal(vm.apply('host', 'call', [atom('reenter'), []]).get(1), atom('busy'));
// Pointers outside guest memory are a bad argument, not a trap.
assert.equal(vm.x.atomvm_load(0xfffffff0, 100, 0, 0), -1);

// Monitors and exit signals.
vm.monitor(relay);
vm.exit(relay, atom('kill'));
vm.run();
assert.equal(downs.length, 1);
assert.equal(downs[0][1], atom('killed'));
assert.equal(vm.whereis('relay'), atom('undefined'));

// A budget: a sleeping call comes back unfinished; run again when the timer is due.
try {
  vm.apply('demo', 'slow', [20], { waitMs: 0 });
  assert.fail('slow/1 returned at once');
} catch (e) {
  assert.equal(e.kind, 'unfinished');
}
const idle = vm.run();
assert.equal(idle.status, 'idle');
assert.ok(idle.nextTimerMs !== null && idle.nextTimerMs <= 20);

// Numbers: a warm apply round trip, and messages host -> VM -> host.
const n = 5000;
for (let i = 0; i < n; i++) vm.apply('erlang', 'abs', [-i]); // warm up the JIT
let t = process.hrtime.bigint();
for (let i = 0; i < n; i++) vm.apply('erlang', 'abs', [-i]);
const applyUs = Number(process.hrtime.bigint() - t) / 1000 / n;
vm.apply('demo', 'start_relay');
for (let i = 0; i < n; i++) vm.send(atom('relay'), i); // warm up
vm.run();
delivered.length = 0;
t = process.hrtime.bigint();
for (let i = 0; i < n; i++) vm.send(atom('relay'), i);
vm.run();
const perSecond = n / (Number(process.hrtime.bigint() - t) / 1e9);
assert.equal(delivered.length, n);
console.log(`stats: ${show(vm.stats())}`);
console.log(`numbers: warm apply ${applyUs.toFixed(1)} us; host->VM->host ${Math.round(perSecond)} messages/s`);
console.log('node host: all checks passed');
