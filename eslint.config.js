/* ESLint's configuration (ESLint pinned in package.json; `npm ci` installs it, .pre-commit-config.yaml and
   tests/test_lint.py run `eslint .`). The reader's scripts (docs/assets/) are ES5 in the browser, as hooks/course_reader/site/minify.py
   needs them, and share what they share on one global, window.reader; the service worker template, the node tests
   and this file are current JavaScript. */
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

const ONE_NAMESPACE = "A script of the reader shares what it shares on window.reader, nothing else global";

module.exports = [
  { ignores: ["docs/assets/vendor/", "site/", "site.*/", ".venv/", ".cache/"] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
  {
    files: ["docs/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: {
        ...globals.es2021, // the browsers Material supports have these objects (Promise, Map…); the syntax stays ES5
        ...globals.browser,
        document$: "readonly", // Material's: emits each page, the first and every one instant navigation brings
        module: "readonly", // present in node only: the tests load the scripts' pure parts (tests/js/)
      },
    },
    rules: {
      "no-implicit-globals": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "AssignmentExpression > MemberExpression.left[object.name='window'][property.name!='reader']", message: ONE_NAMESPACE },
        { selector: "AssignmentExpression > MemberExpression.left[object.name=/^(self|globalThis)$/]", message: ONE_NAMESPACE },
      ],
    },
  },
  {
    files: ["**/webapp_worker.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.serviceworker, __FILES__: "readonly" }, // hooks/course_reader/editions/webapp.py writes the file list in
    },
  },
  {
    files: ["eslint.config.js", "tests/js/**/*.js", "**/*.cjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node },
  },
];
