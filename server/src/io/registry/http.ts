// The registry client's HTTP layer on node:http/https: a few requests at a time, a timeout per request,
// HTTP 429 handled as registries ask (wait `Retry-After`, a small number of retries, then back off from
// that host for a while), bounded bodies, and plain HTTP refused for anything but loopback hosts.
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isLoopbackHost } from './reference';

export type RegistryErrorCode =
  | 'not-found'
  | 'unauthorized'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'bad-response'
  | 'no-platform'
  | 'insecure'
  | 'invalid-reference';

/**
 * A failed look-up. Messages name the host, path and status only: never a header, token or
 * credential, so that they can be logged and shown as they are.
 */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpOptions {
  /** Per request, connection to last byte. */
  timeoutMs: number;
  /** Requests in flight at once, over all hosts. */
  maxConcurrent: number;
  /** Retries after a 429 before giving up. */
  maxRetries: number;
  /** A `Retry-After` longer than this is not waited for: the look-up fails and the host is left alone until then. */
  maxRetryWaitMs: number;
  /** Bodies larger than this are refused (manifests and tokens are a few KB). */
  maxBodyBytes: number;
  /** Notes for the log, one line per request (method, URL, status: no headers). */
  log?: (line: string) => void;
}

export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  timeoutMs: 5000,
  maxConcurrent: 4,
  maxRetries: 2,
  maxRetryWaitMs: 10_000,
  maxBodyBytes: 4 * 1024 * 1024,
};

/** When Retry-After is missing, wait this long (then twice as long, …). */
const DEFAULT_RETRY_MS = 1000;
const MAX_REDIRECTS = 3;

/** `Retry-After: <seconds>` or `<HTTP date>` in milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RegistryHttp {
  private readonly options: HttpOptions;
  private inFlight = 0;
  private readonly queue: Array<() => void> = [];
  /** Per host: no request before this time (a 429 said so). */
  private readonly blockedUntil = new Map<string, number>();

  constructor(options: Partial<HttpOptions> = {}) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...options };
  }

  /**
   * One request, following redirects (without the Authorization header when the host changes),
   * retrying 429s. Any status comes back as a response; failures to get one throw RegistryError.
   */
  async request(
    url: URL,
    method: 'GET' | 'HEAD',
    headers: Record<string, string> = {},
  ): Promise<HttpResponse & { url: URL }> {
    let current = url;
    let currentHeaders = headers;
    for (let redirects = 0; ; redirects++) {
      const response = await this.withRetries(current, method, currentHeaders);
      const location = response.headers.location;
      if (response.status < 300 || response.status >= 400 || !location || redirects >= MAX_REDIRECTS)
        return { ...response, url: current };
      const next = new URL(location, current);
      if (next.host !== current.host) {
        currentHeaders = Object.fromEntries(
          Object.entries(currentHeaders).filter(([name]) => name.toLowerCase() !== 'authorization'),
        );
      }
      current = next;
    }
  }

  private async withRetries(
    url: URL,
    method: string,
    headers: Record<string, string>,
  ): Promise<HttpResponse> {
    const host = url.host;
    for (let attempt = 0; ; attempt++) {
      await this.waitForHost(host);
      const response = await this.limited(() => this.once(url, method, headers));
      if (response.status !== 429) return response;
      const now = Date.now();
      const waitMs =
        parseRetryAfter(response.headers['retry-after'] as string | undefined, now) ??
        DEFAULT_RETRY_MS * 2 ** attempt;
      this.blockedUntil.set(host, Math.max(this.blockedUntil.get(host) ?? 0, now + waitMs));
      if (attempt >= this.options.maxRetries || waitMs > this.options.maxRetryWaitMs)
        throw new RegistryError(
          'rate-limited',
          `${host} is rate-limiting requests (HTTP 429, retry after ${Math.ceil(waitMs / 1000)} s)`,
        );
      this.options.log?.(`${host}: HTTP 429, retrying in ${Math.ceil(waitMs / 1000)} s`);
    }
  }

  /** Waits out a short back-off of the host; fails at once when the host asked for a long pause. */
  private async waitForHost(host: string): Promise<void> {
    const until = this.blockedUntil.get(host);
    if (until === undefined) return;
    const waitMs = until - Date.now();
    if (waitMs <= 0) {
      this.blockedUntil.delete(host);
      return;
    }
    if (waitMs > this.options.maxRetryWaitMs)
      throw new RegistryError(
        'rate-limited',
        `${host} asked for a pause (HTTP 429): no requests for another ${Math.ceil(waitMs / 1000)} s`,
      );
    await sleep(waitMs);
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    // A finished request hands its slot straight to the next waiter, so a newcomer cannot slip in between.
    if (this.inFlight >= this.options.maxConcurrent)
      await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.inFlight++;
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private once(url: URL, method: string, headers: Record<string, string>): Promise<HttpResponse> {
    const where = `${url.host}${url.pathname}`;
    if (url.protocol === 'http:' && !isLoopbackHost(url.host))
      return Promise.reject(
        new RegistryError(
          'insecure',
          `refusing plain HTTP to ${url.host}: only loopback registries may use it`,
        ),
      );
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return Promise.reject(new RegistryError('insecure', `unsupported URL scheme ${url.protocol}`));
    const transport = url.protocol === 'https:' ? https : http;
    const { timeoutMs, maxBodyBytes, log } = this.options;
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = transport.request(
        url,
        { method, headers: { 'user-agent': 'lean-dockerfile', ...headers }, timeout: timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          let length = 0;
          response.on('data', (chunk: Buffer) => {
            length += chunk.length;
            if (length > maxBodyBytes) {
              request.destroy(
                new RegistryError('bad-response', `${where}: response larger than ${maxBodyBytes} bytes`),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            log?.(`${method} ${where} → ${status}`);
            resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
          });
          response.on('error', (error) => request.destroy(error));
        },
      );
      // The whole exchange, not only idle time: a registry that trickles bytes must not hold a slot forever.
      const deadline = setTimeout(
        () => request.destroy(new RegistryError('timeout', `${where}: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      request.on('timeout', () =>
        request.destroy(new RegistryError('timeout', `${where}: no answer within ${timeoutMs} ms`)),
      );
      request.on('error', (error) => {
        clearTimeout(deadline);
        log?.(`${method} ${where} failed: ${error.message}`);
        reject(
          error instanceof RegistryError
            ? error
            : new RegistryError(
                'network',
                `${where}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
              ),
        );
      });
      request.on('close', () => clearTimeout(deadline));
      request.end();
    });
  }
}
