// "Show Newest Supported Base Image Tags": lists each stage's base with its end-of-life status from the
// server and, on a pick, replaces the tag with the newest supported one. No analysis here.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  BaseTagsRequest,
  type BaseTagInfo,
  type BaseTagsParams,
  type BaseTagsResult,
} from '../../common/protocol';

export const SHOW_NEWEST_BASE_TAGS_COMMAND = 'leanDockerfile.showNewestBaseTags';

/**
 * Arguments for scripted use (tests, keybindings): with a `uri` no pick is shown, the bases are
 * returned, and `apply` replaces that stage's tag with the newest supported one.
 */
export interface NewestBaseTagsArgs {
  uri?: string;
  apply?: { stageIndex: number };
}

interface BaseItem extends vscode.QuickPickItem {
  base: BaseTagInfo;
}

function describe(base: BaseTagInfo): string {
  const release = base.product && base.cycle ? `${base.product} ${base.cycle}` : undefined;
  if (base.status === 'end-of-life') return `${release ?? 'release'}: end of life since ${base.eol}`;
  if (base.status === 'supported')
    return `${release ?? 'release'}: supported${base.eol ? ` until ${base.eol}` : ''}`;
  return 'not in the end-of-life table';
}

const short = (digest: string): string => digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]*$/, '$1…');

function itemFor(base: BaseTagInfo): BaseItem {
  const icon =
    base.status === 'end-of-life' ? '$(warning)' : base.status === 'supported' ? '$(check)' : '$(question)';
  const stage = base.stageName ? ` (stage ${base.stageName})` : '';
  const newest = base.newestTag
    ? `Newest supported: ${base.image}:${base.newestTag}${base.tagRange ? ' (pick to replace)' : ''}`
    : base.status === 'unknown'
      ? 'No release data for this image'
      : 'Already on the newest supported release in the table';
  const moved = base.pointer?.movedFrom
    ? ` · $(history) the tag moved: it named ${short(base.pointer.movedFrom.digest)} (seen ${base.pointer.movedFrom.since.slice(0, 10)}), now ${short(base.pointer.digest)}`
    : '';
  return {
    label: `${icon} ${base.written}${stage}`,
    description: describe(base),
    detail: `${newest} · table of ${base.asOf}${moved}`,
    base,
  };
}

async function replaceTag(uri: vscode.Uri, base: BaseTagInfo): Promise<boolean> {
  if (!base.newestTag || !base.tagRange) return false;
  const { start, end } = base.tagRange;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), base.newestTag);
  return vscode.workspace.applyEdit(edit);
}

export async function showNewestBaseTags(
  client: LanguageClient | undefined,
  args: NewestBaseTagsArgs = {},
): Promise<BaseTagInfo[] | undefined> {
  const uri = args.uri
    ? vscode.Uri.parse(args.uri)
    : vscode.window.activeTextEditor?.document.languageId === 'dockerfile'
      ? vscode.window.activeTextEditor.document.uri
      : undefined;
  if (!uri) {
    void vscode.window.showInformationMessage('Open a Dockerfile to check its base image tags.');
    return undefined;
  }
  if (!client) return undefined;
  const result = await client.sendRequest<BaseTagsResult | null>(BaseTagsRequest, {
    uri: uri.toString(),
  } satisfies BaseTagsParams);
  const bases = result?.bases ?? [];
  if (args.uri) {
    const base = args.apply && bases.find((b) => b.stageIndex === args.apply?.stageIndex);
    if (base) await replaceTag(uri, base);
    return bases;
  }
  if (bases.length === 0) {
    void vscode.window.showInformationMessage('No stage of this Dockerfile is built from an image.');
    return bases;
  }
  const picked = await vscode.window.showQuickPick(bases.map(itemFor), {
    title: 'Base image tags (bundled end-of-life table)',
    placeHolder: 'Pick a base to move it to its newest supported tag',
    matchOnDescription: true,
  });
  if (picked && !(await replaceTag(uri, picked.base)) && picked.base.newestTag)
    void vscode.window.showInformationMessage(
      `${picked.base.written} is written with variables or a digest: change it to ${picked.base.image}:${picked.base.newestTag} by hand.`,
    );
  return bases;
}
