// Content for a new .dockerignore, chosen from what the Dockerfile builds: every ecosystem adds the
// folders its tools create locally (dependencies, build output, caches) and the secrets that must
// never reach the build context.
import type { Model } from '../model/types';
import { packageCommands } from '../shell/packages';
import { invocations } from '../shell/query';

type Ecosystem = 'node' | 'python' | 'go' | 'rust' | 'java' | 'ruby' | 'php' | 'dotnet';

const ALWAYS = [
  '# Version control and editor files',
  '.git',
  '.gitignore',
  '.vscode',
  '.idea',
  '*.swp',
  '.DS_Store',
  '',
  '# Secrets: pass them with RUN --mount=type=secret instead',
  '.env',
  '.env.*',
  '!.env.example',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_ed25519*',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.aws',
  '',
  '# Docker files themselves',
  'Dockerfile*',
  '*.Dockerfile',
  '.dockerignore',
  'docker-compose*.yml',
  'compose*.yaml',
];

const PER_ECOSYSTEM: Record<Ecosystem, string[]> = {
  node: [
    'node_modules',
    'npm-debug.log*',
    'yarn-error.log',
    '.pnpm-store',
    'dist',
    'build',
    '.next',
    'coverage',
  ],
  python: [
    '__pycache__',
    '*.py[cod]',
    '.venv',
    'venv',
    '.pytest_cache',
    '.mypy_cache',
    '.tox',
    '*.egg-info',
    'dist',
    'build',
  ],
  go: ['bin', 'vendor', '*.test', 'coverage.out'],
  rust: ['target'],
  java: ['target', 'build', '.gradle', '*.class'],
  ruby: ['.bundle', 'vendor/bundle', 'log', 'tmp'],
  php: ['vendor'],
  dotnet: ['bin', 'obj', '*.user'],
};

const MANIFESTS: Array<[RegExp, Ecosystem]> = [
  [/(^|\/)(package(-lock)?\.json|yarn\.lock|pnpm-lock\.yaml)$/, 'node'],
  [/(^|\/)(requirements[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock)$/, 'python'],
  [/(^|\/)go\.(mod|sum)$/, 'go'],
  [/(^|\/)Cargo\.(toml|lock)$/, 'rust'],
  [/(^|\/)(pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradlew)$/, 'java'],
  [/(^|\/)Gemfile(\.lock)?$/, 'ruby'],
  [/(^|\/)composer\.(json|lock)$/, 'php'],
  [/\.(csproj|fsproj|sln)$/, 'dotnet'],
];

const PROGRAMS: Record<string, Ecosystem> = {
  npm: 'node',
  yarn: 'node',
  pnpm: 'node',
  node: 'node',
  npx: 'node',
  pip: 'python',
  pip3: 'python',
  python: 'python',
  python3: 'python',
  poetry: 'python',
  uv: 'python',
  go: 'go',
  cargo: 'rust',
  mvn: 'java',
  gradle: 'java',
  gradlew: 'java',
  bundle: 'ruby',
  gem: 'ruby',
  composer: 'php',
  dotnet: 'dotnet',
};

export function detectEcosystems(model: Model): Ecosystem[] {
  const found = new Set<Ecosystem>();
  for (const i of model.instructions) {
    if (i.keyword === 'COPY' || i.keyword === 'ADD')
      for (const a of i.args) for (const [re, eco] of MANIFESTS) if (re.test(a.text)) found.add(eco);
    for (const inv of invocations(i.shell)) {
      const eco = PROGRAMS[inv.program.replace(/^\.\//, '')];
      if (eco) found.add(eco);
    }
    for (const p of packageCommands(i.shell)) {
      if (p.manager === 'pip') found.add('python');
      if (p.manager === 'npm' || p.manager === 'yarn' || p.manager === 'pnpm') found.add('node');
    }
  }
  return [...found].sort();
}

/** The text of a .dockerignore for this Dockerfile. */
export function dockerignoreContent(model: Model, eol = '\n'): string {
  const lines = [...ALWAYS];
  for (const eco of detectEcosystems(model)) lines.push('', `# ${eco}`, ...PER_ECOSYSTEM[eco]);
  return `${lines.join(eol)}${eol}`;
}
