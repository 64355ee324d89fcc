// A custom schedule formula (core/formula/formula.h's language) written as a Python expression,
// for the "as code" export. The core parses and evaluates formulas; this only re-spells one the
// core has already accepted, with the core's precedence made explicit by parentheses:
//   ^ binds tighter than prefix minus and is right-associative (-2^2 = -4, 2^3^2 = 2^9);
//   comparisons, && || ! give 1 or 0 (Python: float(...)); cond ? a : b tests cond != 0.
// Variables: epoch, step, lr, lr0 (given as Python names by the caller), pi.

const FUNCTIONS = {
  exp: 'math.exp', log: 'math.log', sqrt: 'math.sqrt', pow: 'math.pow', min: 'min', max: 'max',
  abs: 'abs', floor: 'math.floor', ceil: 'math.ceil', cos: 'math.cos', sin: 'math.sin',
};
const TWO_CHAR = ['<=', '>=', '==', '!=', '&&', '||'];

function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR.includes(two)) {
      tokens.push({ kind: two });
      i += 2;
      continue;
    }
    if ('+-*/^<>!?:(),'.includes(c)) {
      tokens.push({ kind: c });
      i++;
      continue;
    }
    throw new Error(`formula: unexpected '${c}' at position ${i + 1}`);
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

// Python number text for a formula literal: the double it denotes, printed so it reads back exactly.
const pyNumber = (text) => {
  const value = Number(text);
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? `${value}.0` : String(value);
};

// expression: the formula's text; names: {epoch, step, lr, lr0} -> Python expressions.
export function formulaToPython(expression, names) {
  const tokens = tokenize(expression);
  let next = 0;
  const peek = () => tokens[next];
  const take = (kind) => {
    const token = tokens[next];
    if (kind && token.kind !== kind) throw new Error(`formula: expected '${kind}', found '${token.text ?? token.kind}'`);
    next++;
    return token;
  };
  const truth = (a) => `(${a} != 0)`;

  function ternary() {
    const condition = orChain();
    if (peek().kind !== '?') return condition;
    take('?');
    const yes = ternary();
    take(':');
    const no = ternary();
    return `(${yes} if ${truth(condition)} else ${no})`;
  }
  function orChain() {
    let left = andChain();
    while (peek().kind === '||') {
      take();
      left = `float(${truth(left)} or ${truth(andChain())})`;
    }
    return left;
  }
  function andChain() {
    let left = equality();
    while (peek().kind === '&&') {
      take();
      left = `float(${truth(left)} and ${truth(equality())})`;
    }
    return left;
  }
  const binaryLevel = (ops, operand, spell) => () => {
    let left = operand();
    while (ops.includes(peek().kind)) {
      const op = take().kind;
      left = spell(left, op, operand());
    }
    return left;
  };
  const product = binaryLevel(['*', '/'], unary, (a, op, b) => `(${a} ${op} ${b})`);
  const sum = binaryLevel(['+', '-'], product, (a, op, b) => `(${a} ${op} ${b})`);
  const relation = binaryLevel(['<', '<=', '>', '>='], sum, (a, op, b) => `float(${a} ${op} ${b})`);
  const equality = binaryLevel(['==', '!='], relation, (a, op, b) => `float(${a} ${op} ${b})`);

  function unary() {
    const { kind } = peek();
    if (kind === '-') { take(); return `(-${unary()})`; }
    if (kind === '+') { take(); return unary(); }
    if (kind === '!') { take(); return `float(${unary()} == 0)`; }
    return power();
  }
  function power() {
    const base = primary();
    if (peek().kind !== '^') return base;
    take('^');
    return `(${base} ** ${unary()})`;
  }
  function primary() {
    const token = take();
    if (token.kind === 'number') return pyNumber(token.text);
    if (token.kind === '(') {
      const inner = ternary();
      take(')');
      return inner;
    }
    if (token.kind !== 'name') throw new Error(`formula: unexpected '${token.text ?? token.kind}'`);
    if (token.text in names) return names[token.text];
    if (token.text === 'pi') return 'math.pi';
    const fn = FUNCTIONS[token.text];
    if (!fn) throw new Error(`formula: unknown name '${token.text}'`);
    take('(');
    const args = [ternary()];
    while (peek().kind === ',') {
      take(',');
      args.push(ternary());
    }
    take(')');
    return `${fn}(${args.join(', ')})`;
  }

  const out = ternary();
  take('end');
  return out;
}

// Which variables a formula reads (for code that must pass the current rate, e.g. lr).
export function formulaVariables(expression) {
  return new Set(tokenize(expression).filter((t) => t.kind === 'name').map((t) => t.text));
}
