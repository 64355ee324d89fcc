// What a view shows when the runs train on a real table. The landscape card draws contour lines
// over two parameters: a network with 4 to 255 inputs has hundreds or thousands of weights and no
// 2-D picture of its loss, so the card says, in a sentence of its own, that what it draws is the
// chosen 2-parameter surface with the runs' optimizer and rates, not the network being trained.
import { isRealProblem } from '../page/data-sources.js';
import { sweepOptionsFor } from '../page/sweep-client.js';
import { setText } from '../controls/dom.js';

const NOTE_ID = 'landscape-real-note';

export function showRealDataNotes(settings, registry) {
  // The sweep card's note names the epochs each rate trains for: fewer on a real table.
  const epochs = document.getElementById('sweep-note-epochs');
  if (epochs) epochs.textContent = String(sweepOptionsFor(settings).epochs);
  const anchor = document.getElementById('landscape-note');
  if (!anchor) return;
  let note = document.getElementById(NOTE_ID);
  const name = settings.problem.name;
  if (!isRealProblem(name)) {
    if (note) note.hidden = true;
    return;
  }
  if (!note) {
    note = document.createElement('p');
    note.id = NOTE_ID;
    note.className = 'chart-note real-data-note';
    anchor.after(note);
  }
  const dataset = (registry.datasets ?? []).find((d) => d.name === name);
  const what = dataset ? `${dataset.title} (${dataset.features} inputs)` : 'your CSV';
  const text = `Not this network: the runs train on ${what}, whose loss over all the network's weights has no ` +
    '2-D picture. What is drawn is the 2-parameter surface chosen below, walked by the same optimizer at each ' +
    'run\'s rate: the same rule, on a loss small enough to see.';
  setText(note, text);
  note.hidden = false;
}
