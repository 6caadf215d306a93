/**
 * The trainer element's public attributes and properties: the form's values (dataset, model,
 * training, backend policy), the trainer it drives and the lab it deploys to, with their defaults.
 * The behaviour lives in trainer.component.ts (`MlopsTrainer` extends this).
 */
import { LitElement } from 'lit';
import { DEFAULT_BACKEND_POLICY } from '../../src/compute/policies';
import type { BackendPolicy } from '../../src/compute/types';
import type { OptimizerName } from '../../src/model/config';
import type { Activation } from '../../src/model/spec';
import type { LabClient } from '../../src/worker/lab-client-core';
import type { TrainingPort } from '../../src/worker/training-client';
import { DEFAULT_FORM, type TrainerForm } from '../shared/job-form';

/** The trainer's attributes and properties (see the file comment). */
export class TrainerProperties extends LitElement {
  static override properties = {
    lab: { attribute: false },
    datasetId: { type: String, attribute: 'dataset', reflect: true },
    noise: { type: Number },
    samples: { type: Number },
    hiddenLayers: { type: String, attribute: 'hidden-layers' },
    filters: { type: String },
    labTarget: { type: String, attribute: 'lab-target' },
    deployLab: { attribute: false },
    activation: { type: String },
    optimizer: { type: String },
    learningRate: { type: Number, attribute: 'learning-rate', reflect: true },
    epochs: { type: Number, reflect: true },
    batchSize: { type: Number, attribute: 'batch-size' },
    validationSplit: { type: Number, attribute: 'validation-split' },
    dropout: { type: Number },
    l2: { type: Number },
    seed: { type: Number, reflect: true },
    earlyStopping: { type: Boolean, attribute: 'early-stopping' },
    patience: { type: Number },
    untilAccuracy: { type: Number, attribute: 'until-accuracy' },
    backendPolicy: { type: String, attribute: 'backend', reflect: true },
  };

  /** The trainer to drive. Left empty, the element starts its own when connected (and closes it when disconnected). */
  declare lab: TrainingPort | null;
  /** Dataset id (attribute `dataset`): `moons`, `circles`, `xor`, `spiral`, `blobs` or `shapes` (16x16 pictures, trained with the small CNN). */
  declare datasetId: TrainerForm['dataset'];
  /** Standard deviation of the noise added to the points. */
  declare noise: number;
  /** Rows drawn from the dataset; 20% become the test set. */
  declare samples: number;
  /** Hidden layer sizes as text (attribute `hidden-layers`), e.g. "16,16"; blank for none. */
  declare hiddenLayers: string;
  /** Pictures only: filters per conv block as text, e.g. "8,16". */
  declare filters: string;
  /** The lab "Deploy to the lab" sends the model to. Left empty: the `activeLab` of the element `lab-target` names. */
  declare deployLab: LabClient | null;
  /** CSS selector of the `<mlops-lab>` to deploy to when `deployLab` is not set (attribute `lab-target`, default "mlops-lab"). */
  declare labTarget: string;
  /** Activation of the hidden layers. */
  declare activation: Activation;
  /** Optimizer name. */
  declare optimizer: OptimizerName;
  /** Learning rate (attribute `learning-rate`). */
  declare learningRate: number;
  /** Passes over the training rows. */
  declare epochs: number;
  /** Rows per weight update (attribute `batch-size`). */
  declare batchSize: number;
  /** Share of the training rows kept aside for validation (attribute `validation-split`), 0..0.5. */
  declare validationSplit: number;
  /** Dropout rate after each hidden layer, 0 up to 1. */
  declare dropout: number;
  /** L2 weight penalty. */
  declare l2: number;
  /** Seeds the data, the split, the initial weights and the shuffles. */
  declare seed: number;
  /** Stop when the loss stops improving (attribute `early-stopping`). */
  declare earlyStopping: boolean;
  /** Epochs without improvement before early stopping. */
  declare patience: number;
  /**
   * "Train until" (attribute `until-accuracy`): stop at the end of the first epoch whose accuracy
   * reaches this many percent (validation accuracy, or training accuracy without a validation
   * split); `epochs` stays the cap. Null or 0: train every epoch.
   */
  declare untilAccuracy: number | null;
  /** How to choose the backend (attribute `backend`): gpu-first, fastest, webgpu, webgl, wasm or cpu. */
  declare backendPolicy: BackendPolicy;

  constructor() {
    super();
    this.lab = null;
    this.deployLab = null;
    this.labTarget = 'mlops-lab';
    this.datasetId = DEFAULT_FORM.dataset;
    this.noise = DEFAULT_FORM.noise;
    this.samples = DEFAULT_FORM.samples;
    this.hiddenLayers = DEFAULT_FORM.hiddenLayers;
    this.filters = DEFAULT_FORM.filters;
    this.activation = DEFAULT_FORM.activation;
    this.optimizer = DEFAULT_FORM.optimizer;
    this.learningRate = DEFAULT_FORM.learningRate;
    this.epochs = DEFAULT_FORM.epochs;
    this.batchSize = DEFAULT_FORM.batchSize;
    this.validationSplit = DEFAULT_FORM.validationSplit;
    this.dropout = DEFAULT_FORM.dropout;
    this.l2 = DEFAULT_FORM.l2;
    this.seed = DEFAULT_FORM.seed;
    this.earlyStopping = DEFAULT_FORM.earlyStopping;
    this.patience = DEFAULT_FORM.patience;
    this.untilAccuracy = null;
    this.backendPolicy = DEFAULT_BACKEND_POLICY;
  }

  /** The form's values. */
  get form(): TrainerForm {
    return {
      dataset: this.datasetId,
      noise: this.noise,
      samples: this.samples,
      hiddenLayers: this.hiddenLayers,
      filters: this.filters,
      activation: this.activation,
      optimizer: this.optimizer,
      learningRate: this.learningRate,
      epochs: this.epochs,
      batchSize: this.batchSize,
      validationSplit: this.validationSplit,
      dropout: this.dropout,
      l2: this.l2,
      seed: this.seed,
      earlyStopping: this.earlyStopping,
      patience: this.patience,
    };
  }

}
