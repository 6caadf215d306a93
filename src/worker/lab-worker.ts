/**
 * Entry point of the dedicated Lab Worker: a LabHost whose events are posted to the page. The lab
 * trains and serves on the cpu backend by default here: its models are tiny, and on these machines
 * the GPU backends are software-emulated (DESIGN.md); the trainer page shows the GPU paths.
 */
import * as tf from '@tensorflow/tfjs';
import type { LabCommand } from './lab-protocol';
import { LabHost } from './lab-host';

const ready = tf.setBackend('cpu').then(() => tf.ready());
const host = new LabHost((event) => postMessage(event));
addEventListener('message', (e: MessageEvent<LabCommand>) => void ready.then(() => host.handle(e.data)));
