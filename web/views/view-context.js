// What a view is given when the page creates it, and what it gives back (web/views/registry.js).
// Views read the page model and subscribe to it; they change the page only by proposing a change
// (which the core validates before the model adopts it), never by writing the model's state.

/**
 * @typedef {object} ViewContext
 * @property {import('../page/model.js').ModelStore} store  the page model
 * @property {(type: string, args?: any) => Promise<any>} call  the training worker's requests
 * @property {(mutate: (draft: import('../page/model.js').PageState) => void, field: string,
 *             options?: {hold?: boolean}) => void} propose  a change, named by the field it came from
 * @property {(text: string) => void} showNotice
 * @property {() => void} redraw  asks for a frame (the views draw at most once per frame)
 * @property {() => void} redrawCursor  asks for the cursor's frame: each view's cursor(), not its draw()
 * @property {(cursor: import('../page/cursor.js').Cursor | null) => void} setCursor  points the
 *           page at one position in training (null: now); page state, not a setting
 */

/**
 * @typedef {object} ViewInstance
 * @property {any[]} [charts]                       its Chart.js charts (the theme restyles them)
 * @property {(model: import('../page/model.js').PageModel) => void} [draw]  once per frame
 * @property {(model: import('../page/model.js').PageModel) => void} [cursor]  paints its cursor
 *           marker only (web/charts/cursor-layer.js): after draw(), and alone when only the cursor moved
 */

/**
 * @typedef {object} View
 * @property {string} name
 * @property {string} title
 * @property {string} named
 * @property {() => HTMLElement | null} panel
 * @property {() => HTMLElement | null} [veil]
 * @property {boolean} projectable
 * @property {boolean} hideable
 * @property {(context: ViewContext) => ViewInstance} create
 */

export {};
