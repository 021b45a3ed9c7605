/**
 * Where a service spends its CPU: a V8 `.cpuprofile` (written by `node --cpu-prof`) folded into
 * self time per code owner (a package, our own code, V8's garbage collector) and per function.
 */

/** The parts of V8's profile format this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Of the profile's busy time (idle left out). */
  share: number;
}

/**
 * Who owns the code at `url`: the npm package under node_modules (pnpm's store included), our own
 * workspace package, Node's internals, or V8's pseudo-frames such as `(garbage collector)`.
 */
export function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scopeOrName, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scopeOrName?.startsWith('@') ? `${scopeOrName}/${name}` : (scopeOrName ?? url);
  }
  if (url.startsWith('node:')) return 'node (internals)';
  const ours = /\/(services|packages|tools|apps)\/([^/]+)\//.exec(url);
  if (ours) return `threadline ${ours[2]}`;
  return url;
}

/** Self time of each profile node, in ms: the time of the samples taken while it was on top. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    times.set(nodeId, (times.get(nodeId) ?? 0) + delta / 1000);
  });
  return times;
}

/**
 * Self time grouped by `key` of each node, largest first, idle left out (a service waiting for
 * work is not spending CPU), with each group's share of the busy time.
 */
export function foldProfile(
  profile: CpuProfile,
  key: (frame: CpuProfile['nodes'][number]['callFrame']) => string,
): SelfTime[] {
  const byNode = selfTimes(profile);
  const groups = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id) ?? 0;
    if (ms === 0 || node.callFrame.functionName === '(idle)') continue;
    const name = key(node.callFrame);
    groups.set(name, (groups.get(name) ?? 0) + ms);
    busy += ms;
  }
  return [...groups]
    .map(([name, ms]) => ({ name, ms, share: busy > 0 ? ms / busy : 0 }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
}

/** Self time per code owner (see {@link ownerOf}). */
export function byOwner(profile: CpuProfile): SelfTime[] {
  return foldProfile(profile, (frame) => ownerOf(frame.url, frame.functionName));
}

/** Self time per function, named with its owner and line, so that two `send`s stay apart. */
export function byFunction(profile: CpuProfile): SelfTime[] {
  return foldProfile(
    profile,
    (frame) =>
      `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url, frame.functionName)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`,
  );
}
