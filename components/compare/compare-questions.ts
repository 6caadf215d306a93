/**
 * The compare view's questions from the run, rendered: the map of which station of the loop each
 * question is about, then each question with its answer field (a number, or one of its choices), a
 * Check button and, once checked, the grade with the run's evidence.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { QuestionGrade, RunQuestion } from '../../src/loop/compare/questions';
import { STATIONS } from '../../src/loop/engine/stations';

/** What the questions' controls ask of the view. */
export interface QuestionActions {
  /** The answer to question `id` was typed or picked (not graded yet). */
  enter(id: RunQuestion['id'], value: string): void;
  /** Check the answer entered for question `id`. */
  check(id: RunQuestion['id']): void;
}

/** `<section part="questions">` for `questions` with the `grades` given so far; nothing when there are no questions. */
export function renderQuestions(questions: readonly RunQuestion[], grades: ReadonlyMap<string, QuestionGrade>, actions: QuestionActions): TemplateResult | typeof nothing {
  if (!questions.length) return nothing;
  const byStation = STATIONS.map((s) => ({ station: s, numbers: questions.flatMap((q, i) => (q.station === s ? [i + 1] : [])) }));
  return html`<section part="questions" aria-labelledby="questions-title">
      <h3 id="questions-title">Questions from your run</h3>
      <ul class="station-map" aria-label="Which station of the loop each question is about">
        ${byStation.map((b) => html`<li class="station" data-station=${b.station}>${b.station}${b.numbers.length ? `: Q${b.numbers.join(', Q')}` : ''}</li>`)}
      </ul>
      ${questions.map((q, i) => {
        const grade = grades.get(q.id);
        const name = `q-${q.id}`;
        return html`<div class="question" data-question=${q.id} data-correct=${grade ? String(grade.correct) : nothing}>
          <p><span class="station">${q.station}</span><strong>Q${i + 1}. ${q.prompt}</strong></p>
          ${q.kind === 'number'
            ? html`<label>Your answer <input type="number" name=${name} @input=${(e: Event) => actions.enter(q.id, (e.target as HTMLInputElement).value)} /></label>`
            : html`<div role="radiogroup" aria-label=${q.prompt}>
                ${q.choices.map((c) => html`<label class="choice"><input type="radio" name=${name} value=${c} @change=${() => actions.enter(q.id, c)} /> ${c}</label>`)}
              </div>`}
          <button type="button" @click=${() => actions.check(q.id)}>Check</button>
          ${grade ? html`<p role="status"><strong>${grade.correct ? 'Right.' : `Not quite: ${grade.expected}.`}</strong> ${grade.evidence}</p>` : nothing}
        </div>`;
      })}
    </section>`;
}
