/**
 * Runs one peer in its own process (libraries keep global state: thread counts, backends):
 *   bun bench/peer_child.ts PEER THREADS QUICK WORKLOAD_ID...
 * Prints one JSON line per workload: {id, sec, rme, runs} or {id, error}; a failed start
 * prints {error} once.
 */
import { PEERS } from "./peers.ts";
import { time } from "./timing.ts";
import { WORKLOADS } from "./workloads.ts";

const [peerName, threadsArg, quickArg, ...ids] = process.argv.slice(2);
const peer = PEERS.find((p) => p.name === peerName);
const emit = (o: object) => console.log(JSON.stringify(o));
const oneLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 90);

if (!peer) {
  emit({ error: `unknown peer ${peerName}` });
} else {
  let ok = true;
  try {
    await peer.init(Number(threadsArg));
  } catch (e) {
    ok = false;
    const msg = oneLine(e);
    emit({ error: /Cannot find (module|package)/.test(msg) ? "not installed" : msg });
  }
  if (ok) {
    for (const id of ids) {
      const w = WORKLOADS.find((x) => x.id === id)!;
      try {
        const run = await peer.setup(w);
        const t = await time(run, { quick: quickArg === "1" });
        emit({ id, ...t });
      } catch (e) {
        emit({ id, error: oneLine(e) });
      }
    }
  }
}
process.exit(0);
