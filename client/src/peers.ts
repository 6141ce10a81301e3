// Other Docker extensions that already offer Dockerfile completion, hovers and syntax checks. With
// the `auto` settings we leave those features to them so the user does not see everything twice.
import * as vscode from 'vscode';

/** Docker's own extension, Microsoft's Docker extension and its successor, Container Tools. */
export const PEER_DOCKER_EXTENSIONS = [
  'docker.docker',
  'ms-azuretools.vscode-docker',
  'ms-azuretools.vscode-containers',
] as const;

/** True when one of them is installed and enabled in this window. */
export function peerDockerExtensionActive(): boolean {
  return PEER_DOCKER_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

/** Calls `onChange` with the new state whenever a peer is installed, enabled, disabled or removed. */
export function watchPeerDockerExtensions(onChange: (active: boolean) => void): vscode.Disposable {
  let last = peerDockerExtensionActive();
  return vscode.extensions.onDidChange(() => {
    const now = peerDockerExtensionActive();
    if (now !== last) {
      last = now;
      onChange(now);
    }
  });
}
