#!/usr/bin/env node
// Writes syntaxes/dockerfile.tmLanguage.json, the TextMate grammar for Dockerfiles (scope
// source.dockerfile), from the rules below. Edit this file, never the JSON:
//   node scripts/build-grammar.mjs           rewrite the grammar
//   node scripts/build-grammar.mjs --check   exit 1 when the committed grammar is out of date
//
// Why generated: every instruction can continue on the next line with the escape character, which
// is `\` unless a `# escape=`` ` parser directive changes it to a backtick. TextMate has no state
// besides its rule stack, so the grammar holds two copies of the instruction rules (suffix `-bt`
// for the backtick ones), entered through different parser-directive rules.
//
// What TextMate can and cannot do here (see test/grammar/fixtures for what is checked):
// - Parser directives are recognised only in the block that starts on the first line (`\A`).
// - Shell-form RUN/CMD/ENTRYPOINT bodies are embedded `source.shell`, one physical line at a time
//   (capture re-tokenization), so an unbalanced quote never spills into the next instruction. The
//   price: a quoted string that spans continuation lines is highlighted per line.
// - Heredoc bodies are begin/while rules: they end at the delimiter line whatever the embedded shell
//   grammar left open. Bodies of `RUN <<EOF` (or `RUN <<EOF bash`) are shell; bodies of other
//   commands (`RUN python3 <<EOF`) and of COPY/ADD are text. One heredoc per instruction.
// - In backtick mode (Windows images: cmd or PowerShell), RUN bodies are not embedded as shell.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'syntaxes/dockerfile.tmLanguage.json');

const KEYWORD = 'keyword.other.special-method.dockerfile';
const inc = (name) => ({ include: name });
const scope = (name) => ({ name });

/** Names of the known parser directives (BuildKit stops reading directives at anything else). */
const DIRECTIVE_NAMES = '(?i:syntax|escape|check)';
const DIRECTIVE_AHEAD = String.raw`#[ \t]*${DIRECTIVE_NAMES}[ \t]*=`;
/** A heredoc delimiter word, optionally quoted with the same quote on both sides. */
const HEREDOC_WORD = String.raw`[A-Za-z_][\w.-]*`;
/** `<<` that starts a heredoc, not a here-string (`<<<`). */
const HEREDOC_OP = String.raw`(?<!<)<<`;
const SHELL_PROGRAM = String.raw`(?:(?:/usr)?/bin/)?(?:ba|da|a|z|k)?sh\b`;

/** Shared rules: comments, pragmas, directives, exec-form arrays. */
function sharedRules() {
  const ruleIdList = {
    patterns: [
      { match: String.raw`[^,\s;]+`, name: 'constant.other.rule-id.dockerfile' },
      { match: ',', name: 'punctuation.separator.comma.dockerfile' },
    ],
  };
  const pragma = (tool, actions, valueList) => ({
    name: `meta.pragma.${tool}.dockerfile`,
    match: String.raw`\G[ \t]*(${tool})[ \t]+(${actions})[ \t]*(=)[ \t]*(\S*)`,
    captures: {
      1: scope('keyword.control.pragma.dockerfile'),
      2: scope('keyword.other.pragma.dockerfile'),
      3: scope('keyword.operator.assignment.dockerfile'),
      4: { patterns: [inc(valueList)] },
    },
  });
  const directiveCaptures = {
    1: scope('punctuation.definition.directive.dockerfile'),
    2: scope('keyword.control.directive.dockerfile'),
    3: scope('keyword.operator.assignment.dockerfile'),
    4: { name: 'string.unquoted.directive-value.dockerfile', patterns: [inc('#check-options')] },
  };
  const jsonString = {
    name: 'string.quoted.double.dockerfile',
    begin: '"',
    beginCaptures: { 0: scope('punctuation.definition.string.begin.dockerfile') },
    end: '"',
    endCaptures: { 0: scope('punctuation.definition.string.end.dockerfile') },
    patterns: [
      { match: String.raw`\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})`, name: 'constant.character.escaped.dockerfile' },
    ],
  };
  const jsonStringSource = String.raw`"(?:[^"\\]|\\.)*"`;
  return {
    // Parser directives: only in the block of `# name=value` lines that starts the file.
    directives: {
      begin: String.raw`\A(?=${DIRECTIVE_AHEAD})`,
      end: String.raw`^(?!${DIRECTIVE_AHEAD})`,
      patterns: [inc('#directive-escape-backtick'), inc('#directive')],
    },
    directive: {
      name: 'meta.preprocessor.directive.dockerfile',
      match: String.raw`^(#)[ \t]*(${DIRECTIVE_NAMES})[ \t]*(=)[ \t]*(.*?)[ \t]*$`,
      captures: directiveCaptures,
    },
    // `# escape=`` ` switches the rest of the file to the backtick rules, for good.
    'directive-escape-backtick': {
      begin: String.raw`^(#)[ \t]*((?i:escape))[ \t]*(=)[ \t]*(` + '`' + String.raw`)[ \t]*$`,
      beginCaptures: {
        0: scope('meta.preprocessor.directive.dockerfile'),
        ...directiveCaptures,
        4: scope('string.unquoted.directive-value.dockerfile'),
      },
      end: '(?!)',
      patterns: [inc('#directive'), inc('#main-after-directives-bt')],
    },
    'main-after-directives-bt': {
      begin: String.raw`^(?!${DIRECTIVE_AHEAD})`,
      end: '(?!)',
      patterns: [inc('#main-bt')],
    },
    'check-options': {
      patterns: [
        {
          match: String.raw`\b((?i:skip))(=)([^;\s]*)`,
          captures: {
            1: scope('variable.parameter.check-option.dockerfile'),
            2: scope('keyword.operator.assignment.dockerfile'),
            3: { patterns: [inc('#rule-id-list')] },
          },
        },
        {
          match: String.raw`\b((?i:error))(=)((?i:true|false))\b`,
          captures: {
            1: scope('variable.parameter.check-option.dockerfile'),
            2: scope('keyword.operator.assignment.dockerfile'),
            3: scope('constant.language.boolean.dockerfile'),
          },
        },
        { match: ';', name: 'punctuation.separator.semicolon.dockerfile' },
      ],
    },
    // A comment line, also between the continuation lines of an instruction (it takes its newline,
    // so the instruction goes on). Pragmas are read anywhere in the file, like the engine does.
    comment: {
      name: 'comment.line.number-sign.dockerfile',
      begin: String.raw`^([ \t]*)(#)`,
      beginCaptures: {
        1: scope('punctuation.whitespace.comment.leading.dockerfile'),
        2: scope('punctuation.definition.comment.dockerfile'),
      },
      end: String.raw`\n`,
      patterns: [inc('#pragma')],
    },
    pragma: {
      patterns: [
        pragma('lean-dockerfile', 'ignore-file|ignore', '#rule-id-list'),
        pragma('lean-dockerfile', 'target', '#stage-name-list'),
        pragma('hadolint', String.raw`global[ \t]+ignore|ignore`, '#rule-id-list'),
      ],
    },
    'rule-id-list': ruleIdList,
    'stage-name-list': {
      patterns: [
        { match: String.raw`[^,\s]+`, name: 'entity.name.type.stage.dockerfile' },
        { match: ',', name: 'punctuation.separator.comma.dockerfile' },
      ],
    },
    // `["executable", "arg"]`: only when the rest of the line is a JSON string array, as BuildKit
    // decides (anything else is shell form).
    'exec-form': {
      name: 'meta.array.exec-form.dockerfile',
      begin: String.raw`(\[)(?=[ \t]*(?:${jsonStringSource}[ \t]*(?:,[ \t]*${jsonStringSource}[ \t]*)*)?\][ \t]*$)`,
      beginCaptures: { 1: scope('punctuation.definition.array.begin.dockerfile') },
      end: String.raw`\]`,
      endCaptures: { 0: scope('punctuation.definition.array.end.dockerfile') },
      patterns: [jsonString, { match: ',', name: 'punctuation.separator.array.dockerfile' }],
    },
    'string-single': {
      name: 'string.quoted.single.dockerfile',
      begin: "'",
      beginCaptures: { 0: scope('punctuation.definition.string.begin.dockerfile') },
      end: String.raw`'|(?=\n)`,
      endCaptures: { 0: scope('punctuation.definition.string.end.dockerfile') },
    },
  };
}

/** The instruction rules for one escape character: `\` (suffix '') or a backtick (suffix '-bt'). */
function modeRules(backtick) {
  const s = backtick ? '-bt' : '';
  const E = backtick ? '`' : String.raw`\\`; // the escape character, as regex source
  const shell = !backtick;
  const ref = (name) => inc(`#${name}${s}`);

  const shellLine = shell
    ? { name: 'meta.embedded.line.shell', patterns: [inc('source.shell')] }
    : { patterns: [inc(`#string-double${s}`), inc('#string-single'), inc(`#variable${s}`)] };
  const pathLine = { patterns: [inc(`#string-double${s}`), inc('#string-single'), inc(`#variable${s}`)] };
  const continuationCapture = scope('punctuation.separator.continuation.line.dockerfile');

  /** An instruction: keyword at the start of a line (or after ONBUILD), up to a line end without continuation. */
  const instruction = (name, keywords, patterns) => ({
    name: `meta.instruction.${name}.dockerfile`,
    begin: String.raw`(?:^|\G)[ \t]*((?i:${keywords}))(?=[ \t]|${E}|$)`,
    beginCaptures: { 1: scope(KEYWORD) },
    end: String.raw`(?=\n)`,
    patterns: [ref('continuation'), inc('#comment'), ...patterns],
  });

  /**
   * A heredoc body, from its `<<WORD` to the line holding only WORD (tabs allowed before it with
   * `<<-`): a while rule, so that whatever an embedded grammar left open is closed there.
   */
  const heredocBody = (dash, firstLine, body) => ({
    // The marker and the rest of its line (arguments, redirections, a destination path).
    begin: String.raw`(${HEREDOC_OP}${dash ? '-' : ''})(["']?)(${HEREDOC_WORD})(\2)([^\n]*)`,
    beginCaptures: {
      1: scope('keyword.operator.heredoc.dockerfile'),
      2: scope('punctuation.definition.heredoc.quote.dockerfile'),
      3: scope('entity.name.tag.heredoc.dockerfile'),
      4: scope('punctuation.definition.heredoc.quote.dockerfile'),
      5: firstLine,
    },
    while: dash ? String.raw`^(?!\t*\3$)` : String.raw`^(?!\3$)`,
    contentName: body.name,
    patterns: body.patterns,
  });
  /** Around a heredoc: the text before its marker, the body, and the delimiter line that closes it. */
  const heredoc = (lookahead, before, firstLine, body) => ({
    begin: lookahead,
    end: String.raw`^(\t*)(${HEREDOC_WORD})$`,
    endCaptures: { 2: scope('entity.name.tag.heredoc.dockerfile') },
    patterns: [
      heredocBody(true, firstLine, body),
      heredocBody(false, firstLine, body),
      {
        match: String.raw`((?:(?!${HEREDOC_OP}-?["']?[A-Za-z_])[^\n])+)`,
        captures: { 1: before },
      },
    ],
  });
  const anyHeredocAhead = String.raw`(?=\S)(?=[^\n]*?${HEREDOC_OP}-?(["']?)${HEREDOC_WORD}\1)`;
  const textBody = { name: 'string.unquoted.heredoc.dockerfile', patterns: [] };
  const shellBody = shell
    ? {
        name: 'meta.embedded.block.shell',
        patterns: [
          inc('source.shell'),
          // vscode-textmate drops a rule whose only patterns come from a grammar that is not
          // installed; this never-matching pattern keeps the heredoc rule without the shell grammar.
          { comment: 'keeps this rule when source.shell is missing', match: '(?!)' },
        ],
      }
    : textBody;

  /** Shell form, one physical line at a time (see the header). */
  const shellForm = (heredocs) => ({
    begin: String.raw`(?=\S)`,
    end: String.raw`(?=\n)`,
    patterns: [
      inc('#comment'),
      ...heredocs,
      {
        match: String.raw`([^\n]*?)(${E})[ \t]*\n`,
        captures: { 1: shellLine, 2: continuationCapture },
      },
      { match: String.raw`([^\n]+)`, captures: { 1: shellLine } },
    ],
  });

  const generic = (name, keywords, extra = []) =>
    instruction(name, keywords, [
      ...extra,
      inc('#exec-form'),
      ref('string-double'),
      inc('#string-single'),
      ref('variable'),
    ]);

  const instructionNames = [
    'from',
    'run',
    'cmd',
    'entrypoint',
    'shell',
    'healthcheck',
    'copy',
    'add',
    'env',
    'arg',
    'label',
    'expose',
    'user',
    'workdir',
    'volume',
    'stopsignal',
    'maintainer',
  ];

  return {
    [`main${s}`]: {
      patterns: [inc('#comment'), ref('onbuild'), ...instructionNames.map((n) => ref(`instruction-${n}`))],
    },
    [`continuation${s}`]: {
      match: String.raw`(${E})[ \t]*\n`,
      captures: { 1: continuationCapture },
    },
    [`variable${s}`]: {
      patterns: [
        { match: String.raw`${E}\$`, name: 'constant.character.escaped.dockerfile' },
        {
          name: 'variable.other.dockerfile',
          match: String.raw`(\$\{)([A-Za-z_]\w*)(?:(:?[-+?])([^}]*))?(\})`,
          captures: {
            1: scope('punctuation.definition.variable.begin.dockerfile'),
            3: scope('keyword.operator.substitution.dockerfile'),
            5: scope('punctuation.definition.variable.end.dockerfile'),
          },
        },
        {
          name: 'variable.other.dockerfile',
          match: String.raw`(\$)[A-Za-z_]\w*`,
          captures: { 1: scope('punctuation.definition.variable.dockerfile') },
        },
      ],
    },
    [`string-double${s}`]: {
      name: 'string.quoted.double.dockerfile',
      begin: '"',
      beginCaptures: { 0: scope('punctuation.definition.string.begin.dockerfile') },
      end: String.raw`"|(?=\n)`,
      endCaptures: { 0: scope('punctuation.definition.string.end.dockerfile') },
      patterns: [
        ref('continuation'),
        { match: String.raw`${E}.`, name: 'constant.character.escaped.dockerfile' },
        ref('variable'),
      ],
    },
    // `--name` or `--name=value` before the arguments of FROM, RUN, COPY, ADD, HEALTHCHECK.
    [`flag${s}`]: {
      patterns: [
        {
          name: 'meta.flag.mount.dockerfile',
          match: String.raw`(?:^|(?<=[ \t]))(--)((?i:mount))(=)((?:[^\s${E}]|${E}(?![ \t]*$))*)`,
          captures: {
            1: scope('punctuation.definition.flag.dockerfile'),
            2: scope('variable.parameter.flag.dockerfile'),
            3: scope('keyword.operator.assignment.dockerfile'),
            4: { patterns: [ref('mount-options')] },
          },
        },
        {
          name: 'meta.flag.dockerfile',
          match: String.raw`(?:^|(?<=[ \t]))(--)([A-Za-z][\w-]*)(?:(=)((?:[^\s${E}]|${E}(?![ \t]*$))*))?`,
          captures: {
            1: scope('punctuation.definition.flag.dockerfile'),
            2: scope('variable.parameter.flag.dockerfile'),
            3: scope('keyword.operator.assignment.dockerfile'),
            4: { name: 'string.unquoted.flag-value.dockerfile', patterns: [ref('variable')] },
          },
        },
      ],
    },
    // `type=cache,target=/root/.cache,sharing=locked`, `type=secret,id=npmrc`, `type=bind,ro`.
    [`mount-options${s}`]: {
      patterns: [
        {
          match: String.raw`\b(type)(=)(cache|bind|secret|ssh|tmpfs)\b`,
          captures: {
            1: scope('entity.other.attribute-name.mount.dockerfile'),
            2: scope('keyword.operator.assignment.dockerfile'),
            3: scope('constant.language.mount-type.dockerfile'),
          },
        },
        {
          match: String.raw`([A-Za-z][\w-]*)(=)([^,\s]*)`,
          captures: {
            1: scope('entity.other.attribute-name.mount.dockerfile'),
            2: scope('keyword.operator.assignment.dockerfile'),
            3: { name: 'string.unquoted.mount-value.dockerfile', patterns: [ref('variable')] },
          },
        },
        { match: String.raw`[A-Za-z][\w-]*`, name: 'entity.other.attribute-name.mount.dockerfile' },
        { match: ',', name: 'punctuation.separator.comma.dockerfile' },
      ],
    },
    [`onbuild${s}`]: {
      name: 'meta.instruction.onbuild.dockerfile',
      begin: String.raw`^[ \t]*((?i:ONBUILD))(?=[ \t]|${E}|$)`,
      beginCaptures: { 1: scope('keyword.control.dockerfile') },
      end: String.raw`(?=\n)`,
      patterns: [ref('continuation'), ...instructionNames.map((n) => ref(`instruction-${n}`))],
    },
    [`instruction-from${s}`]: instruction('from', 'FROM', [
      ref('flag'),
      {
        match: String.raw`(?<=[ \t])((?i:AS))[ \t]+([^\s${E}]+)`,
        captures: { 1: scope(KEYWORD), 2: scope('entity.name.type.stage.dockerfile') },
      },
      ref('variable'),
      { match: String.raw`[^\s$${E}]+`, name: 'entity.name.type.image.dockerfile' },
    ]),
    [`instruction-run${s}`]: instruction('run', 'RUN', [
      ref('flag'),
      inc('#exec-form'),
      shellForm([
        // `RUN <<EOF` or `RUN <<EOF bash -e`: the body is a shell script.
        heredoc(
          String.raw`(?=${HEREDOC_OP}-?(["']?)${HEREDOC_WORD}\1(?:[ \t]+${SHELL_PROGRAM}[^\n]*)?[ \t]*$)`,
          shellLine,
          shellLine,
          shellBody,
        ),
        // `RUN python3 <<EOF`, `RUN cat <<EOF > /etc/app.conf`: the body is the command's input.
        heredoc(anyHeredocAhead, shellLine, shellLine, textBody),
      ]),
    ]),
    [`instruction-cmd${s}`]: instruction('cmd', 'CMD', [inc('#exec-form'), shellForm([])]),
    [`instruction-entrypoint${s}`]: instruction('entrypoint', 'ENTRYPOINT', [
      inc('#exec-form'),
      shellForm([]),
    ]),
    [`instruction-shell${s}`]: instruction('shell', 'SHELL', [inc('#exec-form')]),
    [`instruction-healthcheck${s}`]: instruction('healthcheck', 'HEALTHCHECK', [
      ref('flag'),
      { match: String.raw`(?<=[ \t])((?i:NONE))\b`, captures: { 1: scope('constant.language.dockerfile') } },
      { match: String.raw`(?<=[ \t])((?i:CMD))(?=[ \t]|${E}|$)`, captures: { 1: scope(KEYWORD) } },
      inc('#exec-form'),
      shellForm([]),
    ]),
    ...Object.fromEntries(
      ['copy', 'add'].map((name) => [
        `instruction-${name}${s}`,
        instruction(name, name.toUpperCase(), [
          ref('flag'),
          // `COPY <<EOF /etc/app.conf`: the body is the file's content.
          heredoc(anyHeredocAhead, pathLine, pathLine, textBody),
          inc('#exec-form'),
          ref('string-double'),
          inc('#string-single'),
          ref('variable'),
        ]),
      ]),
    ),
    ...Object.fromEntries(
      [
        ['env', 'entity.name.variable.dockerfile'],
        ['arg', 'entity.name.variable.dockerfile'],
        ['label', 'entity.other.attribute-name.label.dockerfile'],
      ].map(([name, keyScope]) => [
        `instruction-${name}${s}`,
        instruction(name, name.toUpperCase(), [
          {
            // `KEY=value`; ARG also declares without a default (`ARG NAME`).
            match:
              name === 'arg'
                ? String.raw`(?<=[ \t])([A-Za-z_][\w]*)(=)?`
                : String.raw`(?<=[ \t])([A-Za-z_][\w.-]*)(=)`,
            captures: { 1: scope(keyScope), 2: scope('keyword.operator.assignment.dockerfile') },
          },
          ref('string-double'),
          inc('#string-single'),
          ref('variable'),
        ]),
      ]),
    ),
    [`instruction-expose${s}`]: instruction('expose', 'EXPOSE', [
      ref('variable'),
      {
        match: String.raw`\b\d+(?:-\d+)?(?:/(?i:tcp|udp|sctp))?\b`,
        name: 'constant.numeric.port.dockerfile',
      },
    ]),
    [`instruction-user${s}`]: generic('user', 'USER'),
    [`instruction-workdir${s}`]: generic('workdir', 'WORKDIR'),
    [`instruction-volume${s}`]: generic('volume', 'VOLUME'),
    [`instruction-stopsignal${s}`]: generic('stopsignal', 'STOPSIGNAL'),
    [`instruction-maintainer${s}`]: generic('maintainer', 'MAINTAINER'),
  };
}

export function buildGrammar() {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    information_for_contributors: [
      'Generated by scripts/build-grammar.mjs: edit that file and run `node scripts/build-grammar.mjs`.',
      'Tests: test/grammar/fixtures/*.Dockerfile (vscode-tmgrammar-test), run by test/grammar/grammar.test.ts.',
    ],
    name: 'Dockerfile',
    scopeName: 'source.dockerfile',
    patterns: [inc('#directives'), inc('#main')],
    repository: { ...sharedRules(), ...modeRules(false), ...modeRules(true) },
  };
}

async function render() {
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(JSON.stringify(buildGrammar()), { ...options, filepath: target });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await render();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== text) {
      console.error(`${path.relative(root, target)} is out of date: run node scripts/build-grammar.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
  }
}
