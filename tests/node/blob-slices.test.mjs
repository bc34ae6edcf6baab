// blobSlices(): a Blob read in order, in a reader Worker where one can be made, else on this
// thread, and on this thread from where the Worker stopped if it fails. Node has no Worker, so
// FakeWorker runs the reader's own script (from its blob: URL) in this thread.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { resolveObjectURL } from 'node:buffer';
import { blobSlices } from '../../web/api/movie2vec-engine.mjs';

const BYTES = Uint8Array.from({ length: 10_500 }, (_, i) => (i * 7919) % 251);
const SLICE = 1000;
const IN_TIME = { timeout: 20_000 }; // a reader that waits forever fails, not hangs

// A Worker whose script runs here; failAfter: it stops (an error event) after that many slices.
class FakeWorker {
  static made = 0;
  static failAfter = Infinity;
  static failToStart = false;
  static readBy = new Map(); // offset -> the Worker that read the slice
  sent = 0;
  onmessage = null;
  onerror = null;
  constructor(url) {
    if (FakeWorker.failToStart) throw new Error('refused by the Content-Security-Policy');
    this.id = FakeWorker.made++;
    const post = (message) => setTimeout(() => {
      if (this.stopped) return;
      if (this.sent++ >= FakeWorker.failAfter) {
        this.stopped = true;
        this.onerror?.({ preventDefault() {} });
        return;
      }
      if (message.bytes) FakeWorker.readBy.set(message.at, this.id);
      this.onmessage?.({ data: structuredClone(message) });
    });
    this.script = resolveObjectURL(url).text().then((source) =>
      new Function('postMessage', `let onmessage;\n${source}\nreturn onmessage;`)(post));
  }
  postMessage(data) {
    this.script.then((onmessage) => { if (!this.stopped) onmessage({ data }); });
  }
  terminate() { this.stopped = true; }
}

afterEach(() => {
  delete globalThis.Worker;
  FakeWorker.made = 0;
  FakeWorker.readBy.clear();
  FakeWorker.failAfter = Infinity;
  FakeWorker.failToStart = false;
});

async function readAll(blob, options) {
  const pieces = [];
  for await (const piece of blobSlices(blob, { sliceBytes: SLICE, ...options })) pieces.push(piece);
  return pieces;
}

const joined = (pieces) => Buffer.concat(pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

test('without Workers (Node): every byte in order, in slices of the asked size', IN_TIME, async () => {
  const pieces = await readAll(new Blob([BYTES]));
  assert.deepEqual(pieces.map((p) => p.byteLength), [...Array(10).fill(SLICE), 500]);
  assert.deepEqual(joined(pieces), Buffer.from(BYTES));
  assert.deepEqual(await readAll(new Blob([])), []);
});

test('in reader Workers: every byte in order, each Worker reading every other slice', IN_TIME, async () => {
  globalThis.Worker = FakeWorker;
  const pieces = await readAll(new Blob([BYTES]), { firstBytes: 300 });
  assert.equal(FakeWorker.made, 2);
  assert.deepEqual(pieces.map((p) => p.byteLength), [300, ...Array(10).fill(SLICE), 200]); // a small first slice
  assert.deepEqual(joined(pieces), Buffer.from(BYTES));
  const offsets = [...FakeWorker.readBy.keys()].sort((a, b) => a - b);
  assert.deepEqual(offsets, [0, ...Array.from({ length: 11 }, (_, i) => 300 + i * SLICE)]);
  assert.deepEqual(offsets.map((at) => FakeWorker.readBy.get(at)), offsets.map((_, i) => i % 2));
  for (const readers of [1, 3]) {
    FakeWorker.made = 0;
    FakeWorker.readBy.clear();
    assert.deepEqual(joined(await readAll(new Blob([BYTES]), { readers })), Buffer.from(BYTES), `${readers} readers`);
    assert.equal(FakeWorker.made, readers);
    assert.deepEqual([...FakeWorker.readBy.values()].sort(), Array.from({ length: 11 }, (_, i) => i % readers).sort());
  }
});

test('a Worker that stops part way, or cannot be made: the rest is read here, nothing lost or repeated', IN_TIME, async () => {
  globalThis.Worker = FakeWorker;
  for (const failAfter of [0, 1, 4, 10]) {
    FakeWorker.failAfter = failAfter;
    const pieces = await readAll(new Blob([BYTES]), { firstBytes: 300 });
    assert.deepEqual(joined(pieces), Buffer.from(BYTES), `stopped after ${failAfter} slices`);
  }
  FakeWorker.failToStart = true;
  assert.deepEqual(joined(await readAll(new Blob([BYTES]))), Buffer.from(BYTES));
});

test('a slice the Worker cannot read ends the load with where it stopped', IN_TIME, async () => {
  globalThis.Worker = FakeWorker;
  const unreadable = new Blob([BYTES]);
  const slice = unreadable.slice.bind(unreadable);
  unreadable.slice = (from, to) => {
    const part = slice(from, to);
    if (from >= 3 * SLICE) part.arrayBuffer = () => Promise.reject(new Error('the file changed on disk'));
    return part;
  };
  await assert.rejects(readAll(unreadable), /Could not read the file at byte 3000: the file changed on disk/);
});
