// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint rules, including the layering of DESIGN.md, enforced by import restrictions:
 * datasets/ is pure (no src/, no components/, no tfjs, no DOM libraries); src/ never imports
 * components/; components/ never calls tfjs directly.
 */
const noComponents = { group: ['**/components/**', '../components/*', '../../components/*'], message: 'The engine must not depend on the views (DESIGN.md layering).' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['datasets/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'datasets/ is pure TypeScript: no tfjs.' },
            { group: ['**/src/**', '../src/*'], message: 'datasets/ is the bottom layer: it imports nothing from src/.' },
            noComponents,
            { group: ['lit', 'lit/*', 'chart.js', 'chart.js/*'], message: 'datasets/ has no DOM.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noComponents, { group: ['lit', 'lit/*', 'chart.js', 'chart.js/*'], message: 'src/ is the engine: no view libraries.' }] }] },
  },
  {
    files: ['components/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@tensorflow/*'], message: 'A component never calls tfjs directly; it talks to the engine (DESIGN.md).' }] }],
    },
  },
  {
    files: ['bench/**/*.mjs', 'tests/**/*.ts', '*.config.ts', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
