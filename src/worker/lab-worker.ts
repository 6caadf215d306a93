/**
 * Entry point of the dedicated Lab Worker: a LabHost whose events are posted to the page. A lab
 * trains on the backend its config's policy picks (gpu-first when it names none: a real GPU, else
 * WebAssembly), with the wasm binaries served by the lab itself. The realm starts on the cpu backend
 * so that nothing done before a lab chooses (reading a session file, say) starts a GPU by accident.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmAssetPaths } from '../compute/backends';
import { DEFAULT_BACKEND_POLICY, setDefaultLabBackend } from '../compute/policies';
import { bundledWasmPaths } from '../compute/wasm-assets';
import type { LabCommand } from './lab-protocol';
import { LabHost } from './lab-host';

setWasmAssetPaths(bundledWasmPaths());
setDefaultLabBackend(DEFAULT_BACKEND_POLICY);
const ready = tf.setBackend('cpu').then(() => tf.ready());
const host = new LabHost((event) => postMessage(event));
addEventListener('message', (e: MessageEvent<LabCommand>) => void ready.then(() => host.handle(e.data)));
