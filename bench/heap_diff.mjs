// What grew between two V8 heap snapshots (.heapsnapshot, as DevTools or CDP
// HeapProfiler.takeHeapSnapshot write them): live objects counted and summed by constructor, the
// two sides diffed, largest growth in count first. For each grown constructor, the names of the
// edges that hold its new instances (the retainers: "listeners" of a Set, "subscribers" of a
// closure's context...), so the structure that keeps them is named, not guessed.
//
// usage: node bench/heap_diff.mjs A.heapsnapshot B.heapsnapshot [--top 30] [--retainers 12] [--depth 6]
import { readFileSync } from 'node:fs';

// The snapshot's flat arrays read into per-node fields and a reverse edge index.
export function readSnapshot(path) {
  const { snapshot, nodes, edges, strings } = JSON.parse(readFileSync(path, 'utf8'));
  const { node_fields: nf, edge_fields: ef, node_types: [nodeTypes], edge_types: [edgeTypes] } = snapshot.meta;
  const N = nf.length;
  const E = ef.length;
  const at = (name) => nf.indexOf(name);
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map(at);
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const count = nodes.length / N;
  const node = (i) => ({
    type: nodeTypes[nodes[i * N + iType]], name: strings[nodes[i * N + iName]],
    id: nodes[i * N + iId], size: nodes[i * N + iSize],
  });
  // retainers[i]: [fromNode, edge label] pairs of the edges that point to node i.
  const retainers = Array.from({ length: count }, () => []);
  for (let i = 0, e = 0; i < count; i++) {
    for (let k = 0; k < nodes[i * N + iEdges]; k++, e += E) {
      const type = edgeTypes[edges[e + eType]];
      if (type === 'weak' || type === 'shortcut') continue;
      const label = type === 'element' || type === 'hidden' ? `[${type}]` : String(strings[edges[e + eName]]);
      retainers[edges[e + eTo] / N].push([i, label]);
    }
  }
  // Distance of each node from the GC roots over strong edges (node 0 is the root), as DevTools
  // computes it: a chain of retainers that each step comes closer to a root is how the object is
  // reached, not a walk around a cycle.
  const distance = new Int32Array(count).fill(-1);
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * N + iEdges] * E;
  const queue = new Uint32Array(count);
  let head = 0;
  let tail = 0;
  distance[0] = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const i = queue[head++];
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const type = edgeTypes[edges[e + eType]];
      if (type === 'weak' || type === 'shortcut') continue;
      const to = edges[e + eTo] / N;
      if (distance[to] < 0) { distance[to] = distance[i] + 1; queue[tail++] = to; }
    }
  }
  return { count, node, retainers, distance };
}

// The key a node is counted under: its constructor (or kind, for closures, arrays and strings).
const keyOf = (n) => (n.type === 'object' || n.type === 'closure' || n.type === 'native' ? `${n.type} ${n.name}` : n.type);

export function tally(snap) {
  const byKey = new Map();
  for (let i = 0; i < snap.count; i++) {
    const n = snap.node(i);
    if (n.type === 'synthetic' || n.type === 'hidden' || n.type === 'code') continue;
    const key = keyOf(n);
    const t = byKey.get(key) ?? { count: 0, bytes: 0, ids: [] };
    t.count += 1;
    t.bytes += n.size;
    t.ids.push(i);
    byKey.set(key, t);
  }
  return byKey;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [aPath, bPath] = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = (name, d) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1] || d);
  const top = process.argv.includes('--top') ? opt('top', 30) : 30;
  const showRetainers = process.argv.includes('--retainers') ? opt('retainers', 12) : 12;
  const depth = process.argv.includes('--depth') ? opt('depth', 6) : 6;
  const a = readSnapshot(aPath);
  const b = readSnapshot(bPath);
  const ta = tally(a);
  const tb = tally(b);
  const aIds = new Set();
  for (let i = 0; i < a.count; i++) aIds.add(a.node(i).id);
  const rows = [...tb].map(([key, t]) => ({ key, t, d: t.count - (ta.get(key)?.count ?? 0), db: t.bytes - (ta.get(key)?.bytes ?? 0) }))
    .filter((r) => r.d > 0).sort((x, y) => y.d - x.d).slice(0, top);
  console.log(`${aPath}: ${a.count} nodes; ${bPath}: ${b.count} nodes`);
  console.log('count growth  bytes growth  count(B)  constructor');
  for (const r of rows) console.log(`${String(r.d).padStart(12)}  ${String(r.db).padStart(12)}  ${String(r.t.count).padStart(8)}  ${r.key}`);
  // Retainers of the new instances (ids absent from A) of the grown object constructors.
  for (const r of rows.filter((x) => /^(object|closure) /.test(x.key)).slice(0, showRetainers)) {
    const labels = new Map();
    for (const i of r.t.ids) {
      if (aIds.has(b.node(i).id)) continue;
      for (const [from, label] of b.retainers[i]) {
        const key = `${keyOf(b.node(from))} .${label}`;
        labels.set(key, (labels.get(key) ?? 0) + 1);
      }
    }
    const held = [...labels].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k, c]) => `${c}x ${k}`);
    console.log(`\n${r.key} (+${r.d}) held by: ${held.join('; ')}`);
    // The chains above the new instances (each step: a retainer one step closer to a GC root,
    // named edges first), up to `depth` steps: which structure holds them.
    const chains = new Map();
    for (const i of r.t.ids) {
      if (aIds.has(b.node(i).id)) continue;
      const steps = [];
      for (let at = i, k = 0; k < depth; k++) {
        const ups = b.retainers[at];
        if (!ups.length) break;
        const closer = ups.filter(([f]) => b.distance[f] >= 0 && b.distance[f] < b.distance[at]);
        if (!closer.length) break;
        const [from, label] = closer.find(([, l]) => !l.startsWith('[')) ?? closer[0];
        steps.push(`${keyOf(b.node(from))}.${label}`);
        at = from;
      }
      const chain = steps.join(' <- ');
      chains.set(chain, (chains.get(chain) ?? 0) + 1);
    }
    for (const [chain, c] of [...chains].sort((x, y) => y[1] - x[1]).slice(0, 8)) console.log(`  ${c}x ${chain}`);
  }
}
