/**
 * Registers `<mlops-csv>` (once, even if this module is loaded twice).
 */
import { MlopsCsv } from './csv.component';

export { MlopsCsv };
export { MlopsCsvLoadEvent, MlopsCsvRunEvent, type CsvLoadDetail, type CsvRunDetail } from './csv-events';
export { classRows, datasetName, driftDefaults, formDrift, importWith, readFile, runConfig, schemaRows, type CsvChoices, type CsvImport, type CsvRunConfig, type DriftForm, type SchemaRow } from './csv-state';

if (!customElements.get('mlops-csv')) customElements.define('mlops-csv', MlopsCsv);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-csv': MlopsCsv;
  }
}
