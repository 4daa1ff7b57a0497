"""pandas + scipy side of bench/drift.bench.ts: the statistics Evidently computes, per column.

Usage: /usr/bin/python3 bench/drift_reference.py REF.csv CUR.csv OUT.json
Per column: Wasserstein distance / max(std(ref), 0.001) (Evidently's default above 1,000 rows),
ks_2samp (D, p), PSI and Jensen-Shannon over Evidently's bins. Writes timings and peak RSS too.
"""
import json
import resource
import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

warnings.simplefilter("ignore")


def binned(ref, cur, fill):
    """Evidently's get_binned_data for a numerical column."""
    if ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        rp = np.array([rd[k] for k in keys]) / len(ref)
        cp = np.array([cd[k] for k in keys]) / len(cur)
    if fill:
        for p in (rp, cp):
            m = min(p[p != 0])
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def main():
    ref_path, cur_path, out_path = sys.argv[1:4]
    t0 = time.perf_counter()
    ref_df = pd.read_csv(ref_path)
    cur_df = pd.read_csv(cur_path)
    t1 = time.perf_counter()
    columns = {}
    for col in ref_df.columns:
        ref = ref_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        cur = cur_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        ks = stats.ks_2samp(ref, cur)
        # np.std of the array, not of the Series: with bottleneck installed pandas' Series.std sums
        # sequentially instead of numpy's pairwise order, which moves the last bits (and is
        # environment-dependent); the drift engine reproduces numpy's order.
        wass = stats.wasserstein_distance(ref, cur) / max(np.std(ref.to_numpy()), 0.001)
        rp, cp = binned(ref, cur, True)
        psi = np.sum((rp - cp) * np.log(rp / cp))
        rj, cj = binned(ref, cur, False)
        js = distance.jensenshannon(rj, cj)
        columns[col] = {"wasserstein": float(wass), "ks": float(ks.statistic), "ks_p": float(ks.pvalue),
                        "psi": float(psi), "jensenshannon": float(js)}
    t2 = time.perf_counter()
    drifted = sum(1 for c in columns.values() if c["wasserstein"] >= 0.1)
    out = {"read_s": t1 - t0, "stats_s": t2 - t1, "total_s": t2 - t0,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "drifted": drifted, "columns": columns}
    with open(out_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
