// Document links: a base image to its page on its registry's website, and a stage used by name or
// number (`FROM build`, `COPY --from=build`, `RUN --mount=…,from=build`) to the FROM line that defines
// it in the same document.
import { parseImageReference } from '../model/imageRef';
import type { Model, Range } from '../model/types';
import { resolveReference, stageReferences } from '../rules/lib/stages';

export interface DocumentLinkInfo {
  range: Range;
  target: string;
  tooltip: string;
}

export function documentLinks(model: Model, documentUri: string): DocumentLinkInfo[] {
  const links: DocumentLinkInfo[] = [];
  const stageLink = (range: Range, index: number): void => {
    const stage = model.stages[index];
    if (!stage) return;
    const line = stage.from.range.start.line;
    links.push({
      range,
      // VS Code opens `#L<n>` (1-based) at that line.
      target: `${documentUri}#L${line + 1}`,
      tooltip: `Go to stage ${stage.rawName ?? stage.index} (line ${line + 1})`,
    });
  };

  for (const stage of model.stages) {
    const base = stage.base;
    if (!base || stage.isScratch) continue;
    if (stage.baseStage !== undefined) {
      stageLink(base.range, stage.baseStage);
      continue;
    }
    const page = imagePage(base.registry, base.repository);
    if (page && !base.hasUnresolvedVariables)
      links.push({ range: base.range, target: page.url, tooltip: `Open ${base.repository} on ${page.site}` });
  }

  for (const ref of stageReferences(model)) {
    const value = ref.value.trim();
    const resolved = resolveReference(model, value, ref.instruction.stageIndex);
    if (resolved.kind === 'stage' || resolved.kind === 'index' || resolved.kind === 'later-stage') {
      stageLink(ref.range, resolved.stage.index);
    } else if (resolved.kind === 'image' || resolved.kind === 'name') {
      // `COPY --from=nginx:1.27 …` copies from an image.
      const image = parseImageReference(value, value, false, ref.range, undefined);
      const page = imagePage(image.registry, image.repository);
      if (page)
        links.push({
          range: ref.range,
          target: page.url,
          tooltip: `Open ${image.repository} on ${page.site}`,
        });
    }
  }
  return links.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

const REPOSITORY_PATH = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/**
 * The web page of an image repository, for registries whose pages have a stable address. Docker Hub:
 * official images under `/_/`, others under `/r/`. ghcr.io answers browsers with a redirect to the
 * package's GitHub page. Google's gcr.io pages moved into per-project consoles (sign-in, no stable
 * public address), so those get no link.
 */
export function imagePage(
  registry: string | undefined,
  repository: string,
): { url: string; site: string } | undefined {
  if (!REPOSITORY_PATH.test(repository)) return undefined;
  const host = registry?.toLowerCase();
  if (
    host === undefined ||
    host === 'docker.io' ||
    host === 'index.docker.io' ||
    host === 'registry-1.docker.io'
  ) {
    const parts = repository.split('/');
    if (parts.length === 1 || (parts.length === 2 && parts[0] === 'library'))
      return { url: `https://hub.docker.com/_/${parts[parts.length - 1]}`, site: 'Docker Hub' };
    if (parts.length === 2) return { url: `https://hub.docker.com/r/${repository}`, site: 'Docker Hub' };
    return undefined;
  }
  if (!repository.includes('/') && host !== 'mcr.microsoft.com') return undefined;
  switch (host) {
    case 'ghcr.io':
      return { url: `https://ghcr.io/${repository}`, site: 'GitHub Packages' };
    case 'quay.io':
      return { url: `https://quay.io/repository/${repository}`, site: 'Quay' };
    case 'mcr.microsoft.com':
      return {
        url: `https://mcr.microsoft.com/artifact/mar/${repository}`,
        site: 'Microsoft Artifact Registry',
      };
    case 'public.ecr.aws':
      return { url: `https://gallery.ecr.aws/${repository}`, site: 'Amazon ECR Public Gallery' };
    default:
      return undefined;
  }
}
