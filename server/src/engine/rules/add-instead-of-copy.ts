import type { Instruction, Model, TextEdit } from '../model/types';
import { runInvocations } from '../shell/query';
import { copyArguments, expandAt } from './lib/security';
import type { Rule } from './types';

// Local files ADD unpacks (tar, optionally compressed): there ADD does something COPY does not.
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz|lzma|z)$/i;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
// Git sources (BuildKit clones them): `https://…/repo.git#ref`, `git@host:org/repo`, `git://…`.
const GIT = /^(git@|git:\/\/|ssh:\/\/)|\.git\/?([#?].*)?$/i;
// Programs that check a download against a checksum or signature.
const VERIFIERS =
  /^(sha(1|224|256|384|512)sum|shasum|b3sum|gpg|gpgv|gpg2|cosign|minisign|signify|openssl|slsa-verifier|sigstore)$/;
// Flags ADD has and COPY does not.
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

type Kind = 'local' | 'archive' | 'url' | 'verified-url' | 'git' | 'unknown';

/**
 * ADD also downloads URLs and unpacks archives; for plain files that magic is a trap (a file that
 * happens to be a tarball gets unpacked), and a URL fetched by ADD without `--checksum` is not checked.
 */
export const addInsteadOfCopy: Rule = {
  meta: {
    id: 'add-instead-of-copy',
    category: 'security',
    severity: 'info',
    aliases: ['DL3020', 'DS005', 'CKV_DOCKER_4'],
    description: 'ADD of local files or folders that COPY would do, or of a URL without --checksum.',
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ADD') continue;
      const kinds = sourceKinds(model, instruction);
      if (kinds.length === 0 || kinds.includes('unknown')) continue;
      if (kinds.includes('url') && !verifiedLater(model, instruction)) {
        report({
          range: instruction.keywordRange,
          message:
            'ADD downloads this URL without checking what it gets. Add `--checksum=sha256:…` so the build fails on a changed file, or download and verify it in a RUN.',
        });
        continue;
      }
      if (kinds.includes('url') || !kinds.every((k) => k === 'local')) continue;
      report({
        range: instruction.keywordRange,
        message:
          'Use COPY for local files and folders: ADD also unpacks archives and fetches URLs, which these sources do not need, and COPY says what happens.',
        data: { fixable: true },
      });
    }
  },
  fix(finding, { model }) {
    if (finding.data?.fixable !== true) return [];
    const instruction = model.instructions.find(
      (i) =>
        i.keyword === 'ADD' &&
        i.keywordRange.start.line === finding.range.start.line &&
        i.keywordRange.start.character === finding.range.start.character,
    );
    if (!instruction) return [];
    return [
      {
        title: 'Replace ADD with COPY',
        kind: 'quickfix',
        isPreferred: true,
        edits: toCopyEdits(model, instruction),
      },
    ];
  },
};

function sourceKinds(model: Model, instruction: Instruction): Kind[] {
  const { sources, heredocs, destination } = copyArguments(model, instruction);
  if (!destination) return [];
  const kinds: Kind[] = Array.from({ length: heredocs }, () => 'local' as const);
  const verified = instruction.flags.some((f) => f.name === 'checksum' && f.value);
  for (const source of sources) {
    const { value, unresolved } = expandAt(model, instruction, source.value);
    if (unresolved || value === '') kinds.push('unknown');
    else if (GIT.test(value) && (URL.test(value) || value.startsWith('git@'))) kinds.push('git');
    else if (URL.test(value)) kinds.push(verified ? 'verified-url' : 'url');
    else if (ARCHIVE.test(value.replace(/\/+$/, ''))) kinds.push('archive');
    else kinds.push('local');
  }
  return kinds;
}

/** A later RUN of the stage checks the downloaded file (`sha256sum -c`, `gpg --verify`, `cosign verify-blob`). */
function verifiedLater(model: Model, instruction: Instruction): boolean {
  const { destination } = copyArguments(model, instruction);
  if (!destination) return false;
  const dest = expandAt(model, instruction, destination.value).value.replace(/\/+$/, '');
  const name = dest.slice(dest.lastIndexOf('/') + 1);
  if (!name || dest.endsWith('/')) return false;
  const stage = model.stages[instruction.stageIndex];
  return (stage?.instructions ?? []).some(
    (i) =>
      i.keyword === 'RUN' &&
      i.index > instruction.index &&
      i.argsText.includes(name) &&
      runInvocations(i).some((inv) => VERIFIERS.test(inv.program)),
  );
}

/** ADD → COPY in the keyword's casing, and ADD-only flags removed with the blanks after them. */
function toCopyEdits(model: Model, instruction: Instruction): TextEdit[] {
  const { positions, text } = model;
  const start = positions.offsetAt(instruction.keywordRange.start);
  const end = positions.offsetAt(instruction.keywordRange.end);
  const written = text.slice(start, end);
  const keyword =
    written === written.toUpperCase() ? 'COPY' : written === written.toLowerCase() ? 'copy' : 'Copy';
  const edits: TextEdit[] = [{ range: instruction.keywordRange, newText: keyword }];
  const flags = instruction.flags;
  flags.forEach((flag, i) => {
    if (!ADD_ONLY_FLAGS.has(flag.name)) return;
    const next = flags[i + 1]?.range.start ?? instruction.argsRange?.start;
    if (!next) return;
    edits.push({ range: { start: flag.range.start, end: next }, newText: '' });
  });
  return edits;
}
