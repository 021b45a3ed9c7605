import { inBatches } from './batches';

describe('inBatches', () => {
  it('cuts items into batches of the size, the last one holding the rest, in order', () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inBatches([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(inBatches([1], 10)).toEqual([[1]]);
  });

  it('makes no batch of nothing', () => {
    expect(inBatches([], 3)).toEqual([]);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => inBatches([1], 0)).toThrow('positive integer');
    expect(() => inBatches([1], 1.5)).toThrow('positive integer');
  });
});
