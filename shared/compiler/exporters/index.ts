/** Every export target by name. */
import { exportArgo } from './argo.js';
import type { Exporter, ExportTarget } from './common.js';
import { exportK8s } from './k8s.js';
import { exportKfp } from './kfp.js';

export const exporters: Record<ExportTarget, Exporter> = { argo: exportArgo, kfp: exportKfp, k8s: exportK8s };
