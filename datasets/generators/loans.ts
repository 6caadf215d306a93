/**
 * Loan approval, in the spirit of Agrawal, Imielinski and Swami's generator (1993): nine attributes
 * of an applicant, and a bank rule that says who is approved. The attributes and their ranges follow
 * the original (money in euros here):
 *   salary U(20k, 150k); commission 0 if salary >= 75k else U(10k, 75k); age U(20, 80);
 *   education level 0..4; car class 0..19; region 0..8; house value U(0.5, 1.5) * (region + 1) * 100k;
 *   years at the address U(1, 30); loan amount U(0, 500k).
 * Rules (the original's functions 1, 2, 3, 5, 7 and 10), "approved" = the rule holds:
 *   age-bands:        age < 40 or age >= 60
 *   age-salary:       salary within an age-dependent band (50-100k under 40, 75-125k to 60, 25-75k after)
 *   age-education:    education within an age-dependent band (0-1 under 40, 1-3 to 60, 2-4 after)
 *   age-salary-loan:  the age-salary rule and the loan within an age-dependent band
 *   disposable-income: 0.67 (salary + commission) - 0.2 loan - 20k > 0
 *   equity:           0.67 (salary + commission) - 5k education + 0.2 equity - 10k > 0, where
 *                     equity = 0.1 house value (years - 20) after 20 years at the address, else 0
 * `noise` perturbs every numeric attribute by up to ±noise of its range (the original's perturbation).
 */
import { numberIn, oneOf } from '../errors';
import type { Rng } from '../random';
import type { DatasetSchema, RowBuffer } from '../types';
import { defineGenerator, drawOfClass } from './define';

/** The bank rules a loans dataset can use. */
export const LOAN_RULES = ['age-bands', 'age-salary', 'age-education', 'age-salary-loan', 'disposable-income', 'equity'] as const;

/** One of the bank rules. */
export type LoanRule = (typeof LOAN_RULES)[number];

/** Parameters of the loans generator. */
export interface LoansParams {
  rule: LoanRule;
  /** Perturbation of numeric attributes, as a fraction of their range, in [0, 0.5]. */
  noise: number;
}

const EDUCATION = ['none', 'secondary', 'vocational', 'bachelor', 'master or more'];
const K = 1000;

const schema: DatasetSchema = {
  features: [
    { name: 'salary', type: 'numeric', unit: 'EUR/year', range: [20 * K, 150 * K], description: 'Yearly salary.' },
    { name: 'commission', type: 'numeric', unit: 'EUR/year', range: [0, 75 * K], description: 'Yearly commission (none above a 75k salary).' },
    { name: 'age', type: 'numeric', unit: 'years', range: [20, 80], description: 'Age of the applicant.' },
    { name: 'education', type: 'categorical', categories: EDUCATION, description: 'Highest education level.' },
    { name: 'car_class', type: 'categorical', categories: Array.from({ length: 20 }, (_, i) => `class ${i + 1}`), description: 'Class of the car owned.' },
    { name: 'region', type: 'categorical', categories: Array.from({ length: 9 }, (_, i) => `region ${i + 1}`), description: 'Where the applicant lives; house prices rise with the number.' },
    { name: 'house_value', type: 'numeric', unit: 'EUR', range: [50 * K, 1350 * K], description: 'Value of the house.' },
    { name: 'years_at_address', type: 'numeric', unit: 'years', range: [1, 30], description: 'Years lived at the current address.' },
    { name: 'loan_amount', type: 'numeric', unit: 'EUR', range: [0, 500 * K], description: 'Amount asked for.' },
  ],
  classes: ['declined', 'approved'],
};

/** Column indices. */
const SALARY = 0, COMMISSION = 1, AGE = 2, EDU = 3, CAR = 4, REGION = 5, HOUSE = 6, YEARS = 7, LOAN = 8;

const between = (x: number, lo: number, hi: number) => x >= lo && x <= hi;

function salaryBand(age: number, salary: number): boolean {
  if (age < 40) return between(salary, 50 * K, 100 * K);
  if (age < 60) return between(salary, 75 * K, 125 * K);
  return between(salary, 25 * K, 75 * K);
}

/** The rules, on the row of `r` that starts at offset `o` (no sub-array per row). */
const RULES: Record<LoanRule, (r: ArrayLike<number>, o: number) => boolean> = {
  'age-bands': (r, o) => (r[o + AGE] as number) < 40 || (r[o + AGE] as number) >= 60,
  'age-salary': (r, o) => salaryBand(r[o + AGE] as number, r[o + SALARY] as number),
  'age-education': (r, o) => {
    const age = r[o + AGE] as number;
    const e = r[o + EDU] as number;
    return age < 40 ? e <= 1 : age < 60 ? between(e, 1, 3) : e >= 2;
  },
  'age-salary-loan': (r, o) => {
    const age = r[o + AGE] as number;
    const loan = r[o + LOAN] as number;
    const band = age < 40 ? between(loan, 100 * K, 300 * K) : age < 60 ? between(loan, 200 * K, 400 * K) : between(loan, 300 * K, 500 * K);
    return band && salaryBand(age, r[o + SALARY] as number);
  },
  'disposable-income': (r, o) => 0.67 * ((r[o + SALARY] as number) + (r[o + COMMISSION] as number)) - 0.2 * (r[o + LOAN] as number) - 20 * K > 0,
  equity: (r, o) => {
    const years = r[o + YEARS] as number;
    const equity = years >= 20 ? 0.1 * (r[o + HOUSE] as number) * (years - 20) : 0;
    return 0.67 * ((r[o + SALARY] as number) + (r[o + COMMISSION] as number)) - 5 * K * (r[o + EDU] as number) + 0.2 * equity - 10 * K > 0;
  },
};

/** Adds a perturbation of up to ±noise * range and clamps to the range. */
function perturb(value: number, lo: number, hi: number, noise: number, rng: Rng): number {
  if (noise === 0) return value;
  return Math.min(hi, Math.max(lo, value + (hi - lo) * noise * (2 * rng.next() - 1)));
}

/** Creates the loans dataset (defaults: rule age-salary, noise 0). */
export const loans = defineGenerator<LoansParams>({
  id: 'loans',
  title: 'Loan approval',
  description: 'Applicants with salary, age, education, house and loan amount; a bank rule approves some.',
  defaults: { rule: 'age-salary', noise: 0 },
  validate(p) {
    oneOf('loans', 'rule', p.rule, LOAN_RULES);
    numberIn('loans', 'noise', p.noise, 0, 0.5);
  },
  schema: () => schema,
  balanced: false,
  concept(p) {
    const rule = RULES[p.rule];
    const one = (out: RowBuffer, o: number, rng: Rng) => {
      const salary = rng.uniform(20 * K, 150 * K);
      const commission = salary >= 75 * K ? 0 : rng.uniform(10 * K, 75 * K);
      const region = rng.int(9);
      out[o + SALARY] = salary;
      out[o + COMMISSION] = commission;
      out[o + AGE] = rng.uniform(20, 80);
      out[o + EDU] = rng.int(5);
      out[o + CAR] = rng.int(20);
      out[o + REGION] = region;
      out[o + HOUSE] = rng.uniform(0.5, 1.5) * (region + 1) * 100 * K;
      out[o + YEARS] = rng.uniform(1, 30);
      out[o + LOAN] = rng.uniform(0, 500 * K);
      const y = rule(out, o) ? 1 : 0;
      if (p.noise > 0) {
        out[o + SALARY] = perturb(salary, 20 * K, 150 * K, p.noise, rng);
        if (commission > 0) out[o + COMMISSION] = perturb(commission, 10 * K, 75 * K, p.noise, rng);
        out[o + AGE] = perturb(out[o + AGE] as number, 20, 80, p.noise, rng);
        out[o + HOUSE] = perturb(out[o + HOUSE] as number, 50 * K, 1350 * K, p.noise, rng);
        out[o + YEARS] = perturb(out[o + YEARS] as number, 1, 30, p.noise, rng);
        out[o + LOAN] = perturb(out[o + LOAN] as number, 0, 500 * K, p.noise, rng);
      }
      return y;
    };
    return {
      draw: (out, o, rng, _t, cls) => (cls === undefined ? one(out, o, rng) : drawOfClass('loans', out, o, rng, cls, () => one(out, o, rng))),
      label: (row) => (rule(row, 0) ? 1 : 0),
    };
  },
});
