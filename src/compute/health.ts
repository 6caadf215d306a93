/**
 * Watching a GPU backend for loss while it is in use.
 *
 * A lost WebGL context does not stop TF.js: its calls become no-ops and reads return zeros, so
 * training would go on silently on garbage. A lost WebGPU device fails more loudly, but late. The
 * watch turns both into a BackendLostError at the next check (the trainer checks once per batch):
 * WebGL is asked synchronously (`isContextLost()`) and through its `webglcontextlost` event; WebGPU
 * through the device's `lost` promise.
 */
import * as tf from '@tensorflow/tfjs';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { BackendLostError } from '../errors';
import type { BackendLoss, BackendName } from './types';

/** Watches one started backend; `check()` throws once it is lost. */
export class BackendWatch {
  private loss: BackendLoss | null = null;
  private disposed = false;
  private readonly controller = new AbortController();
  private readonly gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  private readonly onContextLost = (): void => this.markLost({ backend: 'webgl', reason: 'webgl-context-lost' });

  constructor(readonly backend: BackendName) {
    const instance = tf.findBackend(backend);
    if (instance instanceof MathBackendWebGL) {
      this.gl = instance.gpgpu.gl;
      this.gl.canvas.addEventListener('webglcontextlost', this.onContextLost as EventListener);
    } else if (instance instanceof WebGPUBackend) {
      void instance.device.lost.then((info) => {
        this.markLost({ backend: 'webgpu', reason: 'webgpu-device-lost', detail: info.message || info.reason || undefined });
      });
    }
  }

  /** Aborts when the backend is lost; its reason is the BackendLostError. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The loss, if the backend was lost. */
  get lost(): BackendLoss | null {
    if (!this.loss && this.gl?.isContextLost()) this.markLost({ backend: 'webgl', reason: 'webgl-context-lost' });
    return this.loss;
  }

  /** Throws a BackendLostError if the backend was lost. Cheap enough to call every batch. */
  check(): void {
    const loss = this.lost;
    if (loss) throw new BackendLostError(loss);
  }

  /** Stops watching (a deliberate disposal is not a loss). */
  dispose(): void {
    this.disposed = true;
    this.gl?.canvas.removeEventListener('webglcontextlost', this.onContextLost as EventListener);
  }

  private markLost(loss: BackendLoss): void {
    if (this.disposed || this.loss) return;
    this.loss = loss.detail ? loss : { backend: loss.backend, reason: loss.reason };
    this.controller.abort(new BackendLostError(this.loss));
  }
}
