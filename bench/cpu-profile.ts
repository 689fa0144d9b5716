/** CPU profiles taken with the inspector around chosen turns only (the bench children's PERFBOT_BENCH_PROFILE). */

/** A V8 CPU profile as `Profiler.stop` returns it (the fields the merge touches). */
export interface CpuProfile {
  nodes: Array<{ id: number; children?: number[] }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Several profiles as one (node ids renumbered), so a profile viewer sums them. */
export function mergeProfiles(list: CpuProfile[]): CpuProfile {
  const merged: CpuProfile = { nodes: [], startTime: list[0]!.startTime, endTime: list[0]!.startTime, samples: [], timeDeltas: [] };
  let offset = 0;
  for (const p of list) {
    const max = Math.max(...p.nodes.map((n) => n.id));
    merged.nodes.push(...p.nodes.map((n) => ({ ...n, id: n.id + offset, ...(n.children ? { children: n.children.map((c) => c + offset) } : {}) })));
    merged.samples.push(...p.samples.map((s) => s + offset));
    merged.timeDeltas.push(...p.timeDeltas);
    merged.endTime += p.endTime - p.startTime;
    offset += max;
  }
  return merged;
}
