// How the page writes numbers: short for controls and captions, precise for tooltips.

// Up to `digits` significant digits, trailing zeros dropped; exponent form when very small/large.
export function formatNumber(value, digits = 6) {
  if (value === undefined || value === null) return '–';
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-4) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  // toPrecision writes 1000 as "1.00e+3" when digits < 4; Number() brings it back to "1000".
  return String(Number(value.toPrecision(digits)));
}

// A learning rate as people write it: 0.3, 0.001, 1e-5.
export function formatRate(rate) {
  return formatNumber(rate, 3);
}

function trimZeros(text) {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
