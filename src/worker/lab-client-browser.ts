/**
 * The in-page Lab of a browser (used when the page cannot start the Lab worker; loaded on demand as
 * the `lab-client-browser` chunk, with the Lab and TF.js): the same host as the worker's, with the
 * same backend policy (gpu-first when a config names none) and the wasm binaries served by the lab.
 * Its labs record why they train where they do, as the worker's. Browser builds only (the wasm file
 * URLs come from the bundler).
 */
import { setWasmAssetPaths } from '../compute/backends';
import { DEFAULT_BACKEND_POLICY, setDefaultLabBackend } from '../compute/policies';
import { bundledWasmPaths } from '../compute/wasm-assets';
import { labInPageTransport, type LabTransport } from './lab-client';

/** A transport to a LabHost in this page, set up as the Lab worker is. */
export function browserLabInPageTransport(): LabTransport {
  setWasmAssetPaths(bundledWasmPaths());
  setDefaultLabBackend(DEFAULT_BACKEND_POLICY);
  return labInPageTransport();
}
