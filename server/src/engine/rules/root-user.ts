import type { Instruction, Model, Stage } from '../model/types';
import type { ImageFacts } from '../size/baseImages';
import { runPipelines } from '../shell/pipelines';
import {
  PRIVILEGE_DROPPING_IMAGES,
  baseImageUser,
  chainInstructions,
  copyArguments,
  definesCommand,
  expandAt,
  instructionWords,
  isRootUser,
  rootIsScratch,
  shippedLeaves,
  stageChain,
} from './lib/security';
import type { Rule } from './types';
import { addUserFixes } from '../fixes/addUser';
import { rootImageFacts } from '../stageFacts';
import { stageOfFinding } from './lib/fixStage';

// Programs an entrypoint uses to step down from root to another user.
const PRIVILEGE_DROPPERS = /(^|\/)(gosu|su-exec|setpriv|runuser)$/;

/**
 * A shipped stage that runs as root gives any code execution in the container root inside it; with a
 * kernel or runtime flaw, or a host mount, that is root on the host.
 */
export const rootUser: Rule = {
  meta: {
    id: 'root-user',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3002', 'DS002', 'CKV_DOCKER_3', 'CKV_DOCKER_8'],
    description: 'A shipped stage runs as root.',
    fixable: 'suggestion',
    shippedOnly: true,
  },
  check({ model, shipped, imageFacts, report }) {
    const reported = new Set<number>();
    for (const stage of shippedLeaves(model, shipped)) {
      const facts = imageFacts(stage);
      if (facts.family === 'windows') continue;
      // A scratch stage without CMD/ENTRYPOINT only exports files (`--output`): nothing runs in it.
      if (rootIsScratch(model, stage) && !definesCommand(model, stage)) continue;
      const user = lastUser(model, stage);
      if (user) {
        const written = instructionWords(model, user)[0]?.value ?? '';
        const { value, unresolved } = expandAt(model, user, written);
        if (unresolved || !isRootUser(value)) continue;
        if (reported.has(user.index) || dropsPrivileges(model, stage)) continue;
        reported.add(user.index);
        report({
          range: user.argsRange ?? user.range,
          message: `The image runs as root: \`USER ${written}\` is the last USER of the shipped stage${stageLabel(stage)}. Switch to an unprivileged user after the steps that need root.`,
          // For the planned "Add USER" fixes: the stage whose user to change.
          data: { stage: stage.index },
        });
        continue;
      }
      const base = baseImageUser(facts);
      const root = base.user === undefined ? base.normalDistro : isRootUser(base.user);
      if (!root) continue;
      const rootImage = stageChain(model, stage).at(-1)!;
      // Base and toolbox images (default command a shell or REPL) leave the user to the images built on them.
      if (!rootImage.isScratch && !runsApplication(model, stage, facts)) continue;
      if (dropsPrivileges(model, stage)) continue;
      if (PRIVILEGE_DROPPING_IMAGES.has(facts.image) && !setsEntrypoint(model, stage)) continue;
      if (reported.has(stage.from.index)) continue;
      reported.add(stage.from.index);
      const image = rootImage.isScratch ? 'scratch' : `\`${rootImage.base?.resolved ?? facts.image}\``;
      const hint = userHint(facts.image, facts.family);
      report({
        range: stage.from.range,
        message: `The image runs as root: no USER is set${stage.rawName ? ` in stage \`${stage.rawName}\`` : ''} and ${image} runs as root by default.${hint}`,
        data: { stage: stage.index },
      });
    }
  },
  fix(finding, { model }) {
    const stage = stageOfFinding(model, finding);
    return stage ? addUserFixes(model, stage, rootImageFacts(model.stages, stage)) : [];
  },
};

function stageLabel(stage: Stage): string {
  return stage.rawName ? ` \`${stage.rawName}\`` : '';
}

/** The last USER instruction of the stage or of the stages it is built FROM. */
function lastUser(model: Model, stage: Stage): Instruction | undefined {
  return chainInstructions(model, stage)
    .filter((i) => i.keyword === 'USER')
    .at(-1);
}

// Default commands that open an interactive shell or language REPL: the image is a base or a toolbox.
const INTERACTIVE =
  /^(sh|bash|ash|dash|zsh|fish|ksh|python[\d.]*|pypy[\d.]*|node|irb|jshell|php|ghci|iex|erl|R|julia|pwsh|powershell|cmd|swift|clojure|lein|perl|ruby)(\.exe)?$/i;
// ENTRYPOINTs that only start the command they are given: init processes and entrypoint scripts.
const INIT = /^(tini(-static)?|dumb-init|catatonit|init)$/i;
const WRAPPER = /entrypoint/i;
// Images whose own default command is a shell or REPL (or nothing): bases for other images. Matched
// on the last part of the name, so mirrors and architecture prefixes (`mirror.gcr.io/busybox`,
// `amd64/alpine`, `registry.fedoraproject.org/fedora`) count too.
const BASE_IMAGE_NAMES =
  /^(alpine|debian|ubuntu|busybox|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|archlinux|leap|tumbleweed|python|pypy|node|ruby|golang|rust|eclipse-temurin|openjdk|amazoncorretto|ibm-semeru-runtimes|sapmachine|buildpack-deps|perl|erlang|elixir|haskell|julia|r-base|gcc|clojure|maven|gradle|swift|bash|docker|wolfi-base|chainguard-base|ubi\d*(-minimal|-micro|-init)?)$/;
const BASE_IMAGE_PATHS = /^mcr\.microsoft\.com\/dotnet\/(sdk|runtime|runtime-deps|aspnet)$/;

/** The words of a CMD or ENTRYPOINT (exec form, or the shell form's first command). */
function commandWords(model: Model, instruction: Instruction): string[] {
  if (instruction.execForm) return instruction.execForm;
  const first = instruction.shell?.commands[0];
  if (!first?.name) return [];
  return [first.name.value, ...first.args.map((a) => a.value)];
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** A shell or REPL with options only (`bash`, `python3`, `php -a`), not `sh -c "…"` or `python app.py`. */
function isInteractive(words: string[]): boolean {
  const [program, ...args] = words;
  if (!program || !INTERACTIVE.test(baseName(program))) return false;
  // Options only: `-i`, `-l`, `php -a`; not a program given inline (`-c`, `-e`, `-m`, `-r`).
  return args.every((a) => a.startsWith('-') && !/^-[a-z]*[ceEmr]$/.test(a));
}

/**
 * Whether the stage's default command runs a program (a server, an app) rather than a shell or REPL.
 * Without CMD/ENTRYPOINT of its own the stage keeps its base image's command.
 */
function runsApplication(model: Model, stage: Stage, facts: ImageFacts): boolean {
  const instructions = chainInstructions(model, stage);
  const cmd = instructions.filter((i) => i.keyword === 'CMD').at(-1);
  const entrypoint = instructions.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  const entryWords = entrypoint ? commandWords(model, entrypoint) : [];
  const entryName = baseName(entryWords[0] ?? '');
  const onlyOptions = entryWords.slice(1).every((a) => a.startsWith('-'));
  const init = INIT.test(entryName) && onlyOptions;
  const script = WRAPPER.test(entryName) && onlyOptions;
  if (entrypoint && entryWords.length > 0 && !init && !script) return true;
  if (cmd) {
    const words = commandWords(model, cmd);
    // `CMD []` behind an entrypoint script: the script decides (docker:dind starts dockerd).
    if (words.length === 0) return entrypoint !== undefined;
    return !isInteractive(words);
  }
  // An entrypoint script without CMD starts the application when the image brings one; an init
  // process or a script alone (Temurin's `__cacert_entrypoint.sh`, s6 `/init`) runs whatever derived
  // images put in CMD: the image is a base.
  if (script) return bringsApplicationFiles(model, stage);
  if (init) return false;
  const tag = (facts.tag ?? '').toLowerCase();
  if (facts.image === 'php' && /apache|fpm/.test(tag)) return true;
  const last = facts.image.slice(facts.image.lastIndexOf('/') + 1);
  const base = BASE_IMAGE_NAMES.test(last) || BASE_IMAGE_PATHS.test(facts.image);
  return !base && facts.family !== 'distroless';
}

/** COPY/ADD of something other than scripts (`COPY . /app`, a binary from a build stage). */
function bringsApplicationFiles(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some((i) => {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') return false;
    const { sources } = copyArguments(model, i);
    return sources.some((w) => !/(\.sh|entrypoint[^/]*)$/i.test(w.value));
  });
}

function setsEntrypoint(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some((i) => i.keyword === 'ENTRYPOINT');
}

/**
 * Images built to start as root and step down in their entrypoint install gosu or su-exec, or call
 * gosu/su-exec/setpriv/runuser in CMD or ENTRYPOINT.
 */
function dropsPrivileges(model: Model, stage: Stage): boolean {
  for (const instruction of chainInstructions(model, stage)) {
    if (instruction.keyword === 'ENV') {
      if (/^\s*(GOSU|SU_EXEC)_VERSION\b/i.test(instruction.argsText)) return true;
      continue;
    }
    if (
      instruction.keyword !== 'RUN' &&
      instruction.keyword !== 'CMD' &&
      instruction.keyword !== 'ENTRYPOINT'
    )
      continue;
    if (instruction.execForm?.some((w) => PRIVILEGE_DROPPERS.test(w))) return true;
    for (const pipeline of runPipelines(instruction)) {
      for (const inv of pipeline) {
        if (PRIVILEGE_DROPPERS.test(inv.program)) return true;
        if (instruction.keyword !== 'RUN') continue;
        // Installed as a package (`apk add su-exec`, `apt-get install gosu`) or downloaded to a path.
        if (inv.args.some((a) => /^(gosu|su-exec)$/.test(a.value) || /\/(gosu|su-exec)$/.test(a.value)))
          return true;
      }
    }
  }
  return false;
}

function userHint(image: string, family: string): string {
  if (image === 'node' || image.endsWith('/node'))
    return ' The node images have a `node` user: add `USER node`.';
  if (image.startsWith('mcr.microsoft.com/dotnet/'))
    return ' .NET 8 and later images have an `app` user: add `USER $APP_UID`.';
  if (family === 'scratch') return ' Add `USER 65532:65532` (any non-zero uid works in scratch).';
  if (family === 'distroless') return ' Use the `:nonroot` tag, or add `USER 65532:65532`.';
  if (family === 'alpine' || family === 'busybox')
    return ' Create a user (`addgroup -S app && adduser -S -G app app`) and add `USER app`.';
  if (family === 'debian' || family === 'ubuntu' || family === 'rhel')
    return ' Create a user (`groupadd -r app && useradd -r -g app app`) and add `USER app`.';
  return ' Add a USER with a non-zero uid.';
}
