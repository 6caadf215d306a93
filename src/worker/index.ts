/** The trainer across a message boundary: protocol, host, client, worker and in-page transports. */
export * from './protocol';
export { TrainingHost } from './training-host';
export { TrainingClient, createWorkerTrainingClient, workerTransport, type TrainingPort, type TrainingRun, type TrainerTransport } from './training-client';
export { createInPageTrainingClient, inPageTransport } from './in-page';
export type { LabCommand, LabHostEvent, LabReplies } from './lab-protocol';
export { LabHost } from './lab-host';
export { LabClient, createWorkerLabClient, createInPageLabClient, labWorkerTransport, labInPageTransport, type LabTransport } from './lab-client';
