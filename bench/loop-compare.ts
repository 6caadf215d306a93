/**
 * Bench `loop-compare`: the compare part of bench `loop` alone (bench/compare.ts, the same keys under
 * `compare`), without the loop's million-request Node part and worker run before it.
 */
import { browserFacts, publish } from './lib/page';
import { measureCompare } from './compare';

publish(measureCompare().then((compare) => ({ compare, browser: browserFacts() })));
