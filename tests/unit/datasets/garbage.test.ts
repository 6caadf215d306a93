import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvImportError, DatasetError, importCsv, validateScenario } from '../../../datasets/index';

/** Runs `f`; passes when it returns or throws the expected typed error, fails on anything else. */
function onlyTyped(f: () => unknown, type: new (...args: never[]) => Error): boolean {
  try {
    f();
    return true;
  } catch (error) {
    if (error instanceof type && error.message.length > 0) return true;
    throw error;
  }
}

describe('garbage never crashes an entry point (property tests, seeded)', () => {
  test('CSV import: any text or bytes either import or give a CsvImportError with a message', () => {
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.double().map(String), fc.constantFrom('', '"', '""', ',', '\n', '\r\n', 'NaN', 'Infinity', '1e400', '-0'));
    const csvLike = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }).map((rows) => rows.map((r) => r.join(',')).join('\n'));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), csvLike), (text) => onlyTyped(() => importCsv(text), CsvImportError)), { seed: 42, numRuns: 400 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => onlyTyped(() => importCsv(bytes), CsvImportError)), { seed: 43, numRuns: 300 });
  });

  test('CSV import: a valid file given as UTF-8 bytes imports like the text', () => {
    const text = 'x,y,label\n1,2,a\n3,4,b\n';
    expect(importCsv(new TextEncoder().encode(text)).rows()).toEqual(importCsv(text).rows());
  });

  test('scenario validation: any JSON either validates or gives a DatasetError', () => {
    const change = fc.record({ shape: fc.constantFrom('sudden', 'gradual', 'incremental', 'recurring', 'x'), at: fc.oneof(fc.integer(), fc.double()), width: fc.option(fc.double()), period: fc.option(fc.integer()), duration: fc.option(fc.integer()), description: fc.option(fc.string()), effect: fc.oneof(fc.jsonValue(), fc.record({ type: fc.constantFrom('concept', 'mean-shift', 'class-mix', 'sensor', 'label-remap', 'rotate-inputs'), params: fc.jsonValue(), shift: fc.jsonValue(), mix: fc.jsonValue(), degrees: fc.jsonValue() })) });
    const scenario = fc.record({ name: fc.constantFrom('ok', 'Bad Name'), description: fc.string(), dataset: fc.oneof(fc.jsonValue(), fc.record({ id: fc.constantFrom('moons', 'sea', 'nope') })), length: fc.oneof(fc.integer(), fc.jsonValue()), changes: fc.oneof(fc.array(change, { maxLength: 3 }), fc.jsonValue()) });
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), scenario), (input) => onlyTyped(() => validateScenario(input), DatasetError)), { seed: 44, numRuns: 400 });
  });
});
