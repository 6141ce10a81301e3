// Over-stdio timings of a language server: start → initialize answered, didOpen → first diagnostics,
// one-character edits → diagnostics (start, middle and end of the file), edits with a heavy request
// next to them, and the server's resident memory. The same procedure runs for our server and the peer.
import { startServer } from './lspClient.mjs';
import { median, p95, sleep } from './stats.mjs';

/**
 * @typedef {{ name: string, command: string[], configuration: (section: string | undefined) => unknown,
 *             heavy: Array<{ name: string, request(uri: string, text: string): [string, unknown] }>,
 *             waitFor: (version: number) => (params: any) => boolean }} Side
 */

/** Lines where the edits happen: the first RUN after 0.3 % of the file, the middle and the end. */
export function editSites(text) {
  const lines = text.split('\n');
  const findRun = (from, step) => {
    for (let l = from; l >= 0 && l < lines.length; l += step) {
      if (/^RUN [^\\]/.test(lines[l])) return l;
    }
    return undefined;
  };
  const sites = {
    start: findRun(Math.floor(lines.length * 0.003), 1),
    middle: findRun(Math.floor(lines.length / 2), 1),
    end: findRun(lines.length - 1, -1),
  };
  return Object.fromEntries(Object.entries(sites).filter(([, l]) => l !== undefined));
}

/** @param {Side} side */
export async function startupTimes(side, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServer(side.command, { configuration: side.configuration });
    times.push(server.initializeMs);
    await server.close();
  }
  return { median: median(times), runs: times };
}

/** @param {Side} side */
export async function coldOpen(side, text) {
  const server = await startServer(side.command, { configuration: side.configuration });
  try {
    await sleep(300);
    const uri = 'file:///tmp/lean-bench/cold/Dockerfile';
    const published = server.nextDiagnostics(uri, side.waitFor(1));
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    const { at } = await published;
    return at - t0;
  } finally {
    await server.close();
  }
}

/**
 * One session on a large document: open, edits at three sites, edits with heavy requests, memory.
 * @param {Side} side
 */
export async function editSession(
  side,
  text,
  { editsPerSite, heavyEdits, heavyText, probeCapMs = 20_000, log },
) {
  const server = await startServer(side.command, { configuration: side.configuration });
  const result = { side: side.name };
  try {
    await sleep(300);
    result.rssIdleMB = server.rssMB();
    const uri = 'file:///tmp/lean-bench/session/Dockerfile';
    let version = 1;
    let published = server.nextDiagnostics(uri, side.waitFor(version));
    let t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockerfile', version, text },
    });
    const opened = await published;
    result.openMs = opened.at - t0;
    result.openDiagnostics = opened.params.diagnostics.length;
    await sleep(1000);
    result.rssAfterOpenMB = server.rssMB();

    const sites = editSites(text);
    let inserted = false;
    /** Types one character at the site, or removes it again: the document alternates between two texts. */
    const edit = async (line) => {
      version++;
      const change = inserted
        ? { range: { start: { line, character: 4 }, end: { line, character: 5 } }, text: '' }
        : { range: { start: { line, character: 4 }, end: { line, character: 4 } }, text: 'x' };
      inserted = !inserted;
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [change],
      });
      return version;
    };

    log(`${side.name}: ${editsPerSite} edits at each of ${Object.keys(sites).join(', ')}`);
    result.edits = {};
    const all = [];
    for (const [site, line] of Object.entries(sites)) {
      const times = [];
      for (let i = 0; i < editsPerSite; i++) {
        published = server.nextDiagnostics(uri, side.waitFor(version + 1));
        t0 = performance.now();
        await edit(line);
        const { at } = await published;
        times.push(at - t0);
        await sleep(30);
      }
      result.edits[site] = { line, median: median(times), p95: p95(times), runs: times };
      all.push(...times);
    }
    result.edits.all = { count: all.length, median: median(all), p95: p95(all) };

    // Typing: a burst of keystrokes 50 ms apart, then the time from the last keystroke to the
    // diagnostics of the final text. A server that checks every version falls behind; ours drops
    // superseded versions.
    const burst = 10;
    const bursts = [];
    for (let round = 0; round < 3; round++) {
      let seen = 0;
      const last = version + burst;
      published = server.nextDiagnostics(uri, (p) =>
        side.name === 'peer' ? ++seen >= burst : p.version === last,
      );
      let lastSent = 0;
      for (let i = 0; i < burst; i++) {
        lastSent = performance.now();
        await edit(sites.middle ?? Object.values(sites)[0]);
        if (i < burst - 1) await sleep(50);
      }
      const { at } = await published;
      bursts.push(at - lastSent);
      await sleep(200);
    }
    result.typingBurst = { keystrokes: burst, intervalMs: 50, median: median(bursts), runs: bursts };

    await sleep(1000);
    result.rssAfterEditsMB = server.rssMB();

    // Heavy requests next to an edit, on a smaller document (large-1k: the peer's semantic tokens are
    // quadratic, about 0.7 s there and minutes on large-20k), sent right after the didChange and
    // right before it.
    result.heavy = {};
    const small = heavyText;
    const smallUri = 'file:///tmp/lean-bench/heavy/Dockerfile';
    let smallVersion = 1;
    published = server.nextDiagnostics(smallUri, side.waitFor(smallVersion));
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: smallUri, languageId: 'dockerfile', version: smallVersion, text: small },
    });
    await published;
    const smallLine = editSites(small).middle;
    let smallInserted = false;
    const smallEdit = async () => {
      smallVersion++;
      const change = smallInserted
        ? {
            range: { start: { line: smallLine, character: 4 }, end: { line: smallLine, character: 5 } },
            text: '',
          }
        : {
            range: { start: { line: smallLine, character: 4 }, end: { line: smallLine, character: 4 } },
            text: 'x',
          };
      smallInserted = !smallInserted;
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: smallUri, version: smallVersion },
        contentChanges: [change],
      });
    };
    log(`${side.name}: heavy requests next to edits (large-1k)`);
    for (const heavy of side.heavy) {
      for (const order of ['after', 'before']) {
        const latencies = [];
        const durations = [];
        let unsupported = false;
        for (let i = 0; i < heavyEdits && !unsupported; i++) {
          published = server.nextDiagnostics(smallUri, side.waitFor(smallVersion + 1));
          const [method, params] = heavy.request(smallUri);
          t0 = performance.now();
          let request;
          const send = () => {
            const started = performance.now();
            request = server.connection.sendRequest(method, params).then(
              () => durations.push(performance.now() - started),
              () => (unsupported = true),
            );
          };
          if (order === 'before') send();
          await smallEdit();
          if (order === 'after') send();
          const { at } = await published;
          latencies.push(at - t0);
          await request;
          await sleep(30);
        }
        result.heavy[`${heavy.name}:${order}`] = unsupported
          ? { supported: false }
          : {
              supported: true,
              diagnosticsMedian: median(latencies),
              diagnosticsP95: p95(latencies),
              requestMedian: median(durations),
            };
      }
    }

    // One probe per heavy request on large-20k: request first, then an edit; how long until the
    // edit's diagnostics arrive (capped).
    result.heavyLarge = {};
    for (const heavy of side.heavy) {
      const [method, params] = heavy.request(uri);
      published = server.nextDiagnostics(uri, side.waitFor(version + 1), probeCapMs);
      t0 = performance.now();
      let unsupported = false;
      let requestMs;
      const request = server.connection.sendRequest(method, params).then(
        () => (requestMs = performance.now() - t0),
        () => (unsupported = true),
      );
      await edit(sites.middle ?? Object.values(sites)[0]);
      let diagnosticsMs;
      try {
        diagnosticsMs = (await published).at - t0;
      } catch {
        diagnosticsMs = undefined;
      }
      await Promise.race([request, sleep(100)]);
      result.heavyLarge[heavy.name] = unsupported
        ? { supported: false, diagnosticsMs }
        : { supported: true, diagnosticsMs, capMs: probeCapMs, requestMs };
      // The peer may still be computing: the rest of its session would only measure the backlog.
      if (diagnosticsMs === undefined) break;
      await sleep(100);
    }
  } finally {
    result.stderrTail = server.stderr().slice(-500);
    await server.close();
  }
  return result;
}
