// The snippets (snippets/dockerfile.json) teach lean images, so they must pass our own checks: every
// body, with its tab stops filled by their defaults, parses without syntax findings and gets no
// size or security finding from any rule in the registry (whatever rules it holds when this runs);
// the multi-stage templates have a builder and a shipped stage that is neither a toolchain image nor
// root. Fragments (a RUN line, a COPY pair) are checked inside the small Dockerfile declared for
// them in FRAGMENT_CONTEXT.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type Analysis } from '../../server/src/engine/analyze';
import type { Stage } from '../../server/src/engine/model/types';
import { RULES } from '../../server/src/engine/rules';
import { canonicalImageName, imageFacts } from '../../server/src/engine/size/baseImages';

const root = path.resolve(__dirname, '../../..');
const SNIPPETS_FILE = path.join(root, 'snippets/dockerfile.json');

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

/**
 * Findings we accept, keyed `<snippet name>::<rule id>`, each with the reason. Empty: every snippet
 * is clean. Add an entry only with a reason a reviewer would accept (a rule's known false positive).
 */
const ALLOWED: Readonly<Record<string, string>> = {};

/** Where a fragment is pasted for the check: the lines before and after it. */
const NODE_BEFORE = 'FROM node:24-alpine\nENV NODE_ENV=production\nWORKDIR /app\n';
const NODE_AFTER = 'USER node\nCMD ["node", "server.js"]\n';
const PYTHON_BEFORE = 'FROM python:3.13-slim\nWORKDIR /app\n';
const PYTHON_AFTER = 'USER 10001\nCMD ["python", "-m", "app"]\n';
const GO_BUILDER = 'FROM golang:1.27 AS builder\nWORKDIR /src\n';
const GO_RUNTIME =
  '\nFROM gcr.io/distroless/static-debian13:nonroot\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]\n';
const FRAGMENT_CONTEXT: Readonly<Record<string, { before: string; after: string }>> = {
  'Dependencies first: npm': { before: NODE_BEFORE, after: NODE_AFTER },
  'Dependencies first: pip': { before: PYTHON_BEFORE, after: PYTHON_AFTER },
  'Dependencies first: Go modules': {
    before: GO_BUILDER,
    after: `RUN CGO_ENABLED=0 go build -o /out/app .\n${GO_RUNTIME}`,
  },
  'apt-get install with cleanup': { before: 'FROM debian:trixie-slim\n', after: 'USER 10001\n' },
  'apk add without a cache': { before: 'FROM alpine:3.24\n', after: 'USER 10001\n' },
  'Secret mount': {
    before: `${NODE_BEFORE}COPY package.json package-lock.json ./\n`,
    after: `COPY . .\n${NODE_AFTER}`,
  },
  'Cache mount: npm': {
    before: `${NODE_BEFORE}COPY package.json package-lock.json ./\n`,
    after: `COPY . .\n${NODE_AFTER}`,
  },
  'Cache mount: pip': {
    before: `${PYTHON_BEFORE}COPY requirements.txt ./\n`,
    after: `COPY . .\n${PYTHON_AFTER}`,
  },
  'Cache mount: Go': {
    before: `${GO_BUILDER}COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n`,
    after: GO_RUNTIME,
  },
  'Cache mount: apt': { before: 'FROM debian:trixie-slim\n', after: 'USER 10001\n' },
  'Non-root user: Debian/Ubuntu': { before: 'FROM debian:trixie-slim\n', after: 'CMD ["bash"]\n' },
  'Non-root user: Alpine': { before: 'FROM alpine:3.24\n', after: 'CMD ["sh"]\n' },
};

// --- VS Code's snippet syntax (https://code.visualstudio.com/docs/editing/userdefinedsnippets) ---

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string };

/**
 * Parses a snippet body like VS Code does: `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}`,
 * variables (`$NAME`, `${NAME:default}`); `\` escapes `$`, `}` and `\` (in choices also `,` and
 * `|`), any other backslash is text; a `$` that starts none of these is text. Transforms are not
 * supported (the snippets do not use them).
 */
export function parseSnippet(body: string): SnippetNode[] {
  let pos = 0;

  function nodes(inPlaceholder: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < body.length) {
      const c = body[pos]!;
      if (c === '\\' && '$}\\'.includes(body[pos + 1] ?? '')) {
        text += body[pos + 1];
        pos += 2;
      } else if (c === '}' && inPlaceholder) {
        break;
      } else if (c === '$') {
        const node = dollar();
        if (node) {
          flush();
          out.push(node);
        } else {
          text += c;
          pos++;
        }
      } else {
        text += c;
        pos++;
      }
    }
    flush();
    return out;
  }

  function dollar(): SnippetNode | undefined {
    const start = pos;
    const rest = body.slice(pos);
    let m = /^\$(\d+)/.exec(rest) ?? /^\$\{(\d+)\}/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'tabstop', index: Number(m[1]) };
    }
    m = /^\$([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'variable', name: m[1]! };
    }
    m = /^\$\{(\d+):/.exec(rest);
    if (m) {
      pos += m[0].length;
      const children = nodes(true);
      if (body[pos] === '}') {
        pos++;
        return { kind: 'tabstop', index: Number(m[1]), children };
      }
      pos = start;
      return undefined;
    }
    m = /^\$\{(\d+)\|/.exec(rest);
    if (m) {
      pos += m[0].length;
      const choices: string[] = [];
      let current = '';
      while (pos < body.length) {
        const c = body[pos]!;
        if (c === '\\' && '$}\\,|'.includes(body[pos + 1] ?? '')) {
          current += body[pos + 1];
          pos += 2;
        } else if (c === ',') {
          choices.push(current);
          current = '';
          pos++;
        } else if (c === '|' && body[pos + 1] === '}') {
          choices.push(current);
          pos += 2;
          return { kind: 'tabstop', index: Number(m[1]), choices };
        } else {
          current += c;
          pos++;
        }
      }
      pos = start;
      return undefined;
    }
    if (/^\$\{\d+\//.test(rest))
      throw new Error(`transforms are not supported by this test: ${rest.slice(0, 40)}`);
    m = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)/.exec(rest);
    if (m) {
      pos += m[0].length;
      if (body[pos] === ':') {
        pos++;
        nodes(true);
      }
      if (body[pos] === '}') {
        pos++;
        return { kind: 'variable', name: m[1]! };
      }
      pos = start;
      return undefined;
    }
    return undefined;
  }

  return nodes(false);
}

/**
 * The text VS Code inserts when every tab stop keeps its default (the first choice, or the one given
 * in `choose`); `$0` is empty. Also returns each tab stop's choices and the variables used.
 */
export function expandSnippet(
  body: string,
  choose: ReadonlyMap<number, string> = new Map(),
): { text: string; defaults: Map<number, string>; choices: Map<number, string[]>; variables: string[] } {
  const tree = parseSnippet(body);
  const variables: string[] = [];
  // As in VS Code, the first occurrence of a tab stop that has a default gives it to the others.
  const sources = new Map<number, SnippetNode & { kind: 'tabstop' }>();
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'variable') variables.push(node.name);
      if (node.kind !== 'tabstop') continue;
      if ((node.children || node.choices) && !sources.has(node.index)) sources.set(node.index, node);
      if (node.children) visit(node.children);
    }
  };
  visit(tree);
  const valueOf = (node: SnippetNode & { kind: 'tabstop' }): string => {
    const chosen = choose.get(node.index);
    if (chosen !== undefined) return chosen;
    const source = node.children || node.choices ? node : sources.get(node.index);
    if (!source) return '';
    return source.choices ? (source.choices[0] ?? '') : render(source.children ?? []);
  };
  const render = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.value;
        if (node.kind === 'variable') return node.name;
        return node.index === 0 && !node.children ? '' : valueOf(node);
      })
      .join('');
  const defaults = new Map<number, string>();
  const check = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind !== 'tabstop' || node.index === 0) continue;
      if (node.children || node.choices) {
        const value = valueOf(node);
        const known = defaults.get(node.index);
        if (known !== undefined && known !== value)
          throw new Error(`tab stop ${node.index} has two defaults: "${known}" and "${value}"`);
        defaults.set(node.index, value);
      }
      if (node.children) check(node.children);
    }
  };
  check(tree);
  const choices = new Map([...sources].flatMap(([i, n]) => (n.choices ? [[i, n.choices] as const] : [])));
  return { text: render(tree), defaults, choices, variables };
}

// --- What a shipped stage must not be ---

/** Images that carry a compiler or build tool: fine to build in, never to ship. */
function isToolchainImage(repository: string, tag: string): boolean {
  const t = tag.toLowerCase();
  switch (repository) {
    case 'golang':
    case 'rust':
    case 'maven':
    case 'gradle':
    case 'openjdk':
    case 'buildpack-deps':
    case 'gcc':
      return true;
    case 'eclipse-temurin':
    case 'amazoncorretto':
    case 'ibm-semeru-runtimes':
      return !t.includes('jre');
    case 'node':
    case 'python':
    case 'ruby':
      // The default variants are built on buildpack-deps (gcc, make, headers); -slim and -alpine are not.
      return !/slim|alpine/.test(t);
    default:
      return false;
  }
}

/** The stages a stage is built FROM, root first, ending with the stage itself. */
function chain(stages: readonly Stage[], stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.baseStage === undefined ? undefined : stages[s.baseStage])
    out.unshift(s);
  return out;
}

/** The user the image runs as: the last USER of the stage or what it inherits, else the base image's default. */
function effectiveUser(stages: readonly Stage[], stage: Stage): string | undefined {
  const line = chain(stages, stage);
  let user: string | undefined;
  for (const s of line)
    for (const i of s.instructions) if (i.keyword === 'USER') user = i.argsText.trim().split(/\s+/)[0];
  if (user !== undefined) return user;
  const first = line[0]!;
  if (first.isScratch) return undefined;
  return first.base
    ? imageFacts(canonicalImageName(first.base.registry, first.base.repository), first.base.tag).defaultUser
    : undefined;
}

// --- The tests ---

const raw = readFileSync(SNIPPETS_FILE, 'utf8');
const snippets = JSON.parse(raw) as Record<string, Snippet>;
const prefixesOf = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const CATEGORY = new Map(RULES.map((r) => [r.meta.id, r.meta.category]));

function check(name: string, text: string): Analysis {
  // The snippets assume a .dockerignore (their comments say so): missing-dockerignore is about the
  // project, not the snippet.
  const analysis = analyze(text, { environment: { hasDockerignore: true } });
  assert.deepEqual(analysis.failures, [], 'no rule throws');
  const problems = analysis.findings
    .filter((f) => {
      if (f.ruleId.startsWith('syntax-') || f.ruleId === 'unknown-rule-id') return true;
      const category = CATEGORY.get(f.ruleId);
      return (category === 'size' || category === 'security') && !(`${name}::${f.ruleId}` in ALLOWED);
    })
    .map((f) => `${f.ruleId} (line ${f.range.start.line + 1}): ${f.message}`);
  assert.deepEqual(problems, [], `${name}:\n${text}`);
  return analysis;
}

describe('snippet expansion (VS Code syntax)', () => {
  it('fills tab stops with their defaults, first choices and mirrors; removes $0', () => {
    const r = expandSnippet('FROM node:${1|24,22|}-alpine\nFROM node:$1\n${2:a ${3:b}} $3 ${4} $0');
    assert.equal(r.text, 'FROM node:24-alpine\nFROM node:24\na b b  ');
    assert.deepEqual(
      [...r.defaults],
      [
        [1, '24'],
        [2, 'a b'],
        [3, 'b'],
      ],
    );
  });
  it('lists choices and expands another option on request', () => {
    const r = expandSnippet(
      'FROM python:${1|3.13,3.12|}-slim AS b\nFROM python:$1-slim',
      new Map([[1, '3.12']]),
    );
    assert.equal(r.text, 'FROM python:3.12-slim AS b\nFROM python:3.12-slim');
    assert.deepEqual([...r.choices], [[1, ['3.13', '3.12']]]);
  });
  it('handles escapes and literal dollars', () => {
    assert.equal(
      expandSnippet('ENV P="\\$PATH" \\} \\\\ $( x ${1:a\\}b} \\n').text,
      'ENV P="$PATH" } \\ $( x a}b \\n',
    );
    assert.equal(expandSnippet('${1|a\\,b,c|}').text, 'a,b');
    assert.equal(expandSnippet('${1:unclosed').text, '${1:unclosed');
  });
  it('reports variables (an unescaped $NAME is a snippet variable, not a Dockerfile one)', () => {
    assert.deepEqual(expandSnippet('ENV PATH=$PATH ${HOME:x}').variables, ['PATH', 'HOME']);
  });
  it('rejects two different defaults for one tab stop', () => {
    assert.throws(() => expandSnippet('${1:a} ${1:b}'), /two defaults/);
  });
});

describe('snippets/dockerfile.json', () => {
  it('is valid JSON with unique names, prefixes and non-empty descriptions and bodies', () => {
    const names = Object.keys(snippets);
    assert.ok(names.length >= 15, `${names.length} snippets`);
    // JSON.parse keeps the last of two equal keys silently: count the keys in the text.
    const keys = [...raw.matchAll(/^ {2}"([^"]+)": \{$/gm)].map((m) => m[1]);
    assert.deepEqual(keys, names, 'no duplicate snippet names');
    const seen = new Map<string, string>();
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(
        typeof s.description === 'string' && s.description.trim().length > 10,
        `${name}: description`,
      );
      assert.ok(bodyOf(s).trim().length > 0, `${name}: body`);
      const prefixes = prefixesOf(s);
      assert.ok(prefixes.length > 0, `${name}: prefix`);
      for (const p of prefixes) {
        assert.match(p, /^[a-z][a-z0-9-]*$/, `${name}: prefix "${p}"`);
        assert.ok(!seen.has(p), `prefix "${p}" of ${name} is also used by ${seen.get(p)}`);
        seen.set(p, name);
      }
    }
  });

  it('is contributed for the dockerfile language', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { snippets: { language: string; path: string }[] };
    };
    const entry = pkg.contributes.snippets.find((s) => s.language === 'dockerfile');
    assert.ok(entry);
    assert.equal(path.resolve(root, entry.path), SNIPPETS_FILE);
  });

  it('has every prefix in the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = /^## Snippets$([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
    assert.ok(section, 'README has a "## Snippets" section');
    for (const s of Object.values(snippets))
      for (const p of prefixesOf(s)) assert.ok(section.includes(`\`${p}\``), `README lists \`${p}\``);
  });

  it('declares a context for fragments only', () => {
    for (const name of Object.keys(FRAGMENT_CONTEXT))
      assert.ok(snippets[name], `FRAGMENT_CONTEXT names ${name}`);
  });

  it('names only snippets and rules that exist in the allow-list', () => {
    for (const key of Object.keys(ALLOWED)) {
      const [name, rule] = key.split('::');
      assert.ok(name && snippets[name], `ALLOWED: unknown snippet in ${key}`);
      assert.ok(rule && CATEGORY.has(rule), `ALLOWED: unknown rule in ${key}`);
    }
  });
});

for (const [name, snippet] of Object.entries(snippets)) {
  describe(`snippet "${name}" (${prefixesOf(snippet).join(', ')})`, () => {
    const expanded = expandSnippet(bodyOf(snippet));
    const isTemplate = /^FROM\s/im.test(expanded.text);
    // The defaults, then every other option of each choice (`${1|24,22|}`), one at a time.
    const variants = [
      { label: 'defaults', text: expanded.text },
      ...[...expanded.choices].flatMap(([index, options]) =>
        options.slice(1).map((option) => ({
          label: `tab stop ${index} = ${option}`,
          text: expandSnippet(bodyOf(snippet), new Map([[index, option]])).text,
        })),
      ),
    ];

    it('expands without snippet variables (a Dockerfile $ must be written \\$)', () => {
      assert.deepEqual(expanded.variables, []);
      assert.ok(!/\$\{?\d/.test(expanded.text), 'no tab stop left over');
    });

    for (const { label, text } of variants) {
      if (isTemplate) {
        it(`is a multi-stage template whose shipped stage is lean and not root (${label})`, () => {
          assert.ok(!(name in FRAGMENT_CONTEXT), 'a template needs no context');
          const analysis = check(name, text);
          const { stages } = analysis.model;
          assert.ok(stages.length >= 2, `${stages.length} stage(s)`);
          for (const stage of stages) {
            const base = stage.base;
            if (stage.isScratch || stage.baseStage !== undefined || !base) continue;
            assert.ok(base.tag && base.tag !== 'latest', `FROM ${base.raw}: a pinned tag`);
          }
          for (const index of analysis.shipped) {
            const stage = stages[index]!;
            if (stage.isScratch || stage.baseStage !== undefined || !stage.base) continue;
            const repository = canonicalImageName(stage.base.registry, stage.base.repository);
            assert.ok(
              !isToolchainImage(repository, stage.base.tag ?? ''),
              `shipped stage ${index + 1} is built on the toolchain image ${stage.base.raw}`,
            );
          }
          const last = stages.at(-1)!;
          const user = effectiveUser(stages, last);
          assert.ok(
            user !== undefined && !/^(root|0)(:|$)/.test(user),
            `the shipped stage runs as ${user ?? 'root'}`,
          );
          for (const i of analysis.model.instructions)
            if (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
              assert.ok(i.execForm, `${i.keyword} in exec form: ${i.argsText}`);
        });
      } else {
        it(`is clean inside its declared context (${label})`, () => {
          const context = FRAGMENT_CONTEXT[name];
          assert.ok(context, `a fragment needs an entry in FRAGMENT_CONTEXT`);
          check(name, `${context.before}${text}\n${context.after}`);
        });
      }
    }
  });
}
