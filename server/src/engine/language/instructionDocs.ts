// Documentation of the Dockerfile instructions, their flags, RUN mount options, parser directives and
// the arguments BuildKit predefines, written for this project. Hover, completion and signature help
// all read it, so every text lives in one place. Notes point at the lean and safe way where there is one.

export interface ValueDoc {
  value: string;
  summary: string;
}

export interface FlagDoc {
  /** Without the dashes: `mount`, `from`. */
  name: string;
  /** Placeholder of the value (`<platform>`); undefined for switches such as `--link`. */
  value?: string;
  summary: string;
  /** The values the flag accepts, when it is a fixed list. */
  values?: ValueDoc[];
}

export interface InstructionDoc {
  keyword: string;
  /** One line. */
  summary: string;
  /** The forms of the instruction. */
  syntax: string[];
  /** Markdown: what matters when using it. */
  details: string;
  flags: FlagDoc[];
  /** Why the instruction should no longer be used, for deprecated ones. */
  deprecated?: string;
}

export interface MountOptionDoc {
  key: string;
  /** Other spellings BuildKit accepts (`dst` for `target`). */
  aliases: string[];
  /** Placeholder of the value; undefined for switches (`readonly`). */
  value?: string;
  summary: string;
  values?: ValueDoc[];
  required?: boolean;
}

export interface MountTypeDoc {
  type: string;
  summary: string;
  options: MountOptionDoc[];
}

export interface DirectiveDoc {
  name: string;
  summary: string;
  values: ValueDoc[];
}

export interface BuiltinArgDoc {
  name: string;
  summary: string;
}

const REFERENCE = 'https://docs.docker.com/reference/dockerfile/';

/** The Dockerfile reference section of an instruction. */
export function referenceUrl(keyword: string): string {
  return `${REFERENCE}#${keyword.toLowerCase()}`;
}

const CHOWN: FlagDoc = {
  name: 'chown',
  value: '<user>:<group>',
  summary:
    'Owner of the copied files (names or numeric ids). Setting ownership here is free; a later `RUN chown -R` copies every file into a new layer and doubles its size.',
};
const CHMOD: FlagDoc = {
  name: 'chmod',
  value: '<mode>',
  summary:
    'Permissions of the copied files, in octal (`0755`) or symbolic form (`u=rwx,go=rx`, recent syntax only). Cheaper than a later `RUN chmod`, which duplicates the files in a new layer.',
};
const LINK: FlagDoc = {
  name: 'link',
  summary:
    'Copies into a layer of its own that does not depend on the layers below, so a changed base image does not invalidate it and BuildKit can reuse or rebase it.',
};
const EXCLUDE: FlagDoc = {
  name: 'exclude',
  value: '<pattern>',
  summary:
    'Leaves out paths matching the pattern (`.dockerignore` syntax); repeat the flag for several patterns. Needs a recent Dockerfile syntax.',
};

const DURATION_NOTE = 'A duration such as `30s`, `1m30s` or `500ms`.';

export const INSTRUCTIONS: readonly InstructionDoc[] = [
  {
    keyword: 'FROM',
    summary: 'Starts a build stage on a base image (or on an earlier stage).',
    syntax: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'],
    details:
      'Every stage starts with `FROM`; only the stage built last (or the `--target`) ends up in the image, so compile in a named builder stage and `COPY --from` just the result into a small final base (`-slim`, `alpine`, distroless or `scratch`). Pin a tag (better: a digest) instead of `latest` so builds are repeatable. ARGs declared before the first `FROM` can be used in `FROM` lines.',
    flags: [
      {
        name: 'platform',
        value: '<platform>',
        summary:
          'Platform of the base image, e.g. `linux/amd64`. `--platform=$BUILDPLATFORM` on a builder stage runs the compiler natively and cross-compiles for `$TARGETPLATFORM`, which is much faster than emulation.',
      },
    ],
  },
  {
    keyword: 'RUN',
    summary: 'Runs a command in a new layer of the image.',
    syntax: [
      'RUN [--mount=<options>] [--network=<mode>] [--security=<mode>] <command>',
      'RUN ["executable", "arg", …]',
      'RUN <<EOF … EOF',
    ],
    details:
      'Each `RUN` adds a layer, and files deleted in a later layer still ship in the earlier one: install, use and clean up in the same `RUN` (`apt-get install --no-install-recommends … && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`). Keep package and compiler caches out of the image with `--mount=type=cache`, and pass credentials with `--mount=type=secret` rather than `ARG`, `ENV` or `COPY`. With pipes, use `set -o pipefail` (or a `SHELL` with it) so a failing first command fails the build.',
    flags: [
      {
        name: 'mount',
        value: 'type=<bind|cache|tmpfs|secret|ssh>,<options>',
        summary:
          'Mounts something for this command only; nothing of the mount is stored in the layer. `cache` keeps package-manager and compiler caches between builds, `secret` and `ssh` give access to credentials without leaking them, `bind` reads files from the context or another stage without copying them.',
      },
      {
        name: 'network',
        value: '<default|none|host>',
        summary: 'The network the command runs in.',
        values: [
          { value: 'default', summary: 'The normal build network.' },
          {
            value: 'none',
            summary:
              'No network at all: proves the step is hermetic (everything it needs was fetched before).',
          },
          {
            value: 'host',
            summary:
              "The host's network; the builder must allow the `network.host` entitlement (`--allow network.host`).",
          },
        ],
      },
      {
        name: 'security',
        value: '<sandbox|insecure>',
        summary: 'Whether the command runs sandboxed (the default) or with elevated privileges.',
        values: [
          { value: 'sandbox', summary: 'The default, unprivileged sandbox.' },
          {
            value: 'insecure',
            summary:
              'Full privileges, like `docker run --privileged`; needs the `security.insecure` entitlement and the `docker/dockerfile:1-labs` syntax. Avoid unless a step cannot work otherwise.',
          },
        ],
      },
    ],
  },
  {
    keyword: 'CMD',
    summary: 'The default command (or default arguments of the `ENTRYPOINT`) of a container.',
    syntax: ['CMD ["executable", "arg", …]', 'CMD ["arg", …]', 'CMD command arg …'],
    details:
      'Only the last `CMD` counts. Prefer the JSON (exec) form: in shell form the command runs under `/bin/sh -c`, which does not pass `SIGTERM` on, so the container is killed after the stop timeout instead of shutting down cleanly. Images without a shell (distroless, `scratch`) need the exec form.',
    flags: [],
  },
  {
    keyword: 'LABEL',
    summary: 'Adds metadata key/value pairs to the image.',
    syntax: ['LABEL <key>=<value> [<key>=<value> …]'],
    details:
      'Use the standard `org.opencontainers.image.*` keys (`source`, `version`, `licenses`, `authors`) so registries and scanners understand them. Labels add no layer.',
    flags: [],
  },
  {
    keyword: 'MAINTAINER',
    summary: 'Sets the author field of the image (deprecated).',
    syntax: ['MAINTAINER <name>'],
    details: 'Use `LABEL org.opencontainers.image.authors="…"` instead.',
    flags: [],
    deprecated: 'Deprecated: use `LABEL org.opencontainers.image.authors=…`.',
  },
  {
    keyword: 'EXPOSE',
    summary: 'Documents the ports the container listens on.',
    syntax: ['EXPOSE <port>[/<tcp|udp>] …'],
    details:
      'Publishes nothing by itself (`docker run -p` does); it tells users and tools which ports to map. Exposing 22 usually means an SSH server in the container, which is better left out.',
    flags: [],
  },
  {
    keyword: 'ENV',
    summary: 'Sets environment variables for the following instructions and for running containers.',
    syntax: ['ENV <key>=<value> [<key>=<value> …]'],
    details:
      'Values are stored in the image configuration and readable by anyone who can pull the image: never put secrets here (use `RUN --mount=type=secret`). A variable needed only during the build belongs in `ARG`, or inline in the `RUN` (`DEBIAN_FRONTEND=noninteractive apt-get …`). The legacy `ENV key value` form is deprecated.',
    flags: [],
  },
  {
    keyword: 'ADD',
    summary: 'Copies files, URLs or git repositories into the image; unpacks local tar archives.',
    syntax: [
      'ADD [--chown=<user>:<group>] [--chmod=<mode>] [--link] [--checksum=<hash>] [--keep-git-dir] [--exclude=<pattern>] <src>… <dest>',
    ],
    details:
      'Prefer `COPY` for local files: `ADD` also unpacks archives and fetches URLs, which surprises readers. For a remote file, give `--checksum` so the build fails when the download changes. Git sources (`ADD https://github.com/org/repo.git#v1.2 /src`) are fetched without `.git` unless `--keep-git-dir` is set.',
    flags: [
      CHOWN,
      CHMOD,
      LINK,
      {
        name: 'checksum',
        value: '<algorithm>:<hash>',
        summary:
          'Expected digest of a remote source (`sha256:…`); the build fails if the download does not match, so a compromised or changed file never gets in.',
      },
      {
        name: 'keep-git-dir',
        summary: 'For a git source: keep the `.git` directory (left out by default, which is leaner).',
      },
      EXCLUDE,
    ],
  },
  {
    keyword: 'COPY',
    summary: 'Copies files from the build context, another stage or an image into the image.',
    syntax: [
      'COPY [--from=<stage|image>] [--chown=<user>:<group>] [--chmod=<mode>] [--link] [--parents] [--exclude=<pattern>] <src>… <dest>',
      'COPY <<EOF <dest> … EOF',
    ],
    details:
      'Copy what a step needs right before it (manifest files first, then `RUN` the install, then the sources) so edits do not invalidate the dependency layer. Keep secrets and build output out of the context with `.dockerignore`. `--from` takes only the artifacts of a builder stage into the final image.',
    flags: [
      {
        name: 'from',
        value: '<stage|image>',
        summary:
          'Copy from an earlier stage (by its `AS` name) or an image instead of the build context: the usual way to leave compilers and sources behind.',
      },
      CHOWN,
      CHMOD,
      LINK,
      {
        name: 'parents',
        summary:
          'Keeps the directory structure of the sources below the context root (`COPY --parents ./a/**/package.json /app/`). Needs a recent Dockerfile syntax.',
      },
      EXCLUDE,
    ],
  },
  {
    keyword: 'ENTRYPOINT',
    summary: 'The executable a container runs; `CMD` supplies its default arguments.',
    syntax: ['ENTRYPOINT ["executable", "arg", …]', 'ENTRYPOINT command arg …'],
    details:
      'Use the JSON (exec) form so the program is PID 1 and receives `SIGTERM`; the shell form ignores `CMD` and `docker run` arguments and swallows signals. Only the last `ENTRYPOINT` counts.',
    flags: [],
  },
  {
    keyword: 'VOLUME',
    summary: 'Declares a mount point for data that outlives the container.',
    syntax: ['VOLUME ["/path", …]', 'VOLUME /path …'],
    details:
      'Changes later build steps make inside the path may be discarded. Declaring volumes in a base image forces them on every image built on it; often a `docker run -v` is the better place.',
    flags: [],
  },
  {
    keyword: 'USER',
    summary: 'Sets the user (and group) for the following instructions and the container.',
    syntax: ['USER <user>[:<group>]', 'USER <uid>[:<gid>]'],
    details:
      'Run the final stage as a non-root user. A numeric `uid:gid` (e.g. `65532:65532`) lets Kubernetes verify `runAsNonRoot` and works in images without `/etc/passwd`.',
    flags: [],
  },
  {
    keyword: 'WORKDIR',
    summary: 'Sets the working directory of the following instructions (created if missing).',
    syntax: ['WORKDIR /path'],
    details: 'Use absolute paths, and `WORKDIR` instead of `RUN cd …`, whose effect ends with the `RUN`.',
    flags: [],
  },
  {
    keyword: 'ARG',
    summary: 'Declares a build argument, settable with `docker build --build-arg`.',
    syntax: ['ARG <name>[=<default>] …'],
    details:
      'An `ARG` before the first `FROM` is global and usable in `FROM` lines; inside a stage it must be declared again (`ARG NAME`) to be seen. Build arguments end up in the image history: pass secrets with `RUN --mount=type=secret`, never as an `ARG`.',
    flags: [],
  },
  {
    keyword: 'ONBUILD',
    summary: 'Registers an instruction that runs when another build uses this image as its base.',
    syntax: ['ONBUILD <instruction>'],
    details:
      'The trigger runs in the child build, where readers of that Dockerfile do not see it; explicit instructions are easier to follow. `FROM`, `MAINTAINER` and `ONBUILD` cannot be triggers.',
    flags: [],
  },
  {
    keyword: 'STOPSIGNAL',
    summary: 'The signal `docker stop` sends to end the container.',
    syntax: ['STOPSIGNAL <signal>'],
    details:
      'For programs that shut down cleanly on another signal than `SIGTERM` (e.g. `SIGQUIT` for nginx graceful shutdown).',
    flags: [],
  },
  {
    keyword: 'HEALTHCHECK',
    summary: 'A command that tells whether the container still works.',
    syntax: [
      'HEALTHCHECK [--interval=…] [--timeout=…] [--start-period=…] [--retries=…] CMD <command>',
      'HEALTHCHECK NONE',
    ],
    details:
      'Exit status 0 means healthy, 1 unhealthy. The check runs inside the container, so it needs its tool there (curl, wget or a small built-in probe); `HEALTHCHECK NONE` disables a check inherited from the base image. Orchestrators such as Kubernetes ignore it and use their own probes.',
    flags: [
      {
        name: 'interval',
        value: '<duration>',
        summary: `Time between checks (default 30s). ${DURATION_NOTE}`,
      },
      {
        name: 'timeout',
        value: '<duration>',
        summary: `A check taking longer counts as failed (default 30s). ${DURATION_NOTE}`,
      },
      {
        name: 'start-period',
        value: '<duration>',
        summary: `Start-up time during which failures do not count (default 0s). ${DURATION_NOTE}`,
      },
      {
        name: 'start-interval',
        value: '<duration>',
        summary: `Time between checks during the start period (default 5s; Docker Engine 25 or later). ${DURATION_NOTE}`,
      },
      {
        name: 'retries',
        value: '<n>',
        summary: 'Consecutive failures before the container is unhealthy (default 3).',
      },
    ],
  },
  {
    keyword: 'SHELL',
    summary: 'The shell that runs shell-form `RUN`, `CMD` and `ENTRYPOINT`.',
    syntax: ['SHELL ["executable", "arg", …]'],
    details:
      'Defaults to `["/bin/sh", "-c"]` on Linux. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` makes a failing command in a pipe fail the build; on Windows it switches to PowerShell.',
    flags: [],
  },
];

const byKeyword = new Map(INSTRUCTIONS.map((d) => [d.keyword, d]));

export function instructionDoc(keyword: string): InstructionDoc | undefined {
  return byKeyword.get(keyword.toUpperCase());
}

export function flagDoc(keyword: string, name: string): FlagDoc | undefined {
  const lower = name.toLowerCase();
  return instructionDoc(keyword)?.flags.find((f) => f.name === lower);
}

const TARGET: MountOptionDoc = {
  key: 'target',
  aliases: ['dst', 'destination'],
  value: '<path>',
  summary: 'Where the mount appears inside the build container.',
  required: true,
};
const FROM_OPTION = (what: string): MountOptionDoc => ({
  key: 'from',
  aliases: [],
  value: '<stage|image>',
  summary: what,
});
const SOURCE = (what: string): MountOptionDoc => ({
  key: 'source',
  aliases: ['src'],
  value: '<path>',
  summary: what,
});
const OWNER = (mode: string, what: string): MountOptionDoc[] => [
  { key: 'mode', aliases: [], value: '<octal>', summary: `File mode of the ${what} (default ${mode}).` },
  { key: 'uid', aliases: [], value: '<id>', summary: `User id owning the ${what} (default 0).` },
  { key: 'gid', aliases: [], value: '<id>', summary: `Group id owning the ${what} (default 0).` },
];
const REQUIRED = (what: string): MountOptionDoc => ({
  key: 'required',
  aliases: [],
  value: '<true|false>',
  summary: `Fail the step when the ${what} is not provided (default false: the step runs without it).`,
  values: [
    { value: 'true', summary: `Fail when the ${what} is missing.` },
    { value: 'false', summary: `Run without the ${what} when it is missing.` },
  ],
});

export const MOUNT_TYPES: readonly MountTypeDoc[] = [
  {
    type: 'bind',
    summary:
      'Mounts files from the build context, a stage or an image, read-only by default. The files are used without being copied into a layer (the default type).',
    options: [
      TARGET,
      SOURCE('Path inside `from` to mount (default: its root).'),
      FROM_OPTION('Stage, image or named context to mount from (default: the build context).'),
      {
        key: 'readwrite',
        aliases: ['rw'],
        summary: 'Allows writes to the mount; they are thrown away after the step.',
      },
    ],
  },
  {
    type: 'cache',
    summary:
      'A directory kept between builds for package-manager and compiler caches (`/var/cache/apt`, `/root/.cache/pip`, `/root/.npm`, `/go/pkg/mod`). It never ends up in the image, so the layer stays lean and rebuilds are fast.',
    options: [
      TARGET,
      { key: 'id', aliases: [], value: '<id>', summary: 'Name of the cache (default: the target path).' },
      {
        key: 'sharing',
        aliases: [],
        value: '<shared|private|locked>',
        summary: 'How concurrent builds use the cache (default shared).',
        values: [
          { value: 'shared', summary: 'Several writers use it at the same time.' },
          { value: 'private', summary: 'A concurrent writer gets a new, separate cache.' },
          {
            value: 'locked',
            summary:
              'A concurrent writer waits until the first is done (needed for apt, which locks its cache).',
          },
        ],
      },
      {
        key: 'readonly',
        aliases: ['ro'],
        summary: 'Mount the cache read-only.',
      },
      FROM_OPTION('Stage or image whose content seeds the cache (default: an empty directory).'),
      SOURCE('Path inside `from` to use (default: its root).'),
      ...OWNER('0755', 'cache directory'),
    ],
  },
  {
    type: 'tmpfs',
    summary: 'An empty in-memory file system for scratch files of this step.',
    options: [
      TARGET,
      { key: 'size', aliases: [], value: '<bytes>', summary: 'Upper limit of the file system size.' },
    ],
  },
  {
    type: 'secret',
    summary:
      'A secret passed with `docker build --secret id=…`, readable only during this step and never stored in a layer or the history. The safe way to use tokens and credentials.',
    options: [
      {
        key: 'id',
        aliases: [],
        value: '<id>',
        summary: 'Id of the secret (default: the file name of `target`).',
      },
      {
        key: 'target',
        aliases: ['dst', 'destination'],
        value: '<path>',
        summary: 'Where the secret file appears (default `/run/secrets/<id>`).',
      },
      {
        key: 'env',
        aliases: [],
        value: '<name>',
        summary: 'Expose the secret as this environment variable of the step (recent syntax).',
      },
      REQUIRED('secret'),
      ...OWNER('0400', 'secret file'),
    ],
  },
  {
    type: 'ssh',
    summary:
      'Access to an SSH agent or keys passed with `docker build --ssh`, e.g. for `git clone` of private repositories, without copying keys into the image.',
    options: [
      {
        key: 'id',
        aliases: [],
        value: '<id>',
        summary: 'Id of the SSH agent socket or key (default `default`).',
      },
      {
        key: 'target',
        aliases: ['dst', 'destination'],
        value: '<path>',
        summary: 'Path of the agent socket (default `/run/buildkit/ssh_agent.<n>`).',
      },
      REQUIRED('SSH agent or key'),
      ...OWNER('0600', 'socket'),
    ],
  },
];

export const MOUNT_TYPE_OPTION: MountOptionDoc = {
  key: 'type',
  aliases: [],
  value: '<bind|cache|tmpfs|secret|ssh>',
  summary: 'Kind of mount (default bind).',
  values: MOUNT_TYPES.map((t) => ({ value: t.type, summary: t.summary })),
};

export function mountTypeDoc(type: string): MountTypeDoc | undefined {
  const lower = type.toLowerCase();
  return MOUNT_TYPES.find((t) => t.type === lower);
}

/** The option of a mount type by key or alias (`dst` → `target`); `type` for any mount type. */
export function mountOptionDoc(type: string, key: string): MountOptionDoc | undefined {
  const lower = key.toLowerCase();
  if (lower === 'type') return MOUNT_TYPE_OPTION;
  return mountTypeDoc(type)?.options.find((o) => o.key === lower || o.aliases.includes(lower));
}

export const DIRECTIVES: readonly DirectiveDoc[] = [
  {
    name: 'syntax',
    summary:
      'The Dockerfile frontend BuildKit uses for this file. `docker/dockerfile:1` follows the latest stable 1.x syntax, so newer features (heredocs, `COPY --parents`, …) work with older Docker engines.',
    values: [
      { value: 'docker/dockerfile:1', summary: 'Latest stable 1.x frontend.' },
      { value: 'docker/dockerfile:1-labs', summary: 'Stable plus experimental (labs) features.' },
    ],
  },
  {
    name: 'escape',
    summary:
      'The character that escapes and continues lines (default `\\`). Windows Dockerfiles often use a backtick so that paths like `C:\\app` need no doubling.',
    values: [
      { value: '\\', summary: 'Backslash (the default).' },
      { value: '`', summary: 'Backtick, for Windows paths.' },
    ],
  },
  {
    name: 'check',
    summary:
      "Configures BuildKit's build checks: `skip=` a comma-separated list of checks (or `all`), `error=true` to fail the build on a check.",
    values: [
      { value: 'skip=all', summary: 'Run no build checks.' },
      { value: 'error=true', summary: 'A failed check fails the build.' },
    ],
  },
];

export function directiveDoc(name: string): DirectiveDoc | undefined {
  const lower = name.toLowerCase();
  return DIRECTIVES.find((d) => d.name === lower);
}

/** Build arguments BuildKit sets itself; inside a stage they need `ARG <name>` before use. */
export const BUILTIN_ARGS: readonly BuiltinArgDoc[] = [
  { name: 'TARGETPLATFORM', summary: 'Platform of the image being built, e.g. `linux/arm64`.' },
  { name: 'TARGETOS', summary: 'OS part of `TARGETPLATFORM`, e.g. `linux`.' },
  { name: 'TARGETARCH', summary: 'Architecture part of `TARGETPLATFORM`, e.g. `amd64`, `arm64`.' },
  { name: 'TARGETVARIANT', summary: 'Variant part of `TARGETPLATFORM`, e.g. `v7` (often empty).' },
  { name: 'BUILDPLATFORM', summary: 'Platform of the machine running the build, e.g. `linux/amd64`.' },
  { name: 'BUILDOS', summary: 'OS part of `BUILDPLATFORM`.' },
  { name: 'BUILDARCH', summary: 'Architecture part of `BUILDPLATFORM`.' },
  { name: 'BUILDVARIANT', summary: 'Variant part of `BUILDPLATFORM`.' },
  {
    name: 'HTTP_PROXY',
    summary: 'Proxy for HTTP requests of `RUN` steps; usable without an `ARG` and kept out of the history.',
  },
  {
    name: 'HTTPS_PROXY',
    summary: 'Proxy for HTTPS requests of `RUN` steps; usable without an `ARG` and kept out of the history.',
  },
  {
    name: 'NO_PROXY',
    summary: 'Hosts reached without the proxy; usable without an `ARG` and kept out of the history.',
  },
];

export function builtinArgDoc(name: string): BuiltinArgDoc | undefined {
  return BUILTIN_ARGS.find((a) => a.name === name);
}

/** Platforms `--platform` commonly takes, plus the build's own platform arguments. */
export const PLATFORMS: readonly ValueDoc[] = [
  { value: 'linux/amd64', summary: '64-bit x86 (Intel, AMD).' },
  {
    value: 'linux/arm64',
    summary: '64-bit ARM (Apple silicon, AWS Graviton, Raspberry Pi 4/5 with a 64-bit OS).',
  },
  { value: 'linux/arm/v7', summary: '32-bit ARMv7.' },
  { value: 'linux/arm/v6', summary: '32-bit ARMv6 (Raspberry Pi Zero/1).' },
  { value: 'linux/386', summary: '32-bit x86.' },
  { value: 'linux/ppc64le', summary: 'IBM POWER, little-endian.' },
  { value: 'linux/s390x', summary: 'IBM Z.' },
  { value: 'linux/riscv64', summary: '64-bit RISC-V.' },
  { value: 'windows/amd64', summary: 'Windows containers on x86-64.' },
  {
    value: '$BUILDPLATFORM',
    summary: 'The platform of the build machine: run the builder natively and cross-compile.',
  },
  { value: '$TARGETPLATFORM', summary: 'The platform requested for the image (`--platform` of the build).' },
];

/** Markdown of an instruction: summary, syntax, details and a link to the Dockerfile reference. */
export function instructionMarkdown(doc: InstructionDoc): string {
  const parts = [`**${doc.keyword}**: ${doc.summary}`, '', '```dockerfile', ...doc.syntax, '```', ''];
  if (doc.deprecated) parts.push(`_${doc.deprecated}_`, '');
  parts.push(doc.details, '', `[Dockerfile reference](${referenceUrl(doc.keyword)})`);
  return parts.join('\n');
}

function valuesList(values: readonly ValueDoc[] | undefined): string[] {
  if (!values || values.length === 0) return [];
  return ['', ...values.map((v) => `- \`${v.value}\`: ${v.summary}`)];
}

export function flagMarkdown(keyword: string, flag: FlagDoc): string {
  const written = flag.value ? `--${flag.name}=${flag.value}` : `--${flag.name}`;
  return [`\`${keyword.toUpperCase()} ${written}\``, '', flag.summary, ...valuesList(flag.values)].join('\n');
}

export function mountTypeMarkdown(doc: MountTypeDoc): string {
  const options = doc.options.map((o) => {
    const names = [o.key, ...o.aliases].map((n) => `\`${n}\``).join(' / ');
    return `- ${names}${o.required ? ' (required)' : ''}: ${o.summary}`;
  });
  return [`\`RUN --mount=type=${doc.type}\``, '', doc.summary, '', 'Options:', ...options].join('\n');
}

export function mountOptionMarkdown(type: string, doc: MountOptionDoc): string {
  const written = doc.value ? `${doc.key}=${doc.value}` : doc.key;
  const aliases = doc.aliases.length > 0 ? ` (also ${doc.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
  const where = doc.key === 'type' ? '`RUN --mount`' : `\`RUN --mount=type=${type}\``;
  return [
    `${where} option \`${written}\`${aliases}${doc.required ? ', required' : ''}`,
    '',
    doc.summary,
    ...valuesList(doc.values),
  ].join('\n');
}

export function directiveMarkdown(doc: DirectiveDoc): string {
  return [
    `Parser directive \`# ${doc.name}=\``,
    '',
    doc.summary,
    '',
    'Directives must come first in the file, before any other comment, blank line or instruction.',
    ...valuesList(doc.values),
  ].join('\n');
}
