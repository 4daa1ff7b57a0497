/**
 * The Drift view's part of the API contract: schemas of the drift report (mirroring
 * src-main/drift/types.ts, which the back end's values must satisfy) and the `drift.*` methods.
 * Pure: the renderer imports these types too.
 */
import { z } from 'zod';

const FilePath = z.string().min(1).max(4096);

export const DRIFT_METHOD_NAMES = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger'] as const;
export const DriftMethodName = z.enum(DRIFT_METHOD_NAMES);
export type DriftMethodName = z.infer<typeof DriftMethodName>;

/** Methods whose verdict comes from a p-value (drift when p < threshold). */
export const P_VALUE_METHOD_NAMES: readonly DriftMethodName[] = ['ks', 'chisquare', 'z'];
/** Evidently's default thresholds: 0.05 on p-values, 0.1 on distances. */
export const DEFAULT_DRIFT_THRESHOLDS: Readonly<Record<DriftMethodName, number>> = {
  ks: 0.05, chisquare: 0.05, z: 0.05, wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1, kl: 0.1, hellinger: 0.1,
};
/** PSI levels: ≥ 0.1 warning (Evidently), > 0.2 critical (bank monitoring). */
export const PSI_WARNING_LEVEL = 0.1;
export const PSI_CRITICAL_LEVEL = 0.2;

const PsiLevel = z.enum(['ok', 'warning', 'critical']);

const Histogram = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bins'), edges: z.array(z.number()), reference: z.array(z.number()), current: z.array(z.number()) }),
  z.object({
    kind: z.literal('categories'), labels: z.array(z.string()), reference: z.array(z.number()), current: z.array(z.number()),
    otherReference: z.number(), otherCurrent: z.number(),
  }),
]);
export type DriftHistogram = z.infer<typeof Histogram>;

const ExtraStatistic = z.object({
  method: DriftMethodName, statistic: z.number(), pValue: z.number().nullable(), threshold: z.number(), drifted: z.boolean(),
  psiLevel: PsiLevel.optional(),
});

const ColumnDrift = z.object({
  name: z.string(), type: z.enum(['numerical', 'categorical', 'text']), method: DriftMethodName,
  statistic: z.number(), pValue: z.number().nullable(), threshold: z.number(), drifted: z.boolean(),
  missingReference: z.number(), missingCurrent: z.number(), rowsReference: z.number(), rowsCurrent: z.number(),
  missingShareReference: z.number(), missingShareCurrent: z.number(), distinctValues: z.number(),
  psiLevel: PsiLevel.optional(), basis: z.literal('text length').optional(), histogram: Histogram,
  extra: z.array(ExtraStatistic).optional(), notes: z.array(z.string()),
});
export type DriftColumn = z.infer<typeof ColumnDrift>;

const DatasetInfo = z.object({ path: z.string(), format: z.enum(['csv', 'parquet']), rows: z.number(), columns: z.number(), bytes: z.number() });

export const DriftReportSchema = z.object({
  datasetDrift: z.boolean(), driftShare: z.number(), driftedColumns: z.number(), testedColumns: z.number(),
  driftShareThreshold: z.number(), columns: z.array(ColumnDrift),
  skippedColumns: z.array(z.object({ name: z.string(), reason: z.string() })), notes: z.array(z.string()),
  reference: DatasetInfo, current: DatasetInfo, generatedAt: z.string(), durationMs: z.number(), workers: z.number(),
});
export type DriftReportData = z.infer<typeof DriftReportSchema>;

/** A dataset to compare: a file (workspace, examples, demo data) or an artifact a run produced. */
export const DriftSource = z.union([
  z.object({ path: FilePath }),
  z.object({ runId: z.string().min(1), nodeId: z.string().min(1), output: z.string().min(1) }),
]);
export type DriftSource = z.infer<typeof DriftSource>;

/** What the history list and the PSI trend need of a stored check. */
export const DriftCheckSummary = z.object({
  id: z.string(), createdAt: z.number(), pipelineFile: z.string().nullable(),
  referenceLabel: z.string(), currentLabel: z.string(),
  datasetDrift: z.boolean(), driftShare: z.number(),
  columns: z.array(z.object({ name: z.string(), method: DriftMethodName, statistic: z.number(), drifted: z.boolean(), psi: z.number().nullable() })),
  /** Set for a check a pipeline's drift-check node made: its run and node. */
  runId: z.string().nullable(), nodeId: z.string().nullable(),
});
export type DriftCheckSummary = z.infer<typeof DriftCheckSummary>;

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

export const driftApi = {
  /** Compares current against reference and stores the check (drift history); bad columns or files are 'bad-input'. */
  'drift.run': method(z.object({
    reference: DriftSource, current: DriftSource,
    methods: z.record(z.string(), DriftMethodName).optional(),
    thresholds: z.record(z.string(), z.number().nonnegative()).optional(),
    extraMethods: z.array(DriftMethodName).optional(),
    driftShare: z.number().gt(0).max(1).optional(),
    categorical: z.array(z.string()).optional(),
    numerical: z.array(z.string()).optional(),
    /** Columns compared as free text (by the length of their values). */
    text: z.array(z.string()).optional(),
    pipelineFile: FilePath.optional(),
    /** A caller-chosen id to follow the check with drift.progress and stop it with drift.cancel. */
    requestId: z.string().min(1).max(100).optional(),
  }), z.object({ id: z.string(), report: DriftReportSchema, summary: DriftCheckSummary }),
  'Runs a drift check between two datasets and records it.'),

  /** The check a pipeline's drift-check node made in a run (the run view's "Drift report" link). */
  'drift.forNode': method(z.object({ runId: z.string().min(1), nodeId: z.string().min(1) }),
    z.object({ id: z.string(), summary: DriftCheckSummary, report: DriftReportSchema }),
    "Reads the drift report a pipeline node wrote."),

  /** How far a running check is (poll while drift.run is pending); `running: false` once it ended or if unknown. */
  'drift.progress': method(z.object({ requestId: z.string() }),
    z.object({ running: z.boolean(), fraction: z.number(), message: z.string() }), 'Progress of a running drift check.'),

  /** Stops a running check; its drift.run then fails with 'conflict' (cancelled). */
  'drift.cancel': method(z.object({ requestId: z.string() }), z.object({ cancelled: z.boolean() }), 'Cancels a running drift check.'),

  /** Stored checks, newest first, optionally of one pipeline file. */
  'drift.history': method(z.object({ pipelineFile: FilePath.optional(), limit: z.number().int().positive().max(1000).optional() }),
    z.object({ checks: z.array(DriftCheckSummary) }), 'Lists drift checks.'),

  /** One stored check with its full report. */
  'drift.get': method(z.object({ id: z.string() }), z.object({
    summary: DriftCheckSummary, report: DriftReportSchema,
    /** For a pipeline's check: the run artifacts it compared, so the view can compare them again. */
    sources: z.object({ reference: DriftSource, current: DriftSource }).optional(),
  }), 'Reads a stored drift report.'),

  /** The self-contained HTML report (and, with `path`, writes it into the workspace). */
  'drift.exportHtml': method(z.object({ id: z.string(), path: FilePath.optional() }),
    z.object({ html: z.string(), path: z.string().optional() }), 'Exports a drift report as HTML.'),

  /** The full report as JSON text (infinite statistics written as the largest double). */
  'drift.exportJson': method(z.object({ id: z.string() }), z.object({ json: z.string() }), 'Exports a drift report as JSON.'),

  /** Datasets to pick from: run artifacts of type dataset, and CSV/Parquet files in the workspace and the demo data. */
  'drift.sources': method(z.object({}), z.object({
    files: z.array(z.object({ path: z.string(), label: z.string(), group: z.enum(['workspace', 'demo', 'examples']), size: z.number() })),
    artifacts: z.array(z.object({
      runId: z.string(), pipelineName: z.string(), nodeId: z.string(), output: z.string(), createdAt: z.number(), size: z.number(),
    })),
  }), 'Datasets the Drift view can compare.'),

  /** Deletes a stored check and its report; `deleted: false` when there was no such check. */
  'drift.delete': method(z.object({ id: z.string().min(1) }), z.object({ deleted: z.boolean() }), 'Deletes a stored drift check.'),
} as const;
