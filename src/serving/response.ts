/**
 * Builds the protocol's answer from class probabilities: `probabilities` [n, classes] FP32,
 * `label` [n] BYTES (the class name of the most probable class) and `class_index` [n] INT32.
 */
import type { InferResponse, ResponseOutput, ResponseParameters } from './protocol';

/** The index of the largest of `classes` values at `probs[row * classes ...]` (ties: the lower index). */
export function argmaxRow(probs: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if ((probs[row * classes + c] as number) > (probs[row * classes + best] as number)) best = c;
  return best;
}

/** The three outputs of a response. */
export function outputsOf(probs: Float32Array, n: number, classNames: readonly string[]): ResponseOutput[] {
  const classes = classNames.length;
  const index = new Array<number>(n);
  const labels = new Array<string>(n);
  for (let r = 0; r < n; r++) {
    const k = argmaxRow(probs, r, classes);
    index[r] = k;
    labels[r] = classNames[k] as string;
  }
  // A plain loop: Array.from on a typed array goes through the iterator protocol, several times slower.
  const values = new Array<number>(n * classes);
  for (let i = 0; i < values.length; i++) values[i] = probs[i] as number;
  return [
    { name: 'probabilities', shape: [n, classes], datatype: 'FP32', data: values },
    { name: 'label', shape: [n], datatype: 'BYTES', data: labels },
    { name: 'class_index', shape: [n], datatype: 'INT32', data: index },
  ];
}

/** A full successful response, with only the `wanted` outputs when the request named some. */
export function inferResponse(modelName: string, version: string, id: string, probs: Float32Array, n: number, classNames: readonly string[], parameters: ResponseParameters, wanted?: readonly string[]): InferResponse {
  const all = outputsOf(probs, n, classNames);
  return { model_name: modelName, model_version: version, id, parameters, outputs: wanted ? all.filter((o) => wanted.includes(o.name)) : all };
}
