// "Lean Dockerfile: Build and Measure" end to end inside a real VS Code extension host: podman builds a
// Dockerfile whose layers have known sizes on the Debian base that scripts/bench-size.mjs makes with
// debootstrap (no registry needed), the command reads `podman history`, and the server holds the
// measured sizes afterwards. Needs root with Debian's podman, buildah and debootstrap, and the Debian
// mirror the first time (the base is cached afterwards).
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MeasuredParams, MeasuredResultsResult } from '../../common/protocol';

const EXTENSION_ID = 'lean-dockerfile.lean-dockerfile';
const ROOT = path.resolve(__dirname, '../../..');
const INSTALL_HINT = 'apt-get install -y --no-install-recommends debootstrap buildah podman';
const BASE_IMAGE = 'docker.io/library/debian:bookworm';
const RUN_BYTES = 2_000_000;
const PAYLOAD_BYTES = 1_500_000;
/**
 * A layer is a tar stream: each file adds a 512-byte header and pads its data to 512 bytes, each
 * changed directory adds a header, and the stream ends with two empty blocks. A few kB over the file
 * itself, never less.
 */
const TAR_SLACK = 16 * 1024;

// The fixture, line by line (0-based): 0 FROM, 1 ENV (no layer), 2 RUN writing RUN_BYTES, 3 COPY of PAYLOAD_BYTES.
const DOCKERFILE = [
  'FROM debian:bookworm',
  'ENV MEASURED_BY=lean-dockerfile',
  `RUN head -c ${RUN_BYTES} /dev/zero > /measured-run.bin`,
  'COPY payload.bin /payload.bin',
  '',
].join('\n');

interface MeasureResult {
  status: 'measured' | 'refused' | 'cancelled' | 'failed';
  message: string;
  argv?: string[];
  measurement?: MeasuredParams;
  server?: MeasuredResultsResult | null;
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .concat('/usr/sbin', '/sbin')
    .some((dir) => dir && fs.existsSync(path.join(dir, program)));
}

function run(program: string, args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Bytes of an image as podman's history adds them up (what the command reports as the base). */
function historyBytes(image: string): number {
  const r = spawnSync('podman', ['history', '--format', 'json', image], { encoding: 'utf8' });
  assert.equal(r.status, 0, `podman history ${image}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Array<{ size: number }>).reduce((sum, e) => sum + e.size, 0);
}

/** Processes whose command line contains `needle` (read from /proc, so nothing is run to look). */
function processesWith(needle: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (args.includes(needle)) found.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return found;
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function assertLayer(actual: number | null | undefined, fileBytes: number, what: string): void {
  assert.ok(typeof actual === 'number', `${what}: no measured layer`);
  assert.ok(
    actual >= fileBytes && actual <= fileBytes + TAR_SLACK,
    `${what}: measured ${actual} B, expected ${fileBytes} B plus at most ${TAR_SLACK} B of tar headers`,
  );
}

suite('Build and Measure with podman', () => {
  let dir: string;
  let dockerfile: vscode.Uri;
  const builtImages: string[] = [];

  suiteSetup(async function () {
    this.timeout(10 * 60_000);
    const missing = ['podman', 'buildah', 'debootstrap'].filter((p) => !onPath(p));
    assert.deepEqual(missing, [], `missing ${missing.join(', ')}: install them with \`${INSTALL_HINT}\``);
    // The same base and cache as `npm run bench:size` (debootstrap the first time, ~1 minute).
    const base = await run(
      process.execPath,
      [path.join(ROOT, 'scripts/bench-size.mjs'), '--base-only'],
      9 * 60_000,
    );
    assert.equal(base.code, 0, `scripts/bench-size.mjs --base-only failed:\n${base.output}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lean-measure-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'payload.bin'), Buffer.alloc(PAYLOAD_BYTES, 7));
    dockerfile = vscode.Uri.file(path.join(dir, 'Dockerfile'));
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
  });

  suiteTeardown(async () => {
    // Close what this suite opened, so the suites after it find the editor layout they expect.
    const ours = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => {
        const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
        return (
          uri?.scheme === 'lean-dockerfile-measure' || (dir !== undefined && uri?.fsPath.startsWith(dir))
        );
      });
    await vscode.window.tabGroups.close(ours);
    for (const image of builtImages) spawnSync('podman', ['rmi', image], { encoding: 'utf8' });
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('builds, measures every layer, and hands the sizes to the server', async function () {
    this.timeout(5 * 60_000);
    const result = await vscode.commands.executeCommand<MeasureResult>('leanDockerfile.buildAndMeasure', {
      uri: dockerfile.toString(),
      engine: 'podman',
      // Root inside a container: no cgroups for crun, so steps run in a chroot; the base is local only.
      extraArgs: ['--isolation', 'chroot', '--pull=never'],
    });
    assert.equal(result.status, 'measured', result.message);
    const m = result.measurement!;
    builtImages.push(m.image);

    assert.equal(path.basename(result.argv![0]!), 'podman');
    assert.deepEqual(result.argv!.slice(1, 6), ['build', '--layers', '--force-rm', '--isolation', 'chroot']);
    assert.equal(result.argv!.at(-1), dir);

    assert.equal(m.engine, 'podman');
    assert.equal(m.fromLine, 0);
    assert.deepEqual(
      m.instructions.map((i) => [i.line, i.keyword]),
      [
        [1, 'ENV'],
        [2, 'RUN'],
        [3, 'COPY'],
      ],
    );
    assert.equal(m.instructions[0]!.bytes, 0);
    assertLayer(m.instructions[1]!.bytes, RUN_BYTES, 'RUN head -c');
    assertLayer(m.instructions[2]!.bytes, PAYLOAD_BYTES, 'COPY payload.bin');
    assert.equal(m.base, historyBytes(BASE_IMAGE));
    assert.equal(m.total, m.base! + m.instructions[1]!.bytes! + m.instructions[2]!.bytes!);
    // The estimate of the same version rides along: the COPY's is the file's exact size.
    assert.deepEqual(m.instructions[2]!.estimate, { low: PAYLOAD_BYTES, high: PAYLOAD_BYTES });

    // The server answered from what the notification delivered.
    assert.ok(result.server, 'the server holds no measurement for the document');
    assert.deepEqual(result.server.measurement, m);
    assert.match(
      result.server.markdown,
      /\| 4 \| `COPY payload\.bin \/payload\.bin` \| 1\.5 MB \| 1\.5 MB \| 0 % \|/,
    );

    // And the comparison table is open beside the editor.
    const table = vscode.window.visibleTextEditors.find(
      (e) => e.document.uri.scheme === 'lean-dockerfile-measure',
    );
    assert.ok(table, 'no measurement table beside the editor');
    assert.equal(table.document.getText(), result.server.markdown);
  });

  test('cancelling stops the build and the step it was running', async function () {
    this.timeout(3 * 60_000);
    // A step that would run for ten minutes, with a duration no other process has, on a base of a
    // name of its own: podman names its working container after the base image.
    const unique = `${process.pid}${Date.now() % 100000}`;
    const sleep = `sleep 600.${unique}`;
    const base = `localhost/lean-cancel-${unique}:1`;
    const tagged = spawnSync('podman', ['tag', BASE_IMAGE, base], { encoding: 'utf8' });
    assert.equal(tagged.status, 0, tagged.stderr);
    builtImages.push(base);
    const file = path.join(dir, 'cancel.Dockerfile');
    fs.writeFileSync(file, `FROM ${base}\nRUN ${sleep}\n`);
    const source = new vscode.CancellationTokenSource();
    const pending = vscode.commands.executeCommand<MeasureResult>('leanDockerfile.buildAndMeasure', {
      uri: vscode.Uri.file(file).toString(),
      engine: 'podman',
      extraArgs: ['--isolation', 'chroot', '--pull=never'],
      showTable: false,
      cancellation: source.token,
    });
    await waitUntil(() => processesWith(sleep).length > 0, `the build to run \`${sleep}\``, 120_000);
    source.cancel();
    const result = await pending;
    assert.equal(result.status, 'cancelled', result.message);
    // The step is gone well before its 600 s, and so is podman's working container for it.
    await waitUntil(() => processesWith(sleep).length === 0, `\`${sleep}\` to end`, 20_000);
    const containers = spawnSync('podman', ['ps', '--all', '--external', '--format', '{{.Names}}'], {
      encoding: 'utf8',
    });
    assert.equal(containers.status, 0, containers.stderr);
    assert.deepEqual(
      containers.stdout.split('\n').filter((name) => name.startsWith(`lean-cancel-${unique}`)),
      [],
      'a working container of the cancelled build was left behind',
    );
  });

  test('refuses an unknown target without building', async () => {
    const result = await vscode.commands.executeCommand<MeasureResult>('leanDockerfile.buildAndMeasure', {
      uri: dockerfile.toString(),
      target: 'no-such-stage',
      engine: 'podman',
      showTable: false,
    });
    assert.equal(result.status, 'refused');
    assert.match(result.message, /no stage named no-such-stage/);
    assert.equal(result.argv, undefined);
  });
});
