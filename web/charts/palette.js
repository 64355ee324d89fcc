// Okabe-Ito colours (safe for the common colour-vision deficiencies). Yellow and black are left
// out: they vanish on a white and on a dark background respectively. The first three are the
// default view's too-low (blue), good (green) and too-high (vermillion) runs.
export const RUN_COLOURS = ['#0072B2', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#E69F00'];

// The colour with an alpha, for faded (pinned) and filled elements.
export function withAlpha(hex, alpha) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
