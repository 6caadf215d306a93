/**
 * Entry point of the dedicated training Worker: a TrainingHost whose events are posted to the page.
 */
import { setWasmAssetPaths } from '../compute/backends';
import { bundledWasmPaths } from '../compute/wasm-assets';
import type { TrainerCommand } from './protocol';
import { TrainingHost } from './training-host';

setWasmAssetPaths(bundledWasmPaths());
const host = new TrainingHost((event) => postMessage(event));
addEventListener('message', (e: MessageEvent<TrainerCommand>) => void host.handle(e.data));
