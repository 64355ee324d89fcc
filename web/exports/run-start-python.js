// What makes a PyTorch listing the page's run and not merely a run like it: the exact samples and
// initial weights (the core's runStart), lrlab's batch order (its generator and shuffle, ported
// below to a few lines of Python) and its optimizers' Keras 3 update rules where PyTorch's own
// classes differ. tests/wasm/code-export-run.test.mjs runs the listings with PyTorch and compares
// the losses they print with the core's history.
import { py } from './python-literals.js';

// Above this many numbers (samples and weights together) the listing loads them from a JSON file
// saved beside it instead of carrying them: a 1,797-row table would be 130,000 numbers of text.
export const EMBED_LIMIT = 20000;

// Shortest text that reads back as the same double in Python (JavaScript and Python both print
// and read floats with correct rounding), with a decimal point so Python reads a float.
const number = (x) => (Number.isInteger(x) ? `${x}.0` : String(x));

// rows of `width` numbers from a flat sample-after-sample array.
function rows(values, width) {
  const out = [];
  for (let i = 0; i < values.length; i += width) out.push(Array.from(values.subarray(i, i + width), number));
  return out;
}

// `[[a, b], [c, d], ...]` wrapped at about 100 characters, continuation lines indented 4.
function listLiteral(items, { open = '[', close = ']' } = {}) {
  const lines = [];
  let line = '';
  for (const item of items) {
    const text = `${item}, `;
    if (line && line.length + text.length > 96) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += text;
  }
  if (line) lines.push(line.trimEnd());
  if (lines.length <= 1) return `${open}${(lines[0] ?? '').replace(/,$/, '')}${close}`;
  return [open, ...lines.map((l) => `    ${l}`), close].join('\n');
}

const rowText = (row) => `[${row.join(', ')}]`;

/** @param {import('../worker/lrlab-api-types.d.ts').RunStart} start */
export function runStartSize(start) {
  const layers = start.layers.reduce((sum, l) => sum + l.weight.length + l.bias.length, 0);
  return start.train.x.length + start.train.y.length + start.val.x.length + start.val.y.length + layers;
}

// The data file's content: the same names the embedded form defines, as JSON.
/** @param {import('../worker/lrlab-api-types.d.ts').RunStart} start */
export function runStartJson(start) {
  const data = {
    x_train: rows(start.train.x, start.inputs), y_train: rows(start.train.y, start.outputs),
    x_val: rows(start.val.x, start.inputs), y_val: rows(start.val.y, start.outputs),
    weights: start.layers.map((l) => ({ weight: rows(l.weight, l.inputs), bias: Array.from(l.bias, number) })),
  };
  // The rows hold number texts: joined as they are, so JSON keeps each double's exact text.
  const list = (items) => `[${items.map((row) => (Array.isArray(row) ? `[${row.join(',')}]` : row)).join(',')}]`;
  const weights = data.weights.map((w) => `{"weight":${list(w.weight)},"bias":[${w.bias.join(',')}]}`);
  return `{"x_train":${list(data.x_train)},"y_train":${list(data.y_train)},"x_val":${list(data.x_val)},`
    + `"y_val":${list(data.y_val)},"weights":[${weights.join(',')}]}\n`;
}

// Python lines defining X_TRAIN, Y_TRAIN, X_VAL, Y_VAL (one list per sample) and WEIGHTS (per
// layer, weight rows out x in as nn.Linear holds them, and the bias): embedded, or read from
// `dataFile` when the run is too big to carry.
/**
 * @param {import('../worker/lrlab-api-types.d.ts').RunStart} start
 * @param {{dataFile: string, seed: number}} options
 */
export function runStartPython(start, { dataFile, seed }) {
  const split = `${start.train.count} training and ${start.val.count} validation samples`;
  if (runStartSize(start) > EMBED_LIMIT) {
    return [
      `# The run's ${split} and its initial weights, exactly as lrlab drew them`,
      `# from seed ${seed}: "Save data" in lrlab's As code dialog saves ${dataFile} beside this file.`,
      `with open(${JSON.stringify(dataFile)}) as file:`,
      '    RUN = json.load(file)',
      'X_TRAIN, Y_TRAIN, X_VAL, Y_VAL = RUN["x_train"], RUN["y_train"], RUN["x_val"], RUN["y_val"]',
      'WEIGHTS = [(layer["weight"], layer["bias"]) for layer in RUN["weights"]]',
    ];
  }
  const samples = (name, values, width) => `${name} = ${listLiteral(rows(values, width).map(rowText))}`;
  const lines = [
    `# The run's ${split}, exactly as lrlab drew them`,
    `# from seed ${seed}: one list per sample.`,
    samples('X_TRAIN', start.train.x, start.inputs),
    samples('Y_TRAIN', start.train.y, start.outputs),
    samples('X_VAL', start.val.x, start.inputs),
    samples('Y_VAL', start.val.y, start.outputs),
    '# Its initial weights, layer by layer: (weight, one row per unit as nn.Linear holds it; bias).',
    'WEIGHTS = [',
  ];
  const indent = (text, by) => text.split('\n').map((line) => ' '.repeat(by) + line).join('\n');
  start.layers.forEach((layer, l) => {
    lines.push(`    (  # layer ${l + 1}: ${layer.outputs} unit${layer.outputs === 1 ? '' : 's'}, ${layer.inputs} input${layer.inputs === 1 ? '' : 's'} each`,
      `${indent(listLiteral(rows(layer.weight, layer.inputs).map(rowText)), 8)},`,
      `${indent(listLiteral(Array.from(layer.bias, number)), 8)},`,
      '    ),');
  });
  lines.push(']');
  return lines;
}

// lrlab's generator (core/random.cpp) and shuffle, in Python integers kept to 64 bits by masks.
export const SHUFFLE_SOURCE = String.raw`M64 = (1 << 64) - 1


def splitmix64(state):
    """One step of SplitMix64: (next state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class LrlabShuffle:
    """lrlab's epoch shuffle: xoshiro256** seeded by SplitMix64 on the seed's shuffle stream (2),
    and a Fisher-Yates shuffle from the back, so the batches are the page's."""

    def __init__(self, seed):
        _, state = splitmix64(seed ^ ((2 * 0xD1B54A32D192ED03) & M64))  # the stream's own seed
        self.s = []
        for _ in range(4):
            state, word = splitmix64(state)
            self.s.append(word)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        """Uniform in [0, n): draws above the last whole multiple of n are drawn again."""
        limit = M64 - (M64 % n)
        while True:
            x = self.next()
            if x < limit:
                return x % n

    def shuffle(self, items):
        for i in range(len(items), 1, -1):
            j = self.below(i)
            items[i - 1], items[j] = items[j], items[i - 1]`;

const f = py.float;

const KERAS_SGD = String.raw`class KerasSGD(torch.optim.Optimizer):
    """SGD with momentum as Keras 3 writes it, which lrlab follows: the velocity m already holds
    the rate (m = momentum * m - lr * g, then w += m; Nesterov: w += momentum * m - lr * g).
    torch.optim.SGD keeps its buffer in gradients and multiplies by lr when it steps: the same
    while the rate is constant, not after a schedule or a plateau changes it."""

    def __init__(self, params, lr, momentum, nesterov=False):
        super().__init__(params, {"lr": lr})
        self.momentum, self.nesterov = momentum, nesterov

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for w in group["params"]:
                state = self.state[w]
                if not state:
                    state["m"] = torch.zeros_like(w)
                m = state["m"]
                gradient_step = w.grad * group["lr"]
                m.copy_(m * self.momentum - gradient_step)
                w += m * self.momentum - gradient_step if self.nesterov else m`;

const KERAS_ADAM = String.raw`class KerasAdam(torch.optim.Optimizer):
    """Adam (AdamW with weight_decay) as Keras 3 writes it, which lrlab follows: eps is added to
    sqrt(v) and both bias corrections are folded into the step size. torch.optim.Adam adds eps
    after correcting v (sqrt(v / (1 - beta_2^t)) + eps): close, but not the page's numbers."""

    def __init__(self, params, lr, beta_1, beta_2, epsilon, amsgrad=False, weight_decay=0.0):
        super().__init__(params, {"lr": lr})
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.amsgrad, self.weight_decay = amsgrad, weight_decay
        self.beta_1_power = self.beta_2_power = 1.0  # beta^t, kept as running products

    @torch.no_grad()
    def step(self):
        self.beta_1_power *= self.beta_1
        self.beta_2_power *= self.beta_2
        for group in self.param_groups:
            lr = group["lr"]
            alpha = lr * math.sqrt(1 - self.beta_2_power) / (1 - self.beta_1_power)
            for w in group["params"]:
                state = self.state[w]
                if not state:
                    state.update(m=torch.zeros_like(w), v=torch.zeros_like(w), v_max=torch.zeros_like(w))
                m, v, g = state["m"], state["v"], w.grad
                if self.weight_decay:
                    w -= w * self.weight_decay * lr  # decoupled: the gradient is the one before
                m += (g - m) * (1 - self.beta_1)
                v += (g * g - v) * (1 - self.beta_2)
                if self.amsgrad:
                    torch.maximum(state["v_max"], v, out=state["v_max"])
                    v = state["v_max"]
                w -= m * alpha / (v.sqrt() + self.epsilon)`;

// The optimizer written out with lrlab's (Keras 3's) rule where PyTorch's class differs from it:
// {source: the class, call: its construction}, or null where PyTorch's own class has the same rule
// (plain SGD) or none is written out here (the listing then uses PyTorch's and says how it differs).
export function kerasRuleOptimizer(o) {
  if (o.name === 'sgd' && o.momentum > 0) {
    return { source: KERAS_SGD, call: `KerasSGD(model.parameters(), lr=LR0, momentum=${f(o.momentum)}, nesterov=${o.nesterov ? 'True' : 'False'})` };
  }
  if (o.name === 'adam' || o.name === 'adamw') {
    const decay = o.name === 'adamw' ? `, weight_decay=${f(o.weight_decay)}` : '';
    return { source: KERAS_ADAM,
      call: `KerasAdam(model.parameters(), lr=LR0, beta_1=${f(o.beta_1)}, beta_2=${f(o.beta_2)}, epsilon=${f(o.epsilon)}, amsgrad=${o.amsgrad ? 'True' : 'False'}${decay})` };
  }
  return null;
}

// Whether PyTorch's own class for this optimizer follows lrlab's rule exactly.
export const torchRuleIsLrlabs = (o) => o.name === 'sgd' && !(o.momentum > 0);
