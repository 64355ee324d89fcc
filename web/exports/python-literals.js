// Python literals for the listings. Numbers print as JavaScript prints them (shortest text that
// reads back as the same double), integers with a decimal point where Python would otherwise make
// an int of a rate.
export const py = {
  float: (x) => (Number.isInteger(x) && Math.abs(x) < 1e15 ? `${x}.0` : String(x)),
  int: (x) => String(Math.round(x)),
  str: (x) => JSON.stringify(String(x)),
  bool: (x) => (x ? 'True' : 'False'),  // EarlyStopping's restore_best_weights
};
