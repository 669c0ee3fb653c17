/**
 * Update checks (issue 14): what main answers for updates.list/check/ignore/applyStack. The view starts empty
 * ("nothing checked yet"); the checker and the stack updater in this folder fill it.
 */
import type { UpdatesView } from '../../../preload/api';

export class UpdatesService {
  private view: UpdatesView = { checking: false, images: [] };

  list(): UpdatesView {
    return structuredClone(this.view);
  }
}
