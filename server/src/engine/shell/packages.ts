// Package-manager commands recognised in RUN scripts, normalised so that rules ask "an apt install
// without --no-install-recommends" rather than matching text.
import type { ShellScript, Word } from '../model/types';
import { invocations, parseArgs, type Invocation, type ParsedArgs } from './query';

export type PackageManager =
  | 'apt'
  | 'apk'
  | 'dnf'
  | 'yum'
  | 'microdnf'
  | 'zypper'
  | 'pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'gem'
  | 'bundle'
  | 'cargo'
  | 'go'
  | 'composer';

export interface PackageCommand {
  manager: PackageManager;
  /** The manager's action, normalised: `install`, `update`, `upgrade`, `clean`, `remove`, `ci`, `add`, `download`, `build`… */
  action: string;
  /** Package names (positionals after the action), e.g. `curl`, `gcc=4:12.2.0-3`. */
  packages: Word[];
  args: ParsedArgs;
  invocation: Invocation;
}

// Flags that take the next word as their value, per manager (so the value is not taken for a package).
const VALUE_FLAGS: Partial<Record<PackageManager, Set<string>>> = {
  apt: new Set(['o', 't', 'c', 'target-release', 'option', 'config-file']),
  apk: new Set(['X', 'repository', 't', 'virtual', 'p', 'root', 'arch', 'repositories-file']),
  dnf: new Set(['setopt', 'enablerepo', 'disablerepo', 'releasever', 'installroot', 'nodocs']),
  yum: new Set(['setopt', 'enablerepo', 'disablerepo', 'releasever', 'installroot']),
  microdnf: new Set(['setopt', 'enablerepo', 'disablerepo', 'releasever', 'installroot']),
  pip: new Set([
    'r',
    'requirement',
    'c',
    'constraint',
    'i',
    'index-url',
    'extra-index-url',
    'trusted-host',
    't',
    'target',
    'prefix',
    'f',
    'find-links',
    'e',
    'editable',
    'cache-dir',
  ]),
  npm: new Set(['prefix', 'registry', 'cache', 'omit', 'include', 'workspace', 'w']),
  yarn: new Set(['cwd', 'modules-folder', 'cache-folder']),
  pnpm: new Set(['filter', 'dir', 'C']),
  gem: new Set(['v', 'version', 'source', 'install-dir', 'i', 'bindir']),
  cargo: new Set([
    'target',
    'features',
    'manifest-path',
    'bin',
    'p',
    'package',
    'j',
    'jobs',
    'root',
    'version',
    'profile',
  ]),
  go: new Set(['o', 'tags', 'ldflags', 'gcflags', 'mod', 'C']),
  composer: new Set(['d', 'working-dir']),
};

const PROGRAMS: Record<string, PackageManager> = {
  'apt-get': 'apt',
  apt: 'apt',
  aptitude: 'apt',
  apk: 'apk',
  dnf: 'dnf',
  yum: 'yum',
  microdnf: 'microdnf',
  zypper: 'zypper',
  pip: 'pip',
  pip3: 'pip',
  uv: 'pip',
  npm: 'npm',
  yarn: 'yarn',
  pnpm: 'pnpm',
  gem: 'gem',
  bundle: 'bundle',
  bundler: 'bundle',
  cargo: 'cargo',
  go: 'go',
  composer: 'composer',
};

const ACTION_ALIASES: Record<string, string> = {
  in: 'install',
  i: 'install',
  add: 'install',
  rm: 'remove',
  del: 'remove',
  up: 'update',
  ref: 'refresh',
};

/** The package-manager commands of a script, in order. `python -m pip install` counts as pip. */
export function packageCommands(script: ShellScript | undefined): PackageCommand[] {
  const out: PackageCommand[] = [];
  for (const invocation of invocations(script)) {
    let manager =
      PROGRAMS[invocation.program] ?? (/^pip3(\.\d+)?$/.test(invocation.program) ? 'pip' : undefined);
    let args = invocation.args;
    if (!manager && /^python(\d(\.\d+)?)?$/.test(invocation.program)) {
      const m = args.findIndex((a) => a.value === '-m');
      if (m >= 0 && args[m + 1]?.value === 'pip') {
        manager = 'pip';
        args = args.slice(m + 2);
      }
    }
    if (!manager) continue;
    if (invocation.program === 'uv') {
      // `uv pip install …`
      if (args[0]?.value !== 'pip') continue;
      args = args.slice(1);
    }
    const parsed = parseArgs(args, VALUE_FLAGS[manager]);
    const [actionWord, ...rest] = parsed.positionals;
    const raw = actionWord?.value ?? '';
    // apk's `add` means install; yarn's `add` too; npm's `i`.
    // A bare `yarn` installs, but `yarn --version` / `yarn --help` only print.
    const printsOnly = ['version', 'v', 'help', 'h'].some((f) => parsed.flags.has(f));
    const action =
      manager === 'yarn' && raw === '' ? (printsOnly ? '' : 'install') : (ACTION_ALIASES[raw] ?? raw);
    out.push({ manager, action, packages: rest, args: parsed, invocation });
  }
  return out;
}

export function installs(script: ShellScript | undefined, manager?: PackageManager): PackageCommand[] {
  return packageCommands(script).filter((p) => p.action === 'install' && (!manager || p.manager === manager));
}
