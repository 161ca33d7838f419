/**
 * Compression through the platform's CompressionStream / DecompressionStream (Bun, Node 18+,
 * Deno, browsers, Workers): no dependency. Both are streams, so these functions are async.
 * Decompression stops with a KilnError as soon as the output passes its bound, so a corrupt or
 * hostile input can neither hang nor exhaust memory.
 */
import { KilnError } from "../core/errors.ts";

export type CompressionFormat = "deflate-raw" | "gzip";

function single(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
}

/** Concatenates chunks into one array. */
export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const n = total ?? chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * Decompresses `data`. With `exactSize`, the output must be exactly that long (a zip entry's
 * declared size) and is written into one buffer; otherwise it may be at most `maxSize` bytes.
 */
export async function decompress(
  op: string,
  what: string,
  data: Uint8Array,
  format: CompressionFormat,
  bounds: { exactSize?: number; maxSize?: number },
): Promise<Uint8Array> {
  const limit = bounds.exactSize ?? bounds.maxSize ?? 2 ** 32;
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = single(data).pipeThrough(new DecompressionStream(format) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  } catch (e) {
    throw new KilnError(op, `${what}: this runtime has no DecompressionStream("${format}") (${String(e)}).`);
  }
  const reader = stream.getReader();
  const exact = bounds.exactSize !== undefined ? new Uint8Array(bounds.exactSize) : null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > limit) {
        await reader.cancel().catch(() => {});
        throw new KilnError(op, `${what}: the compressed data inflates to more than ${limit} bytes${exact ? " (its declared size)" : ""}.`);
      }
      if (exact) exact.set(value, total);
      else chunks.push(value);
      total += value.byteLength;
    }
  } catch (e) {
    if (e instanceof KilnError) throw e;
    throw new KilnError(op, `${what}: corrupt ${format === "gzip" ? "gzip" : "deflate"} data (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (exact) {
    if (total !== exact.byteLength) throw new KilnError(op, `${what}: the compressed data inflates to ${total} bytes, but ${exact.byteLength} were declared.`);
    return exact;
  }
  return concatBytes(chunks, total);
}

/** Compresses `data` with raw deflate (as zip's method 8 stores it). */
export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = single(data).pipeThrough(new CompressionStream("deflate-raw") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concatBytes(chunks);
}
