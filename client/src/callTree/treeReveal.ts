// Revealing a tree item when VS Code's cached children lag behind the provider's.
import type * as vscode from 'vscode';

/**
 * TreeView.reveal, tried again (after 250, 500, 750, 1000, 1250 ms) while VS Code reports it
 * cannot resolve the item: VS Code answers reveals from the children it cached, and on a busy
 * machine its refresh after a page was loaded can take longer than the provider waits for it, or
 * not come at all when it did not consider the parent expanded. With `parentOf`, each retry first
 * reveals the parent expanded, which makes VS Code fetch the parent's children again.
 */
export async function revealNode<T>(view: vscode.TreeView<T>, node: T, options: { select?: boolean; focus?: boolean; expand?: boolean | number }, parentOf?: (node: T) => T | undefined): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await view.reveal(node, options);
      return;
    } catch (e) {
      if (attempt > 5 || !(e instanceof Error) || !e.message.includes('Cannot resolve tree item')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      const parent = parentOf?.(node);
      if (parent !== undefined) await view.reveal(parent, { select: false, focus: false, expand: true }).then(undefined, () => undefined);
    }
  }
}
