/**
 * Ready-made HTTP responses of the dashboard: the body serialised once, its ETag and its
 * gzip form computed once, kept in a cache bounded by bytes (least recently used evicted).
 * The served folder never changes while the server runs, so a response computed for a URL
 * stays valid for the life of the process.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response ready to send. */
export interface Prepared {
  readonly status: number;
  readonly type: string;
  readonly body: Buffer;
  /** The gzip form, when it is smaller than the body (bodies of 1 KB and more). */
  readonly gzip: Buffer | undefined;
  readonly etag: string;
  readonly cacheControl: string;
}

/** Bodies below this size are sent as they are (gzip saves little and costs a call). */
const GZIP_FROM = 1024;

/** Serialise a response once: body bytes, strong ETag (SHA-1 of the body), gzip form. */
export function prepare(body: string | Buffer, type: string, opts: { status?: number; cacheControl?: string } = {}): Prepared {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const z = bytes.length >= GZIP_FROM ? gzipSync(bytes, { level: 6 }) : undefined;
  return {
    status: opts.status ?? 200,
    type,
    body: bytes,
    gzip: z && z.length < bytes.length ? z : undefined,
    etag: `"${createHash('sha1').update(bytes).digest('base64url')}"`,
    cacheControl: opts.cacheControl ?? 'no-cache',
  };
}

/** A JSON response, prepared. */
export function prepareJson(value: unknown, status = 200): Prepared {
  return prepare(JSON.stringify(value), 'application/json; charset=utf-8', { status });
}

/** Whether an Accept-Encoding header admits gzip (a `gzip;q=0` refuses it). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip' && coding?.trim() !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * Send a prepared response: 304 when the request's If-None-Match carries its ETag, the
 * gzip form when the client accepts it, the plain body otherwise.
 */
export function sendPrepared(req: FastifyRequest, reply: FastifyReply, p: Prepared): FastifyReply {
  reply.header('etag', p.etag).header('cache-control', p.cacheControl).header('vary', 'accept-encoding');
  const inm = req.headers['if-none-match'];
  if (p.status === 200 && inm !== undefined && inm.split(',').some((t) => t.trim() === p.etag)) return reply.code(304).send();
  reply.code(p.status).type(p.type);
  if (p.gzip && acceptsGzip(req.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(p.gzip);
  return reply.send(p.body);
}

/** A map of prepared responses bounded by their total size in bytes, least recently used evicted first. */
export class ResponseCache {
  private readonly map = new Map<string, Prepared>();
  private used = 0;

  /** @param maxBytes the most bytes (bodies plus gzip forms) kept */
  constructor(readonly maxBytes: number) {}

  /** The response cached under `key`, marked as recently used. */
  get(key: string): Prepared | undefined {
    const p = this.map.get(key);
    if (p) {
      this.map.delete(key);
      this.map.set(key, p);
    }
    return p;
  }

  /** Cache a response (not kept when it alone exceeds the budget); returns it. */
  set(key: string, p: Prepared): Prepared {
    const size = sizeOf(p) + key.length;
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.used -= sizeOf(old) + key.length;
    }
    if (size > this.maxBytes) return p;
    this.map.set(key, p);
    this.used += size;
    for (const [k, v] of this.map) {
      if (this.used <= this.maxBytes) break;
      this.map.delete(k);
      this.used -= sizeOf(v) + k.length;
    }
    return p;
  }

  /** Entries and bytes held. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.map.size, bytes: this.used };
  }
}

function sizeOf(p: Prepared): number {
  return p.body.length + (p.gzip?.length ?? 0) + 200;
}
