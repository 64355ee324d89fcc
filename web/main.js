// Page wiring (foundation slice): ask the worker for a problem and draw it.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.onmessage = (event) => {
  const { id, result, error } = event.data;
  const request = pending.get(id);
  pending.delete(id);
  if (error) request.reject(new Error(error));
  else request.resolve(result);
};
function call(type, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, args });
  });
}

const palette = ['#0072B2', '#E69F00'];  // Okabe-Ito: safe for colour-blind viewers

const problem = await call('makeProblem', { config: { name: 'spiral' }, seed: 1 });
const classes = [[], []];
const { x, y, count } = problem.train;
for (let i = 0; i < count; i++) classes[y[i]].push({ x: x[2 * i], y: x[2 * i + 1] });
new Chart(document.getElementById('data-chart'), {
  type: 'scatter',
  data: {
    datasets: classes.map((points, label) => ({
      label: `class ${label}`, data: points, backgroundColor: palette[label], pointRadius: 3,
    })),
  },
  options: {
    animation: false,
    maintainAspectRatio: false,
    scales: { x: { title: { display: true, text: 'x₁' } }, y: { title: { display: true, text: 'x₂' } } },
  },
});
document.getElementById('status').textContent = `${count} training points, seed 1.`;
