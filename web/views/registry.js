// Every view of the page, registered once: a view is a panel showing one visualisation. Projector
// mode (web/page/projector.js), ?hide and the "Make a link" dialog (web/page/panels.js), and the
// lessons' highlights and veils (web/lessons/lesson-mode.js) read this list; the composition
// (web/page/main.js) creates each view with the page model. Adding a view is one module and one
// line here (docs/architecture.md, "Adding a view").
//
// A view: {name, title, named, panel(), veil?(), projectable, hideable, create(context)}
//   name         its name in links (?hide=sweep, ?projector=landscape) and in lesson files
//   title        its title, as the page and the link dialog show it
//   named        how a sentence names it ("the loss landscape")
//   panel()      the element that holds it (hidden by ?hide, outlined by a lesson)
//   veil()       what a lesson hides until its run (default: the panel)
//   projectable  may stand beside the loss chart in projector mode
//   hideable     a link may hide it
//   create(context) -> {charts?: Chart[], draw?(model)} (context: web/views/view-context.js)
import { lossView } from './loss/loss-view.js';
import { sweepView } from './sweep/sweep-view.js';
import { landscapeView } from './landscape/landscape-view.js';
import { stepSizeView } from './step-sizes/step-size-view.js';
import { scheduleView } from './schedule/schedule-view.js';
import { sharpnessView } from './sharpness/sharpness-view.js';
import { updateView } from './update/update-view.js';

/** @type {import('./view-context.js').View[]} */
export const VIEWS = [
  lossView,
  sweepView,
  landscapeView,
  stepSizeView,
  scheduleView,
  sharpnessView,
  updateView,
];
