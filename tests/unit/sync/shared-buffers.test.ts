import { describe, expect, it } from 'vitest';
import { SharedBuffers } from '../../../main/services/sync/shared-buffers.ts';

// The first sync downloads page after page into the same few pieces of shared memory.
describe('SharedBuffers', () => {
  it('hands out exactly the length asked for, over shared memory', () => {
    const buffers = new SharedBuffers();
    const buffer = buffers.take(1000);
    expect(buffer.length).toBe(1000);
    expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(buffers.take(0).length).toBe(0);
  });

  it('uses memory again only once it is given back, and only when it is large enough', () => {
    const buffers = new SharedBuffers();
    const first = buffers.take(1000);
    const second = buffers.take(1000);
    expect(second.buffer).not.toBe(first.buffer);
    buffers.give(first);
    // A page a little longer than the last still fits its memory.
    const third = buffers.take(1100);
    expect(third.buffer).toBe(first.buffer);
    expect(third.length).toBe(1100);
    buffers.give(third);
    const larger = buffers.take(10_000);
    expect(larger.buffer).not.toBe(first.buffer);
    expect(buffers.take(900).buffer).toBe(first.buffer);
  });

  it('keeps memory given back twice only once, and ignores Buffers it did not hand out', () => {
    const buffers = new SharedBuffers();
    const buffer = buffers.take(100);
    buffers.give(buffer);
    buffers.give(buffer);
    buffers.give(Buffer.alloc(5000));
    expect(buffers.take(100).buffer).toBe(buffer.buffer);
    expect(buffers.take(100).buffer).not.toBe(buffer.buffer);
  });
});
