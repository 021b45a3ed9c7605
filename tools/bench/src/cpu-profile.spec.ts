import { byFunction, byOwner, type CpuProfile, ownerOf } from './cpu-profile';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

/** Samples 1 ms apart (timeDeltas in µs) on the nodes listed, in order. */
function profile(nodes: CpuProfile['nodes'], onTop: number[]): CpuProfile {
  return { nodes, samples: onTop, timeDeltas: onTop.map(() => 1000) };
}

describe('who owns the code a profile sampled', () => {
  it.each([
    ['file:///app/node_modules/.pnpm/typeorm@0.3.28/node_modules/typeorm/query-builder/x.js', 'typeorm'],
    ['/app/node_modules/.pnpm/@nestjs+core@11/node_modules/@nestjs/core/router/y.js', '@nestjs/core'],
    ['file:///app/node_modules/pg/lib/client.js', 'pg'],
    ['file:///app/services/routing/dist/domain/offers.js', 'threadline routing'],
    ['file:///app/packages/platform/dist/messaging/consumer.js', 'threadline platform'],
    ['node:internal/streams/readable', 'node (internals)'],
  ])('%s belongs to %s', (url, owner) => {
    expect(ownerOf(url, 'f')).toBe(owner);
  });

  it('names V8’s pseudo-frames for what they are, and other code without a file as native', () => {
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(ownerOf('', 'JSON.parse')).toBe('(native)');
  });
});

describe('folding a profile into self time', () => {
  const nodes = [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('(idle)', '') },
    { id: 3, callFrame: frame('query', 'file:///a/node_modules/pg/lib/client.js', 9) },
    { id: 4, callFrame: frame('handle', 'file:///a/services/routing/dist/x.js', 41) },
    { id: 5, callFrame: frame('query', 'file:///a/node_modules/pg/lib/query.js', 3) },
    { id: 6, callFrame: frame('(garbage collector)', '') },
  ];
  const sampled = profile(nodes, [2, 2, 2, 3, 3, 5, 4, 6, 3, 2]);

  it('adds the samples of each owner, leaves idle out, and gives shares of the busy time', () => {
    expect(byOwner(sampled)).toEqual([
      { name: 'pg', ms: 4, share: 4 / 6 },
      { name: '(garbage collector)', ms: 1, share: 1 / 6 },
      { name: 'threadline routing', ms: 1, share: 1 / 6 },
    ]);
  });

  it('keeps functions of the same name in different files apart, with their lines', () => {
    expect(byFunction(sampled).slice(0, 2)).toEqual([
      { name: 'query pg:10', ms: 3, share: 3 / 6 },
      { name: '(garbage collector) (garbage collector)', ms: 1, share: 1 / 6 },
    ]);
    expect(byFunction(sampled).map((row) => row.name)).toContain('query pg:4');
  });

  it('gives nothing for a profile of an idle process', () => {
    expect(byOwner(profile(nodes, [2, 2]))).toEqual([]);
  });
});
