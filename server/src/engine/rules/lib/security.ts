// Facts the security rules share: Dockerfile words with their places (ENV/ARG names, COPY sources),
// the variables an instruction sees, the stage chain, who a stage runs as, and what a secret looks
// like (file names and variable names).
import { argDefaults, substituteArgs } from '../../model/imageRef';
import { joinContinuations } from '../../model/logicalText';
import type { Instruction, Model, Range, Stage } from '../../model/types';
import type { ImageFacts } from '../../size/baseImages';

// ---------------------------------------------------------------------------------------------
// Words of an instruction

/** A word of a Dockerfile instruction: `value` with quotes and escapes resolved, `text` as written. */
export interface DockerWord {
  value: string;
  text: string;
  quoted: boolean;
  /** Document offsets. */
  start: number;
  end: number;
  range: Range;
}

/**
 * The instruction's arguments (flags excluded) split the way BuildKit splits ENV, ARG, COPY and
 * similar instructions: blanks separate words, quotes group them, the escape character escapes.
 */
export function instructionWords(model: Model, instruction: Instruction): DockerWord[] {
  if (!instruction.argsRange) return [];
  const from = model.positions.offsetAt(instruction.argsRange.start);
  const to = model.positions.offsetAt(instruction.argsRange.end);
  const source = joinContinuations(model.text, from, to, model.escapeChar);
  const s = source.text;
  const esc = model.escapeChar;
  const words: DockerWord[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const begin = i;
    let value = '';
    let quoted = false;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') break;
      if (ch === esc && i + 1 < s.length) {
        value += s[i + 1];
        i += 2;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quoted = true;
        i++;
        while (i < s.length && s[i] !== ch) {
          if (ch === '"' && s[i] === esc && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === esc)) {
            value += s[i + 1];
            i += 2;
            continue;
          }
          value += s[i];
          i++;
        }
        i++;
        continue;
      }
      value += ch;
      i++;
    }
    const end = Math.min(i, s.length);
    const docStart = source.offsets[begin]!;
    const docEnd = source.offsets[end - 1]! + 1;
    words.push({
      value,
      text: s.slice(begin, end),
      quoted,
      start: docStart,
      end: docEnd,
      range: { start: model.positions.positionAt(docStart), end: model.positions.positionAt(docEnd) },
    });
  }
  return words;
}

/** One variable set by ENV or declared by ARG. */
export interface VariableAssignment {
  name: string;
  /** Undefined for `ARG NAME` without a default. */
  value: string | undefined;
  nameRange: Range;
  instruction: Instruction;
}

/** The variables of an ENV or ARG instruction: `A=1 B="x y"`, legacy `ENV NAME value`, `ARG NAME`. */
export function variableAssignments(model: Model, instruction: Instruction): VariableAssignment[] {
  const words = instructionWords(model, instruction);
  const first = words[0];
  if (!first) return [];
  const nameRangeOf = (w: DockerWord, length: number): Range => ({
    start: w.range.start,
    end: model.positions.positionAt(w.start + length),
  });
  if (instruction.keyword === 'ENV' && !first.value.includes('=')) {
    // Legacy form: the rest of the line is the value.
    const rest = words
      .slice(1)
      .map((w) => w.value)
      .join(' ');
    return [{ name: first.value, value: rest, nameRange: first.range, instruction }];
  }
  return words.map((w) => {
    const eq = w.value.indexOf('=');
    if (eq < 0) return { name: w.value, value: undefined, nameRange: w.range, instruction };
    const rawEq = w.text.indexOf('=');
    return {
      name: w.value.slice(0, eq),
      value: w.value.slice(eq + 1),
      nameRange: nameRangeOf(w, rawEq >= 0 ? rawEq : eq),
      instruction,
    };
  });
}

/** Sources and destination of a COPY or ADD (shell or exec form); heredoc sources are inline content. */
export interface CopyArguments {
  /** Source words (not heredocs); in exec form all words carry the arguments' range. */
  sources: DockerWord[];
  /** Heredoc sources (`<<EOF`): content written in the Dockerfile itself. */
  heredocs: number;
  destination: DockerWord | undefined;
  /** True when the words come from a JSON array (their ranges are the whole argument list). */
  execForm: boolean;
}

export function copyArguments(model: Model, instruction: Instruction): CopyArguments {
  const trimmed = instruction.argsText.trim();
  if (trimmed.startsWith('[') && instruction.argsRange) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) {
        const range = instruction.argsRange;
        const start = model.positions.offsetAt(range.start);
        const end = model.positions.offsetAt(range.end);
        const words = (parsed as string[]).map((value) => ({
          value,
          text: value,
          quoted: true,
          start,
          end,
          range,
        }));
        return { sources: words.slice(0, -1), heredocs: 0, destination: words.at(-1), execForm: true };
      }
    } catch {
      // not JSON: shell form
    }
  }
  const words = instructionWords(model, instruction);
  const destination = words.length > 1 ? words.at(-1) : undefined;
  const all = destination ? words.slice(0, -1) : words;
  const isHeredoc = (w: DockerWord): boolean => /^<<-?/.test(w.text);
  return {
    sources: all.filter((w) => !isHeredoc(w)),
    heredocs: all.filter(isHeredoc).length,
    destination,
    execForm: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Stages and variables

/** The stage and the stages it is built `FROM`, the stage itself first. */
export function stageChain(model: Model, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    chain.push(current);
    current = current.baseStage !== undefined ? model.stages[current.baseStage] : undefined;
  }
  return chain;
}

/** Instructions of the chain's stages, root stage first, in document order (FROM lines included). */
export function chainInstructions(model: Model, stage: Stage): Instruction[] {
  return stageChain(model, stage)
    .reverse()
    .flatMap((s) => s.instructions);
}

/**
 * Variables visible at an instruction: ENV and ARG values of the stage chain before it (an `ARG NAME`
 * without a value inside a stage takes the global default). Build-time `--build-arg` values are unknown.
 */
export function variablesAt(model: Model, instruction: Instruction): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const globals = argDefaults(model.globalArgs);
  const stage = model.stages[instruction.stageIndex];
  if (!stage) {
    for (const [k, v] of globals) vars.set(k, v);
    return vars;
  }
  for (const i of chainInstructions(model, stage)) {
    if (i.stageIndex === stage.index && i.index >= instruction.index) break;
    if (i.keyword !== 'ENV' && i.keyword !== 'ARG') continue;
    for (const a of variableAssignments(model, i)) {
      const value = a.value ?? (i.keyword === 'ARG' ? globals.get(a.name) : undefined);
      vars.set(a.name, value === undefined ? undefined : substituteArgs(value, vars).value);
    }
  }
  return vars;
}

/** `text` with `$NAME`/`${NAME…}` replaced from `variablesAt`; `unresolved` when something was unknown. */
export function expandAt(
  model: Model,
  instruction: Instruction,
  text: string,
): { value: string; unresolved: boolean } {
  if (!text.includes('$')) return { value: text, unresolved: false };
  return substituteArgs(text, variablesAt(model, instruction));
}

/** Leaf shipped stages: shipped stages that no other shipped stage is built FROM. */
export function shippedLeaves(model: Model, shipped: ReadonlySet<number>): Stage[] {
  const parents = new Set<number>();
  for (const index of shipped) {
    const base = model.stages[index]?.baseStage;
    if (base !== undefined) parents.add(base);
  }
  return model.stages.filter((s) => shipped.has(s.index) && !parents.has(s.index));
}

/** True when the chain's root is `FROM scratch`. */
export function rootIsScratch(model: Model, stage: Stage): boolean {
  return stageChain(model, stage).at(-1)?.isScratch ?? false;
}

/** True when the stage chain defines a CMD or ENTRYPOINT (scratch images inherit none). */
export function definesCommand(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
}

// ---------------------------------------------------------------------------------------------
// Users

/** `root`, `0`, `root:group`, `0:0`: the user part decides. */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':')[0]!;
  return user === 'root' || /^0+$/.test(user);
}

/**
 * Docker-library images whose entrypoint starts as root only to fix permissions and then runs the
 * server as its own user (gosu / su-exec / setpriv), as long as the Dockerfile keeps that entrypoint.
 */
export const PRIVILEGE_DROPPING_IMAGES: ReadonlySet<string> = new Set([
  'postgres',
  'redis',
  'mysql',
  'mariadb',
  'mongo',
  'rabbitmq',
  'cassandra',
  'couchdb',
  'zookeeper',
  'ghost',
  'redmine',
  'percona',
  'neo4j',
  'influxdb',
  'valkey/valkey',
]);

/** Images that run as a non-root user although the name alone says nothing about it. */
function vendorDefaultUser(image: string, tag: string): string | undefined {
  const t = tag.toLowerCase();
  // Chainguard images run as `nonroot` (65532); wolfi-base and chainguard-base are plain OS images.
  if (/^(cgr\.dev\/chainguard|chainguard)\//.test(image)) {
    return /\/(wolfi-base|chainguard-base|busybox)$/.test(image) ? undefined : '65532';
  }
  // .NET chiseled and distroless images run as `app` (1654); the others as root.
  if (image.startsWith('mcr.microsoft.com/dotnet/framework/')) return undefined; // Windows only
  if (image.startsWith('mcr.microsoft.com/dotnet/')) {
    if (/chiseled|distroless/.test(t)) return '1654';
    if (/nanoserver|windowsservercore|ltsc/.test(t)) return undefined;
    return 'root';
  }
  if (image === 'nginxinc/nginx-unprivileged') return '101';
  if (image.startsWith('bitnami/') || image.startsWith('docker.io/bitnami/')) return '1001';
  // Red Hat UBI language images (s2i) run as 1001.
  if (
    /^registry\.access\.redhat\.com\/ubi\d+\/(nodejs|python|openjdk|php|ruby|perl|go-toolset|dotnet)/.test(
      image,
    )
  )
    return '1001';
  return undefined;
}

export interface BaseUser {
  /** `root`, a name or a uid; undefined when unknown. */
  user: string | undefined;
  /** Whether the base is a general-purpose distribution (then root is the safe assumption). */
  normalDistro: boolean;
}

/** Who an image runs as when the Dockerfile sets no USER. */
export function baseImageUser(facts: ImageFacts): BaseUser {
  if (facts.family === 'scratch') return { user: 'root', normalDistro: false };
  if (facts.family === 'windows') return { user: undefined, normalDistro: false };
  const vendor = vendorDefaultUser(facts.image, facts.tag ?? 'latest');
  if (vendor !== undefined) return { user: vendor, normalDistro: false };
  const normalDistro = ['alpine', 'debian', 'ubuntu', 'rhel', 'busybox'].includes(facts.family);
  return { user: facts.defaultUser, normalDistro };
}

// ---------------------------------------------------------------------------------------------
// Secret files

/** Directories where public CA certificates go: PEM files copied there are certificates, not keys. */
const CA_DIRS = [
  '/usr/local/share/ca-certificates',
  '/usr/share/ca-certificates',
  '/etc/ssl/certs',
  '/etc/pki/ca-trust',
  '/etc/pki/tls/certs',
  '/etc/ca-certificates',
];

/** Directories for package-signing (public) keys. */
const SIGNING_KEY_DIRS = ['/etc/apt', '/usr/share/keyrings', '/etc/pki/rpm-gpg', '/etc/apk/keys'];

const ENV_PLACEHOLDER = /^(example|sample|template|dist|defaults?|schema|tpl|tmpl|skel|in)$/;
// A destination name that says the file is public (`/war/jenkins-key.pub`).
const PUBLIC_DESTINATION = /\.(pub|asc|gpg)$|(^|[-_.])(pub|public|pubkey)([-_.]|$)/;

const PUBLIC_PEM =
  /(^|[-_.])(ca|cacerts?|certs?|certificates?|chain|fullchain|bundle|root|rootca|pub|public|crt|trust|truststore)([-_.\d]|$)/;
const PRIVATE_HINT = /(key|priv|secret|id_rsa|id_ed25519|id_ecdsa|id_dsa)/;
const SIGNING_KEY = /(gpg|pgp|signing|sign|pub|public|release|keyring|repo|archive|apt|rpm|apk)/;

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function under(path: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => path === d || path.startsWith(`${d}/`));
}

/**
 * What kind of secret a path names, or undefined. `destination` (where it is copied to) lets public
 * certificates and signing keys through. Paths are compared case-insensitively.
 */
export function secretFileKind(path: string, destination?: string): string | undefined {
  const p = path.toLowerCase().replace(/\\/g, '/').replace(/\/+$/, '');
  const name = basename(p);
  const dest = destination?.toLowerCase();
  if (dest && !dest.endsWith('/') && PUBLIC_DESTINATION.test(basename(dest))) return undefined;
  if (name === '.env') return 'an environment file (`.env`)';
  const envSuffix = /^\.env\.(.+)$/.exec(name);
  if (envSuffix)
    return envSuffix[1]!.split('.').some((part) => ENV_PLACEHOLDER.test(part))
      ? undefined
      : 'an environment file (`.env.*`)';
  if (/^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/.test(name)) return 'an SSH private key';
  if (name === '.npmrc') return 'an npm configuration file (`.npmrc`), which usually holds a registry token';
  if (name === '.pypirc') return 'PyPI credentials (`.pypirc`)';
  if (name === '.netrc' || name === '_netrc') return 'a `.netrc` credentials file';
  if (name === '.git-credentials') return 'Git credentials (`.git-credentials`)';
  if (name === '.pgpass') return 'a PostgreSQL password file (`.pgpass`)';
  if (p.endsWith('.aws/credentials') || name === '.aws') return 'AWS credentials';
  if (p.endsWith('.docker/config.json')) return 'Docker registry credentials (`.docker/config.json`)';
  if (
    p.endsWith('.kube/config') ||
    name === '.kube' ||
    /^kubeconfig(\.ya?ml)?$/.test(name) ||
    name.endsWith('.kubeconfig')
  )
    return 'a kubeconfig with cluster credentials';
  if (name === '.ssh') return 'an SSH directory (private keys)';
  if (name === '.gnupg') return 'a GnuPG directory (private keyring)';
  if (/(^|\/)\.ssh\/[^/]+$/.test(p) && !/^(known_hosts|config|authorized_keys|.*\.pub)$/.test(name))
    return 'a file from an SSH directory (a private key)';
  if (/\.(p12|pfx)$/.test(name)) return 'a PKCS#12 keystore with a private key';
  if (name.endsWith('.pem')) {
    if (dest && under(dest, CA_DIRS)) return undefined;
    if (PRIVATE_HINT.test(name.replace(/\.pem$/, ''))) return 'a private key (`.pem`)';
    if (PUBLIC_PEM.test(name.replace(/\.pem$/, ''))) return undefined;
    return 'a PEM file, which may hold a private key';
  }
  if (name.endsWith('.key')) {
    if (dest && (under(dest, SIGNING_KEY_DIRS) || under(dest, CA_DIRS))) return undefined;
    if (SIGNING_KEY.test(name.replace(/\.key$/, ''))) return undefined;
    return 'a private key (`.key`)';
  }
  return undefined;
}

const GLOB = /[*?[]/;

/** A COPY source glob's regular expression (Go `filepath.Match` semantics: `*` does not cross `/`). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

const SECRET_SAMPLES = [
  '.env',
  '.env.local',
  '.env.production',
  'id_rsa',
  'id_ed25519',
  'server.key',
  'private.pem',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  'keystore.p12',
  'cert.pfx',
  'kubeconfig',
];

/** For a glob source (`*.pem`, `.env*`): the kind of secret it would pick up, when it names one. */
export function secretGlobKind(glob: string, destination?: string): string | undefined {
  const name = basename(glob);
  if (!GLOB.test(name)) return secretFileKind(glob, destination);
  // Patterns that are nearly all wildcard (`*`, `*.*`) say nothing about what they copy.
  if (name.replace(/[*?]|\[[^\]]*\]/g, '').replace(/\./g, '').length < 2) return undefined;
  const re = globToRegExp(name);
  const hit = SECRET_SAMPLES.find((s) => re.test(s));
  return hit ? secretFileKind(hit, destination) : undefined;
}

export function isGlob(path: string): boolean {
  return GLOB.test(path);
}

// ---------------------------------------------------------------------------------------------
// Secret variable names

/** Tokens that make a name a credential on their own. */
const STRONG_TOKENS = new Set([
  'TOKEN',
  'TOKENS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASSPHRASE',
  'PASS',
  'PWD',
  'SECRET',
  'SECRETS',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'APIKEY',
]);

/** Compound tokens written without `_` (`ACCESSTOKEN`, `DBPASSWORD`, `SECRETKEY`). */
const COMPOUND = /^[A-Z0-9]+(TOKEN|PASSWORD|PASSWD|SECRET|APIKEY|ACCESSKEY|SECRETKEY|PRIVATEKEY|AUTHKEY)$/;

/** A last token that says the variable holds something about a secret, not the secret itself. */
const METADATA_SUFFIX = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'SERVER',
  'SERVERS',
  'ID',
  'IDS',
  'NAME',
  'USER',
  'USERNAME',
  'LENGTH',
  'LEN',
  'SIZE',
  'BITS',
  'TYPE',
  'ALGORITHM',
  'ALG',
  'METHOD',
  'MODE',
  'ENABLED',
  'DISABLED',
  'ENABLE',
  'DISABLE',
  'REQUIRED',
  'VERSION',
  'HEADER',
  'FINGERPRINT',
  'FINGERPRINTS',
  'EXPIRY',
  'EXPIRATION',
  'TTL',
  'TIMEOUT',
  'LIFETIME',
  'FORMAT',
  'PREFIX',
  'SUFFIX',
  'SOCK',
  'SOCKET',
  'HELPER',
  'PROVIDER',
  'REGION',
  'LOCATION',
  'FOLDER',
  'NAMESPACE',
  'ISSUER',
  'AUDIENCE',
  'SCOPE',
  'SCOPES',
  'POLICY',
]);

const SWITCH_VALUE = /^(true|false|yes|no|on|off|0|1)$/i;

/**
 * Whether an ARG/ENV name looks like it holds a credential: a token such as TOKEN, PASSWORD, SECRET
 * or a trailing KEY, but not names that are public by design (`PUBLIC`, GPG/PGP key fingerprints) or
 * that describe a secret rather than hold it (`…_FILE`, `…_PATH`, `…_URL`, `…_ID`).
 */
export function isSecretVariableName(name: string, value?: string): boolean {
  const upper = name.toUpperCase();
  const tokens = upper.split(/[_\-.]+/).filter(Boolean);
  if (tokens.length === 0) return false;
  if (upper === 'PWD' || upper === 'OLDPWD') return false;
  if (tokens.includes('PUBLIC') || tokens.includes('PUB')) return false;
  if (value !== undefined && (/^\/run\/secrets\//.test(value) || SWITCH_VALUE.test(value))) return false;
  const last = tokens[tokens.length - 1]!;
  // .NET configuration keys (`Filters__0__Key=ProcessId`): a CamelCase name as the value is a setting.
  if (
    value !== undefined &&
    /^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(value) &&
    !tokens.some((t) => STRONG_TOKENS.has(t))
  )
    return false;
  const accessKeyId = /ACCESS_KEY_ID$/.test(upper);
  if (METADATA_SUFFIX.has(last) && !accessKeyId) return false;
  const strong = tokens.some((t) => STRONG_TOKENS.has(t) || COMPOUND.test(t));
  if (strong) return true;
  if (accessKeyId) return true;
  // AUTH and KEY are weaker words: only as the last token (NPM_AUTH, API_KEY, SECRET_KEY, APP_KEY).
  if (last === 'AUTH') return true;
  if (tokens.includes('PRIVATE') && (last === 'KEY' || last === 'KEYS')) return true;
  if (last === 'KEY' || last === 'KEYS') {
    // GPG/PGP "keys" in Dockerfiles are key fingerprints for verifying downloads: public data.
    return !tokens.some((t) => t === 'GPG' || t === 'PGP' || t === 'GNUPG');
  }
  return false;
}
