/**
 * Shared memory for downloaded snapshot pages, used again page after page. A fresh
 * SharedArrayBuffer is zero-filled memory the kernel maps page by page as it is first
 * written: copying 180 MB of first-sync pages into new ones cost the event loop ≈ 0.26 s,
 * most of it page faults. A page's memory is given back once the page is written (nothing
 * of it is referenced then: the store has copied the histories), so a first sync needs only
 * as many buffers as pages are in flight.
 */
export class SharedBuffers {
  private readonly free: SharedArrayBuffer[] = [];

  /** A Buffer of exactly `length` bytes over shared memory, reused when a free one is large enough. */
  take(length: number): Buffer {
    const index = this.free.findIndex((memory) => memory.byteLength >= length);
    // A little headroom, so the next page, a few bytes longer, fits the same memory.
    const memory = index >= 0 ? this.free.splice(index, 1)[0]! : new SharedArrayBuffer(Math.ceil(length * 1.25));
    return Buffer.from(memory, 0, length);
  }

  /** Gives a Buffer from `take` back; nothing may read or write it afterwards. */
  give(buffer: Buffer): void {
    if (buffer.buffer instanceof SharedArrayBuffer && !this.free.includes(buffer.buffer)) this.free.push(buffer.buffer);
  }
}
