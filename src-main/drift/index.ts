/**
 * Data drift between a reference and a current dataset, for the app, the pipeline node and the CLI:
 * `runDrift(options)` gives a DriftReport; `renderHtml`, `reportToJson` and `toSummary` export it.
 */
export { runDrift } from './engine.js';
export { renderHtml } from './html.js';
export { DATA_FILE, dataFilesIn } from './sources.js';
export { formatTable, reportToJson, toSummary, type ColumnSummary, type DriftSummary } from './report.js';
export * from './types.js';
