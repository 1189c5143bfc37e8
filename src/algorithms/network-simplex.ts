/**
 * Primal network simplex for balanced, uncapacitated transportation problems.
 *
 * Why this shape:
 * - The basis is a spanning tree over sources, destinations and one artificial root, stored as
 *   parent/pred-arc/depth arrays plus a preorder "thread", so a pivot costs O(cycle + moved subtree)
 *   instead of O(m·n).
 * - Costs, flows and potentials are integers held in float64s, so arithmetic is exact while magnitudes
 *   stay below 2^53 (the caller checks), and "reduced cost < 0" is never a rounding artefact.
 * - The start is the all-artificial tree (each source ships to the root, the root ships to each
 *   destination). It is strongly feasible because every artificial arc carries positive flow. Choosing
 *   the leaving arc as the last blocking arc met when walking the cycle from its apex in the direction
 *   of the entering arc keeps every later tree strongly feasible (Cunningham 1976; Ahuja, Magnanti &
 *   Orlin, "Network Flows", ch. 11). A degenerate pivot then always moves the potentials of the re-hung
 *   subtree the same way, so no basis repeats and the method terminates without perturbation or
 *   Bland's rule, whichever improving arc the pricing picks.
 * - Pricing is a block search (scan about √arcs candidates, take the most negative, resume where the
 *   previous scan stopped): far cheaper per pivot than a full Dantzig scan for a similar pivot count.
 */

/** A balanced instance: positive supplies and demands with equal totals, costs row-major (source × destination). */
export interface BalancedTransportation {
  supply: Float64Array;
  demand: Float64Array;
  cost: Float64Array;
}

/** The basis tree; node ids are sources 0..m-1, destinations m..m+n-1, then the root m+n. */
interface SpanningTree {
  parent: Int32Array;
  /** Arc linking a node to its parent: real arcs are row-major indices, artificial ones realArcCount + node. */
  predArc: Int32Array;
  /** 1 when the arc above a node points from the node to its parent. */
  predUp: Uint8Array;
  depth: Int32Array;
  thread: Int32Array;
  revThread: Int32Array;
  potential: Float64Array;
  flow: Float64Array;
}

/** A pivot's cycle: entering arc u→v, the apex where the two tree paths meet, and the blocking arc. */
interface Cycle {
  u: number;
  v: number;
  apex: number;
  /** Child endpoint of the leaving tree arc. */
  leaving: number;
  leavingOnSourceSide: boolean;
  delta: number;
}

/** Buffers for re-threading a subtree: its stem, its nodes in thread order, and each node's index there. */
interface Scratch {
  stem: Int32Array;
  block: Int32Array;
  position: Int32Array;
}

/** Returns optimal integral flows, row-major (source × destination), for a balanced instance. */
export function solveBalancedTransportation({ supply, demand, cost }: BalancedTransportation): Float64Array {
  const sourceCount = supply.length;
  const destinationCount = demand.length;
  const realArcCount = sourceCount * destinationCount;
  const tree = artificialTree(supply, demand, cost);
  const { potential } = tree;
  const slots = sourceCount + destinationCount + 1;
  // Scratch space for rehang, allocated once so pivots allocate no arrays.
  const scratch: Scratch = {
    stem: new Int32Array(slots),
    block: new Int32Array(slots),
    position: new Int32Array(slots),
  };
  const blockSize = Math.max(10, Math.ceil(Math.sqrt(realArcCount)));
  let cursor = 0;

  for (;;) {
    // Block-search pricing over real arcs only: an artificial arc never needs to re-enter, because while
    // one carries flow some source→destination arc prices at cost − 2·artificialCost < 0.
    let entering = -1;
    let best = 0;
    let i = Math.floor(cursor / destinationCount);
    let j = cursor - i * destinationCount;
    let arc = cursor;
    for (let scanned = 1; scanned <= realArcCount; scanned++) {
      const reducedCost =
        (cost[arc] as number) + (potential[i] as number) - (potential[sourceCount + j] as number);
      if (reducedCost < best) {
        best = reducedCost;
        entering = arc;
      }
      arc++;
      if (++j === destinationCount) {
        j = 0;
        if (++i === sourceCount) {
          i = 0;
          arc = 0;
        }
      }
      if (entering >= 0 && scanned % blockSize === 0) break;
    }
    if (entering < 0) break;
    cursor = arc;

    const u = Math.floor(entering / destinationCount);
    const cycle = findCycle(tree, u, sourceCount + entering - u * destinationCount);
    augment(tree, cycle, entering);
    rehang(tree, cycle, entering, best, scratch);
  }

  return tree.flow.subarray(0, realArcCount);
}

function artificialTree(supply: Float64Array, demand: Float64Array, cost: Float64Array): SpanningTree {
  const sourceCount = supply.length;
  const nodeCount = sourceCount + demand.length;
  const realArcCount = cost.length;
  const root = nodeCount;
  let maxCost = 0;
  for (let a = 0; a < realArcCount; a++) maxCost = Math.max(maxCost, cost[a] as number);
  // Any artificial cost above maxCost / 2 already prices a source→root→destination detour above the
  // direct arc, so the optimum ships nothing through the root; keeping it small keeps potentials small.
  const artificialCost = maxCost + 1;

  const tree: SpanningTree = {
    parent: new Int32Array(nodeCount + 1),
    predArc: new Int32Array(nodeCount + 1),
    predUp: new Uint8Array(nodeCount + 1),
    depth: new Int32Array(nodeCount + 1),
    thread: new Int32Array(nodeCount + 1),
    revThread: new Int32Array(nodeCount + 1),
    potential: new Float64Array(nodeCount + 1),
    flow: new Float64Array(realArcCount + nodeCount),
  };
  for (let v = 0; v < nodeCount; v++) {
    const isSource = v < sourceCount;
    tree.parent[v] = root;
    tree.predArc[v] = realArcCount + v;
    tree.predUp[v] = isSource ? 1 : 0;
    tree.depth[v] = 1;
    tree.flow[realArcCount + v] = isSource ? (supply[v] as number) : (demand[v - sourceCount] as number);
    tree.potential[v] = isSource ? -artificialCost : artificialCost;
    tree.thread[v] = v + 1;
    tree.revThread[v + 1] = v;
  }
  tree.parent[root] = -1;
  tree.predArc[root] = -1;
  tree.thread[root] = 0;
  tree.revThread[0] = root;
  return tree;
}

function findCycle({ parent, depth, predArc, predUp, flow }: SpanningTree, u: number, v: number): Cycle {
  let x = u;
  let y = v;
  while (x !== y) {
    const dx = depth[x] as number;
    const dy = depth[y] as number;
    if (dx >= dy) x = parent[x] as number;
    if (dy >= dx) y = parent[y] as number;
  }
  const apex = x;
  // Flow drops on u-side arcs pointing up and on v-side arcs pointing down. Ties go to the arc met last on
  // the walk apex → u → v → apex (nearest u on the u side, nearest the apex on the v side, v side first):
  // exactly the rule that preserves strong feasibility.
  let delta = Infinity;
  let leaving = -1;
  let leavingOnSourceSide = true;
  for (let w = u; w !== apex; w = parent[w] as number) {
    const f = flow[predArc[w] as number] as number;
    if (predUp[w] && f < delta) {
      delta = f;
      leaving = w;
    }
  }
  for (let w = v; w !== apex; w = parent[w] as number) {
    const f = flow[predArc[w] as number] as number;
    if (!predUp[w] && f <= delta) {
      delta = f;
      leaving = w;
      leavingOnSourceSide = false;
    }
  }
  return { u, v, apex, leaving, leavingOnSourceSide, delta };
}

function augment({ parent, predArc, predUp, flow }: SpanningTree, cycle: Cycle, entering: number): void {
  const { u, v, apex, delta } = cycle;
  if (delta === 0) return;
  flow[entering] = delta;
  for (let w = u; w !== apex; w = parent[w] as number) {
    const arc = predArc[w] as number;
    flow[arc] = (flow[arc] as number) + (predUp[w] ? -delta : delta);
  }
  for (let w = v; w !== apex; w = parent[w] as number) {
    const arc = predArc[w] as number;
    flow[arc] = (flow[arc] as number) + (predUp[w] ? delta : -delta);
  }
}

/**
 * Removes the leaving arc and hangs the detached subtree, re-rooted at the entering arc's endpoint inside
 * it, below the other endpoint. Only the detached subtree's depths, potentials and thread positions
 * change, so the work is linear in its size.
 */
function rehang(
  tree: SpanningTree,
  cycle: Cycle,
  entering: number,
  reducedCost: number,
  { stem, block, position }: Scratch,
): void {
  const { parent, predArc, predUp, depth, thread, revThread, potential } = tree;
  const inner = cycle.leavingOnSourceSide ? cycle.u : cycle.v;
  const outer = cycle.leavingOnSourceSide ? cycle.v : cycle.u;
  // Keeps the entering arc's reduced cost at zero once it is a tree arc.
  const shift = cycle.leavingOnSourceSide ? -reducedCost : reducedCost;
  const top = cycle.leaving;

  // The stem runs from the inner endpoint up to the top of the detached subtree.
  let stemLength = 0;
  for (let w = inner; ; w = parent[w] as number) {
    stem[stemLength++] = w;
    if (w === top) break;
  }

  // The detached subtree is a contiguous run of the thread: `top` and every following deeper node.
  const topDepth = depth[top] as number;
  let blockLength = 0;
  let after = top;
  do {
    block[blockLength] = after;
    position[after] = blockLength++;
    after = thread[after] as number;
  } while ((depth[after] as number) > topDepth);
  const before = revThread[top] as number;
  thread[before] = after;
  revThread[after] = before;
  const outerNext = thread[outer] as number;

  // New preorder of the subtree: the inner endpoint's old subtree, then each further stem node followed by
  // the part of its old subtree not already emitted, all in old thread order. Each stem segment's depths
  // shift by one offset. Old depths are read before being overwritten because the scan runs ahead of the
  // writes.
  let previous = outer;
  let low = position[inner] as number;
  let high = low;
  let stemDepth = (depth[outer] as number) + 1;
  for (let s = 0; s < stemLength; s++) {
    const stemNode = stem[s] as number;
    const oldStemDepth = depth[stemNode] as number;
    const start = position[stemNode] as number;
    let end = Math.max(high, start + 1);
    while (end < blockLength && (depth[block[end] as number] as number) > oldStemDepth) end++;
    const offset = stemDepth - oldStemDepth;
    for (let pass = 0; pass < 2; pass++) {
      const from = pass === 0 ? start : high;
      const to = pass === 0 ? low : end;
      for (let k = from; k < to; k++) {
        const node = block[k] as number;
        thread[previous] = node;
        revThread[node] = previous;
        previous = node;
        depth[node] = (depth[node] as number) + offset;
        potential[node] = (potential[node] as number) + shift;
      }
    }
    low = start;
    high = end;
    stemDepth++;
  }
  thread[previous] = outerNext;
  revThread[outerNext] = previous;

  // Reverse the stem: the arc above each stem node now hangs below it, pointing the other way.
  for (let s = stemLength - 1; s > 0; s--) {
    const lower = stem[s - 1] as number;
    const upper = stem[s] as number;
    parent[upper] = lower;
    predArc[upper] = predArc[lower] as number;
    predUp[upper] = predUp[lower] ? 0 : 1;
  }
  parent[inner] = outer;
  predArc[inner] = entering;
  predUp[inner] = cycle.leavingOnSourceSide ? 1 : 0;
}
