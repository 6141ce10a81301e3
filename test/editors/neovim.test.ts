// A second real LSP client: Neovim's built-in one (Debian's `neovim`, headless) runs the bundled
// dist/server.js with the configuration the README shows (neovim/lean-dockerfile.lua), opens files
// from examples/, and neovim/probe.lua writes back what the client received: diagnostics, the code
// actions of each one and a hover. So the server is proven outside VS Code and its client library.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const repoRoot = path.resolve(__dirname, '../../..');
const serverPath = path.join(repoRoot, 'dist/server.js');
const configPath = path.join(repoRoot, 'test/editors/neovim/lean-dockerfile.lua');
const probePath = path.join(repoRoot, 'test/editors/neovim/probe.lua');
const INSTALL_HINT = 'Neovim is needed for this test: apt-get install neovim (Debian 12 ships 0.7.2)';

// LSP DiagnosticSeverity values.
const ERROR = 1;
const WARNING = 2;

interface ProbedDiagnostic {
  code: string;
  source: string;
  severity: number;
  line: number;
  character: number;
  message: string;
  actions: string[];
}

interface ProbeResult {
  client: string;
  filetype: string;
  diagnostics: ProbedDiagnostic[];
  /** How many diagnostics Neovim's own vim.diagnostic holds for the buffer afterwards. */
  shown: number;
  hover: string | null;
  error?: string;
}

describe('Neovim as the LSP client', { timeout: 120000 }, () => {
  let scratch: string;

  before(() => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error) throw new Error(`cannot run nvim (${version.error.message}). ${INSTALL_HINT}`);
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first`);
    scratch = mkdtempSync(path.join(tmpdir(), 'lean-nvim-'));
  });

  after(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  let runs = 0;
  /** Runs the probe in a headless Neovim on one example; `hover` is "line:character", 0-based. */
  function probe(example: string, hover: string): Promise<ProbeResult> {
    const resultPath = path.join(scratch, `result-${++runs}.json`);
    const env = {
      ...process.env,
      // Neovim's log, state and data go to the scratch folder, not to the user's home.
      XDG_CONFIG_HOME: scratch,
      XDG_CACHE_HOME: scratch,
      XDG_STATE_HOME: scratch,
      XDG_DATA_HOME: scratch,
      LEAN_CONFIG: configPath,
      LEAN_SERVER: serverPath,
      LEAN_DOCKERFILE: path.join(repoRoot, 'examples', example, 'Dockerfile'),
      LEAN_HOVER: hover,
      LEAN_RESULT: resultPath,
    };
    // --clean: no user configuration or plugins; -n: no swap file; -i NONE: no shada file.
    const args = ['--headless', '--clean', '-n', '-i', 'NONE', '-u', probePath];
    return new Promise((resolve, reject) => {
      execFile('nvim', args, { cwd: repoRoot, env, timeout: 90000 }, (error, stdout, stderr) => {
        const written = existsSync(resultPath)
          ? (JSON.parse(readFileSync(resultPath, 'utf8')) as ProbeResult)
          : undefined;
        if (written?.error) return reject(new Error(`probe.lua failed: ${written.error}`));
        if (error || !written)
          return reject(
            new Error(`nvim exited with ${error?.code ?? 'no result'}:\n${stdout}\n${stderr}`.trim()),
          );
        resolve(written);
      });
    });
  }

  const find = (result: ProbeResult, code: string, line: number): ProbedDiagnostic => {
    const found = result.diagnostics.find((d) => d.code === code && d.line === line);
    const all = result.diagnostics.map((d) => `${d.code}@${d.line}`).join(', ');
    assert.ok(found, `${code} on line ${line} (0-based) among: ${all}`);
    return found;
  };

  it('receives the findings of a single-stage Go build, their quick fixes and a size hover', async () => {
    const result = await probe('go-single-stage', '2:8');
    assert.equal(result.client, 'lean-dockerfile');
    assert.equal(result.filetype, 'dockerfile', "Neovim's own filetype detection started the client");

    // Lines are 0-based: FROM golang:1.22 is line 2, `COPY . .` 5, `RUN go build` 6, `CMD ./server` 9.
    const rootUser = find(result, 'root-user', 2);
    assert.equal(rootUser.severity, WARNING);
    assert.match(rootUser.message, /runs as root/);
    find(result, 'missing-dockerignore', 5);
    const toolchain = find(result, 'single-stage-toolchain', 6);
    assert.equal(toolchain.character, 4, 'the range starts at `go build`, after RUN');
    const cmd = find(result, 'json-args-recommended', 9);
    for (const d of result.diagnostics) assert.equal(d.source, 'lean-dockerfile', d.code);
    assert.equal(result.shown, result.diagnostics.length, 'vim.diagnostic holds every published finding');

    assert.ok(
      toolchain.actions.includes('Split into builder stage: Go → scratch'),
      toolchain.actions.join(' | '),
    );
    assert.ok(
      toolchain.actions.includes('Split into builder stage: Go → distroless/static'),
      toolchain.actions.join(' | '),
    );
    assert.ok(cmd.actions.includes('Convert CMD to exec form'), cmd.actions.join(' | '));
    assert.ok(
      rootUser.actions.includes('Add USER 10001:10001 (numeric, no account needed)'),
      rootUser.actions.join(' | '),
    );

    // Hovering the base image shows the stage's size breakdown, layer by layer.
    assert.ok(result.hover, 'a hover on `golang:1.22`');
    assert.match(result.hover, /Base golang:1\.22 ≈ \d+ MB/);
    assert.match(result.hover, /\| 7 \| RUN \| \+[\d–]+ MB \|/);
  });

  it('passes the settings of the Neovim configuration to the server', async () => {
    // lean-dockerfile.lua raises latest-tag to error (by id) and turns DL3015 off (a hadolint alias).
    const node = await probe('node-single-stage', '0:6');
    assert.equal(find(node, 'latest-tag', 0).severity, ERROR);
    assert.equal(find(node, 'maintainer-deprecated', 1).severity, WARNING, 'other rules keep theirs');

    const python = await probe('python-single-stage', '0:6');
    find(python, 'apt-lists-not-cleaned', 5);
    assert.deepEqual(
      python.diagnostics.filter((d) => d.code === 'apt-no-install-recommends'),
      [],
      'DL3015 (apt-no-install-recommends) is off',
    );
  });
});
