// The depth lesson's short training run on the active TF.js backend (runs in the model worker):
// the probe's stack (same seeded float32 initial weights W_l, src/reference/depthReference.ts)
// trained twice on the seeded regression task of src/reference/depthTrainingReference.ts
// (X [64, d], target Y = X T, loss = mean((x_L − Y)²)): once with residual connections, once
// without. Plain SGD, W ← W − η ∂loss/∂W: Adam would rescale each weight's step by its own
// gradient size and so hide exactly the vanishing gradients the figure is about.
//
// The run is only ever started by the page (a button), and goes in chunks: each call does a
// little work (one stack's Float64 check, or a few SGD steps of both stacks, within a time
// budget) and returns, so the worker's queue keeps answering the gradient probe in between.
// The stacks stay in the worker between calls (DepthTrainingRuns), one run at a time.
import { tf } from './tf';
import { activate, layerNorm } from './depthProbe';
import { depthWeights } from '../reference/depthReference';
import {
  DEPTH_TRAIN_BATCH, depthTrainFirstStep, depthTrainInputs, depthTrainTargets, type DepthTrainFirstStep, type DepthTrainingSetup,
} from '../reference/depthTrainingReference';

/** At most this many steps (the lesson asks for fewer; a cap keeps a stray call cheap). */
export const DEPTH_TRAIN_MAX_STEPS = 200;

export interface DepthTrainingInput extends DepthTrainingSetup {
  steps: number;
  learningRate: number;
}

/** One call: go on with run `run` (a new id starts a new run from the initial weights). */
export interface DepthTrainingChunkInput {
  run: number;
  setup: DepthTrainingInput;
  /** At most this many SGD steps (of both stacks) in this call. */
  maxSteps: number;
  /** Stop taking further steps once this much time has passed (at least one step is taken). */
  budgetMs: number;
}

export interface DepthTrainingChunk {
  run: number;
  /** The run was (re)started by this call: the page drops what it had (a new run, or a backend switch / lost device). */
  fresh: boolean;
  /** Index of the first loss below: loss k is the loss before SGD step k + 1 (k = steps: after the last step). */
  from: number;
  residual: (number | null)[];
  plain: (number | null)[];
  /** Steps taken so far (of `setup.steps`). */
  step: number;
  done: boolean;
  /** The Float64 first step of a stack, when this call computed it (one stack per call: at depth 64, width 256 each takes ≈ 2 s). */
  reference?: { residual?: DepthTrainFirstStep; plain?: DepthTrainFirstStep };
  backend: string;
}

/** One stack's weights as variables, and its SGD step. */
class Stack {
  private readonly weights: tf.Variable[];

  constructor(
    private readonly setup: DepthTrainingInput,
    private readonly residual: boolean,
    private readonly input: tf.Tensor2D,
    private readonly target: tf.Tensor2D,
  ) {
    this.weights = Array.from({ length: setup.depth }, (_, l) => {
      const initial = tf.tensor2d(depthWeights(setup, l), [setup.width, setup.width]);
      const variable = tf.variable(initial, true, undefined, 'float32');
      initial.dispose();
      return variable;
    });
  }

  private loss = (): tf.Scalar => {
    let x: tf.Tensor = this.input;
    for (const w of this.weights) {
      const h = this.setup.norm === 'pre' ? layerNorm(x) : x;
      const a = activate(this.setup.activation, tf.matMul(h, w));
      const branch = this.setup.norm === 'post' ? layerNorm(a) : a;
      x = this.residual ? tf.add(x, branch) : branch;
    }
    return tf.mean(tf.squaredDifference(x, this.target));
  };

  /** One SGD step; returns the loss before it (still on the device). */
  step(): tf.Scalar {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(this.loss, this.weights);
      for (const w of this.weights) w.assign(tf.sub(w, tf.mul(this.setup.learningRate, grads[w.name])));
      return value;
    });
  }

  /** The loss at the current weights. */
  current(): tf.Scalar {
    return tf.tidy(this.loss);
  }

  dispose(): void {
    tf.dispose(this.weights);
  }
}

interface Run {
  id: number;
  key: string;
  /** The backend instance its tensors live on (a restarted device is a new instance). */
  backend: object;
  setup: DepthTrainingInput;
  steps: number;
  step: number;
  referenced: { residual: boolean; plain: boolean };
  input: tf.Tensor2D;
  target: tf.Tensor2D;
  residual: Stack;
  plain: Stack;
}

const finite = (values: ArrayLike<number>) => Array.from(values, (v) => (Number.isFinite(v) ? v : null));

export class DepthTrainingRuns {
  private run: Run | null = null;

  async chunk(call: DepthTrainingChunkInput): Promise<DepthTrainingChunk> {
    const key = JSON.stringify(call.setup);
    let run = this.run;
    const fresh = !run || run.id !== call.run || run.key !== key || run.backend !== tf.backend();
    if (fresh) run = this.start(call);
    const current = run!;
    const backend = tf.getBackend();
    const base = { run: call.run, fresh, from: current.step, residual: [], plain: [], backend };
    // The Float64 checks first, one stack per call (pure JS: they hold the queue while they run).
    for (const name of ['residual', 'plain'] as const) {
      if (current.referenced[name]) continue;
      current.referenced[name] = true;
      const reference = depthTrainFirstStep(current.setup, name === 'residual', current.setup.learningRate);
      return { ...base, step: current.step, done: false, reference: { [name]: reference } };
    }
    const started = performance.now();
    const residual: number[] = [];
    const plain: number[] = [];
    const limit = Math.max(1, Math.round(call.maxSteps));
    let taken = 0;
    while (current.step < current.steps && taken < limit && (taken === 0 || performance.now() - started < call.budgetMs)) {
      const both = [current.residual.step(), current.plain.step()];
      // Reading the two losses back each step makes the time budget real on a GPU (its work is queued otherwise).
      const values = await Promise.all(both.map((loss) => loss.data()));
      tf.dispose(both);
      residual.push(values[0][0]);
      plain.push(values[1][0]);
      current.step++;
      taken++;
    }
    const done = current.step >= current.steps;
    if (done) {
      const last = [current.residual.current(), current.plain.current()];
      const values = await Promise.all(last.map((loss) => loss.data()));
      tf.dispose(last);
      residual.push(values[0][0]);
      plain.push(values[1][0]);
      this.release();
    }
    return { ...base, residual: finite(residual), plain: finite(plain), step: current.step, done };
  }

  /** Free the run's tensors (a finished run frees itself; the page calls this when it cancels one). */
  release(): void {
    const run = this.run;
    this.run = null;
    if (!run) return;
    try {
      run.residual.dispose();
      run.plain.dispose();
      tf.dispose([run.input, run.target]);
    } catch {
      // Its tensors may sit on a lost device; they go away with it.
    }
  }

  private start(call: DepthTrainingChunkInput): Run {
    this.release();
    const { setup } = call;
    const input = tf.tensor2d(depthTrainInputs(setup), [DEPTH_TRAIN_BATCH, setup.width]);
    const target = tf.tensor2d(depthTrainTargets(setup), [DEPTH_TRAIN_BATCH, setup.width]);
    this.run = {
      id: call.run,
      key: JSON.stringify(setup),
      backend: tf.backend(),
      setup,
      steps: Math.max(0, Math.min(DEPTH_TRAIN_MAX_STEPS, Math.round(setup.steps))),
      step: 0,
      referenced: { residual: false, plain: false },
      input,
      target,
      residual: new Stack(setup, true, input, target),
      plain: new Stack(setup, false, input, target),
    };
    return this.run;
  }
}
