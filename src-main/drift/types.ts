/** Types shared by the drift engine, its report and its callers (the app, the pipeline node, the CLI). */

/** Column type, as Evidently names them in spirit: numbers, categories, free text. */
export type ColumnType = 'numerical' | 'categorical' | 'text';

/** Every statistic the engine can run on a column. */
export type DriftMethod = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi' | 'kl' | 'hellinger';

export const DRIFT_METHODS: readonly DriftMethod[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger'];

/** Methods whose verdict comes from a p-value (drift when p is small) rather than a distance. */
export const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chisquare', 'z']);

/** Evidently's default thresholds: 0.05 on p-values, 0.1 on distances. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05, chisquare: 0.05, z: 0.05, wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1, kl: 0.1, hellinger: 0.1,
};

/** Banks escalate PSI above this; Evidently's 0.1 is the warning level. */
export const PSI_CRITICAL = 0.2;
export const PSI_WARNING = 0.1;

/** Reference-vs-current counts over equal-width bins (numbers, text lengths). */
export interface BinnedHistogram {
  kind: 'bins';
  /** bins + 1 edges. */
  edges: number[];
  reference: number[];
  current: number[];
}

/** Reference-vs-current counts per category; categories past the display limit are summed in `other*`. */
export interface CategoryHistogram {
  kind: 'categories';
  labels: string[];
  reference: number[];
  current: number[];
  otherReference: number;
  otherCurrent: number;
}

export type Histogram = BinnedHistogram | CategoryHistogram;

/** A statistic computed on request besides the column's test; informative, not part of the verdict. */
export interface ExtraStatistic {
  method: DriftMethod;
  statistic: number;
  pValue: number | null;
  /** The method's default threshold. */
  threshold: number;
  drifted: boolean;
  psiLevel?: 'ok' | 'warning' | 'critical';
}

export interface ColumnDrift {
  name: string;
  type: ColumnType;
  method: DriftMethod;
  /** The test statistic (D, χ², z) or the distance; +Infinity for χ² when a category is new in current. */
  statistic: number;
  /** p-value for ks, chisquare and z; null for distances. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  missingReference: number;
  missingCurrent: number;
  /** Rows in each file (missing included). */
  rowsReference: number;
  rowsCurrent: number;
  missingShareReference: number;
  missingShareCurrent: number;
  /** Distinct non-missing values over both sides (drives the choice of test). */
  distinctValues: number;
  /** Set when the method is PSI: ≥ 0.1 warning (Evidently), > 0.2 critical (bank monitoring). */
  psiLevel?: 'ok' | 'warning' | 'critical';
  /** Set for text columns, which are compared by the length of their values. */
  basis?: 'text length';
  histogram: Histogram;
  /** Statistics requested with `extraMethods` (KS/Wasserstein only for numeric columns). */
  extra?: ExtraStatistic[];
  /** Anything about this column's data or handling that the reader should know. */
  notes: string[];
}

export interface SkippedColumn {
  name: string;
  reason: string;
}

export interface DatasetInfo {
  path: string;
  format: 'csv' | 'parquet';
  rows: number;
  columns: number;
  bytes: number;
}

export interface DriftReport {
  /** True when the share of drifted columns reaches `driftShareThreshold`. */
  datasetDrift: boolean;
  /** Share of tested columns that drifted. */
  driftShare: number;
  driftedColumns: number;
  testedColumns: number;
  driftShareThreshold: number;
  columns: ColumnDrift[];
  /** Columns that could not be tested (all missing, only on one side…), never counted in the share. */
  skippedColumns: SkippedColumn[];
  /** Dataset-level notes: read problems, type mismatches, handling choices. */
  notes: string[];
  reference: DatasetInfo;
  current: DatasetInfo;
  generatedAt: string;
  durationMs: number;
  /** Worker threads used besides the calling thread. */
  workers: number;
}

/** A bad input the caller can fix: names the file and, where it applies, the column. */
export class DriftInputError extends Error {
  constructor(message: string, readonly file?: string, readonly column?: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}

/** A request that cannot apply to the data (unknown column, a method the column's type cannot take). */
export class DriftOptionError extends DriftInputError {
  constructor(message: string, file?: string, column?: string) {
    super(message, file, column);
    this.name = 'DriftOptionError';
  }
}

export type ProgressCallback = (fraction: number, message: string) => void;

export interface DriftOptions {
  reference: string;
  current: string;
  /** Per-column method, overriding Evidently's default choice; key '*' applies to every column. */
  methods?: Record<string, DriftMethod>;
  /** Per-column threshold; key '*' applies to every column. */
  thresholds?: Record<string, number>;
  /** Also compute these statistics for every column (e.g. ['psi'] for a PSI monitor next to the tests). */
  extraMethods?: DriftMethod[];
  /** Dataset drift when the share of drifted columns is at least this (default 0.5). */
  driftShare?: number;
  /** Type overrides. */
  categorical?: string[];
  numerical?: string[];
  text?: string[];
  /** Only these columns (default: every column present in either file). */
  columns?: string[];
  /** Columns left out, such as identifiers. */
  exclude?: string[];
  /** Worker threads for parsing and statistics (default: one per spare core; none for small inputs). */
  workers?: number;
  /**
   * Whether the calling thread also takes tasks (default true). It then computes between awaits, so
   * a UI or server main process should pass false and leave the work to the workers.
   */
  useCallingThread?: boolean;
  /** Memory the loaded columns may take; above it columns are loaded in batches (default: half of RAM). */
  memoryBudgetBytes?: number;
  /**
   * When one column of both files does not fit the budget: 'auto' (default) compares out of core
   * with DuckDB, 'never' refuses with the sizes; 'always' uses DuckDB whatever the size.
   */
  outOfCore?: 'auto' | 'never' | 'always';
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}
