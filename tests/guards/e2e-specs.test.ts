// Guards the shape of the e2e specs. Playwright loads a spec module once per worker, but with
// fullyParallel it runs the file's beforeAll again each time a worker comes back to the file (and
// for every --repeat-each copy). A slug or address made at module level is then inserted twice: CI
// failed on duplicate `events_slug_key` three times. So in a spec with a beforeAll, nothing evaluated
// at load time may hold a value meant to be unique; beforeAll makes it (tests/fixtures/stamp.ts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const E2E_DIR = path.resolve(import.meta.dirname, '../e2e');

/** Calls whose value differs per call: a module-level variable holding one is a per-load "unique" value. */
const UNIQUE_CALLS = ['Date.now', 'randomUUID', 'crypto.randomUUID', 'Math.random', 'freshStamp', 'performance.now'];

/** Runs at load time: not inside a function, or inside a `test.describe(…)` body (run while collecting). */
function atLoadTime(node: ts.Node): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isFunctionLike(at)) {
      const call = at.parent;
      const describeBody =
        call && ts.isCallExpression(call) && /^test\.describe(\.\w+)*$/.test(call.expression.getText());
      if (!describeBody) return false;
    }
  }
  return true;
}

/** Names of load-time variables that hold a unique value, directly or through another such variable. */
export function loadTimeUniqueValues(source: string, fileName = 'spec.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const declarations: ts.VariableDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer && atLoadTime(node)) declarations.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);

  const tainted = new Set<string>();
  const uses = (expression: ts.Node): boolean => {
    let found = false;
    const look = (node: ts.Node): void => {
      if (found) return;
      // A function made at load time is fine: it runs later, each call anew.
      if (ts.isFunctionLike(node)) return;
      if (ts.isCallExpression(node) && UNIQUE_CALLS.includes(node.expression.getText())) found = true;
      else if (ts.isIdentifier(node) && tainted.has(node.text)) found = true;
      else ts.forEachChild(node, look);
    };
    look(expression);
    return found;
  };
  for (let grew = true; grew;) {
    grew = false;
    for (const declaration of declarations) {
      const names = ts.isIdentifier(declaration.name) ? [declaration.name.text] : [];
      if (names.some((name) => tainted.has(name)) || !uses(declaration.initializer!)) continue;
      // A destructuring pattern: taint every name it binds.
      const bind = (name: ts.BindingName): void => {
        if (ts.isIdentifier(name)) names.push(name.text);
        else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
      };
      if (!ts.isIdentifier(declaration.name)) bind(declaration.name);
      for (const name of names) tainted.add(name);
      grew = true;
    }
  }
  return [...tainted].sort();
}

const specs = readdirSync(E2E_DIR).filter((name) => name.endsWith('.ts'));

describe('e2e specs with a beforeAll', () => {
  it.each(specs.filter((name) => /\bbeforeAll\s*\(/.test(readFileSync(path.join(E2E_DIR, name), 'utf8'))))(
    '%s makes its unique slugs and addresses in beforeAll, not at load time',
    (name) => {
      expect(loadTimeUniqueValues(readFileSync(path.join(E2E_DIR, name), 'utf8'), name)).toEqual([]);
    },
  );
});

describe('the load-time check', () => {
  it('finds a module-level stamp and what is built from it', () => {
    const source = [
      "import { randomUUID } from 'node:crypto';",
      'const stamp = `${Date.now()}-${randomUUID().slice(0, 8)}`;',
      'const EVENT = `e2e-${stamp}`;',
      'const PATH = `/konsol/${EVENT}`;',
      "const DEMO = 'velfaerdens-innovationsdag-2027';",
      'const later = () => `${Date.now()}`;',
      'let made: string;',
      'test.beforeAll(() => { const inside = freshStamp(); made = inside; });',
      'test.describe("x", () => { const nested = Math.random(); test("y", () => { const fine = Date.now(); }); });',
    ].join('\n');
    expect(loadTimeUniqueValues(source)).toEqual(['EVENT', 'PATH', 'nested', 'stamp']);
  });

  it('accepts a spec whose beforeAll makes them', () => {
    const source = [
      'let stamp: string;',
      'let EVENT: string;',
      'test.beforeAll(async () => { stamp = freshStamp(); EVENT = `e2e-${stamp}`; });',
      'test("t", async () => { const email = `a-${stamp}@x.dk`; });',
    ].join('\n');
    expect(loadTimeUniqueValues(source)).toEqual([]);
  });
});
