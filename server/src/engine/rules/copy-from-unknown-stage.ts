import type { Model } from '../model/types';
import { knownTags } from '../size/baseImages';
import { closest } from './lib/suggest';
import { resolveReference, stageReferences } from './lib/stages';
import type { Rule } from './types';

// Docker Official Images that Dockerfiles copy from directly (`COPY --from=busybox …`): such a name is
// the image, never a misspelt stage (`node` next to a stage called `nodes`).
const OFFICIAL_IMAGES = new Set([
  'alpine',
  'amazoncorretto',
  'amazonlinux',
  'almalinux',
  'bash',
  'buildpack-deps',
  'busybox',
  'caddy',
  'centos',
  'clojure',
  'composer',
  'debian',
  'docker',
  'eclipse-temurin',
  'elixir',
  'erlang',
  'fedora',
  'gcc',
  'golang',
  'gradle',
  'haproxy',
  'haskell',
  'httpd',
  'julia',
  'mariadb',
  'maven',
  'memcached',
  'mongo',
  'mysql',
  'nginx',
  'node',
  'openjdk',
  'oraclelinux',
  'perl',
  'php',
  'postgres',
  'pypy',
  'python',
  'rabbitmq',
  'redis',
  'registry',
  'rockylinux',
  'ruby',
  'rust',
  'swift',
  'tomcat',
  'traefik',
  'ubuntu',
]);

/**
 * `COPY --from=x` (and `RUN --mount=…,from=x`) resolves x as a stage name, else as a stage number,
 * else as an image. So a misspelt or missing stage does not fail as "unknown stage": BuildKit tries
 * to pull `docker.io/library/x:latest` instead.
 */
export const copyFromUnknownStage: Rule = {
  meta: {
    id: 'copy-from-unknown-stage',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL3022'],
    description: '`--from` names something that is neither an earlier stage nor an image reference.',
  },
  check({ model, report }) {
    for (const ref of stageReferences(model)) {
      const resolved = resolveReference(model, ref.value, ref.instruction.stageIndex);
      const flag = ref.kind === 'copy' ? `--from=${ref.value}` : `from=${ref.value}`;
      let message: string | undefined;
      switch (resolved.kind) {
        case 'bad-index':
          message = `\`${flag}\`: there is no stage ${resolved.index} (the file has ${model.stages.length} stage${model.stages.length === 1 ? '' : 's'}, numbered from 0).`;
          break;
        case 'own-stage':
          message = `\`${flag}\` refers to the stage it is in: a stage cannot copy from itself.`;
          break;
        case 'later-stage':
          message = `\`${flag}\` refers to a stage that is defined later (line ${resolved.stage.from.range.start.line + 1}). Refer only to earlier stages: the classic builder rejects forward references, and the build order becomes hard to follow.`;
          break;
        case 'variable':
          message = `\`${flag}\` uses a variable: BuildKit does not expand variables in \`--from\`. Define a stage \`FROM \${…} AS name\` with a global ARG and use its name.`;
          break;
        case 'name': {
          if (/[{}%]/.test(ref.value) || isKnownImage(ref.value)) break;
          if (ref.value !== ref.value.toLowerCase()) {
            message = `\`${flag}\`: no earlier stage is named \`${ref.value}\`, and with upper-case letters it cannot be an image name either.${suggestion(model, ref.value, ref.instruction.stageIndex)}`;
            break;
          }
          // A plain lower-case name may be an image (also a local one) or a named build context:
          // reported only when it looks like a misspelt stage name.
          const meant = misspeltStage(model, ref.value, ref.instruction.stageIndex);
          if (meant)
            message = `\`${flag}\`: no stage is named \`${ref.value}\`; did you mean \`${meant}\`? As written, BuildKit uses \`${ref.value}\` as an image (\`docker.io/library/${ref.value}:latest\`) or as a build context of that name.`;
          break;
        }
        default:
          break;
      }
      if (message) report({ range: ref.range, message });
    }
  },
};

function isKnownImage(value: string): boolean {
  if (value === 'context' || value === 'scratch') return true;
  return OFFICIAL_IMAGES.has(value) || knownTags(value).length > 0;
}

/** ` Did you mean \`build\`?` for an earlier stage whose name is close to `value`. */
function suggestion(model: Model, value: string, current: number): string {
  const meant = misspeltStage(model, value, current);
  return meant ? ` Did you mean \`${meant}\`?` : '';
}

/**
 * The earlier stage that `value` most likely means: a name within an edit or two (`buidler`), or one
 * that `value` is a dash/underscore/dot-separated part of, or the other way round (`set` for
 * `license-set`).
 */
function misspeltStage(model: Model, value: string, current: number): string | undefined {
  const stages = model.stages.filter((s) => s.name && s.index < current);
  const close = closest(
    value,
    stages.map((s) => s.rawName!),
  );
  if (close) return close;
  const lower = value.toLowerCase();
  const parts = (name: string): string[] => name.split(/[-_.]/).filter((p) => p.length >= 3);
  const match = stages.find((s) => parts(s.name!).includes(lower) || parts(lower).includes(s.name!));
  return match?.rawName;
}
