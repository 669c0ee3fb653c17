/** The Electron main process entry (built to dist/main/index.js). */
import { launch } from './launch';

launch();
