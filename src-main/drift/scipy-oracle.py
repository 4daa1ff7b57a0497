"""Reference values for the drift tests, computed with numpy/scipy/pandas the way Evidently does.

Usage: /usr/bin/python3 scipy-oracle.py REQUESTS.json RESULTS.json
Each request is {"op": name, ...arguments}; each result is a JSON value (NaN/inf as strings).
Data files named in requests are read with pandas.read_csv, as Evidently's users would.
"""
import json
import math
import sys
import warnings

import numpy as np
import pandas as pd
from scipy import stats, special
from scipy.spatial import distance

warnings.simplefilter("ignore")


def enc(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return x


def binned(ref, cur, numerical, fill):
    """Evidently's get_binned_data."""
    if numerical and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.dropna().unique()) | set(cur.dropna().unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        rp = np.array([rd[k] for k in keys]) / len(ref)
        cp = np.array([cd[k] for k in keys]) / len(cur)
    if fill:
        for p in (rp, cp):
            m = min(p[p != 0])
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def evidently_stat(ref, cur, numerical, method):
    """Evidently's stattests (drift score only), on NaN-free Series."""
    if method == "ks":
        r = stats.ks_2samp(ref, cur)
        return [r.statistic, r.pvalue]
    if method == "wasserstein":
        # numpy's std (pairwise sums), not pandas' (bottleneck's sequential sums when installed).
        return [stats.wasserstein_distance(ref, cur) / max(np.std(ref.to_numpy()), 0.001), None]
    if method == "psi":
        rp, cp = binned(ref, cur, numerical, True)
        return [np.sum((rp - cp) * np.log(rp / cp)), None]
    if method == "kl":
        rp, cp = binned(ref, cur, numerical, True)
        return [stats.entropy(rp, cp), None]
    if method == "jensenshannon":
        rp, cp = binned(ref, cur, numerical, False)
        return [distance.jensenshannon(rp, cp), None]
    if method == "chisquare":
        keys = list(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        k = cur.shape[0] / ref.shape[0]
        exp = np.array([rd[x] * k for x in keys], dtype=float)
        obs = np.array([cd[x] for x in keys], dtype=float)
        if np.any(exp == 0):
            return ["inf", 0.0]  # scipy refuses unequal sums; the statistic is infinite
        r = stats.chisquare(obs, exp)
        return [r.statistic, r.pvalue]
    if method == "z":
        if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
            return [0.0, 1.0]
        key = sorted(set(ref.unique()) | set(cur.unique()))[0]
        a = ref.apply(lambda x: 0 if x == key else 1)
        b = cur.apply(lambda x: 0 if x == key else 1)
        n1, n2 = len(a), len(b)
        p1, p2 = float(sum(a)) / n1, float(sum(b)) / n2
        P = float(p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
        return [z, 2 * (1 - stats.norm.cdf(np.abs(z)))]
    if method == "hellinger":
        keys = list(set(ref.unique()) | set(cur.unique()))
        if not numerical:
            rs = ref.value_counts() / len(ref)
            cs = cur.value_counts() / len(cur)
            h = sum(math.sqrt(rs.get(k, 0) * cs.get(k, 0)) for k in keys)
        else:
            bins = np.histogram_bin_edges(keys, bins="sturges")
            h1 = np.histogram(ref.values, bins=bins, density=True)[0]
            h2 = np.histogram(cur.values, bins=bins, density=True)[0]
            w = (max(keys) - min(keys)) / len(h1)
            h = sum(math.sqrt(h1[i] * h2[i]) * w for i in range(len(h1)))
        return [math.sqrt(1 - np.clip(h, 0, 1)), None]
    raise ValueError(method)


def evidently_type(ref, cur):
    """Evidently's column typing from pandas dtypes (integers: <= 10 distinct reference values)."""
    dtype = cur.dtype
    if pd.api.types.is_integer_dtype(dtype):
        return "categorical" if ref.nunique() <= 10 else "numerical"
    if pd.api.types.is_numeric_dtype(dtype):
        return "numerical"
    non_missing = ref.dropna()
    return "text" if ref.nunique() > 0.5 * len(non_missing) else "categorical"


def default_method(kind, ref, cur):
    n = pd.concat([ref, cur]).nunique()
    if ref.shape[0] <= 1000:
        if kind != "categorical":
            return "ks" if n > 5 else ("chisquare" if n > 2 else "z")
        return "chisquare" if n > 2 else "z"
    if kind != "categorical":
        return "wasserstein" if n > 5 else "jensenshannon"
    return "jensenshannon"


def run(req):
    op = req["op"]
    if op == "ks_2samp":
        r = stats.ks_2samp(np.array(req["a"], dtype=float), np.array(req["b"], dtype=float))
        return [r.statistic, r.pvalue]
    if op == "kstwo_sf":
        return stats.kstwo.sf(req["d"], req["n"])
    if op == "smirnov":
        return special.smirnov(req["n"], req["d"])
    if op == "wasserstein":
        return stats.wasserstein_distance(np.array(req["a"], dtype=float), np.array(req["b"], dtype=float))
    if op == "np_sum":
        return np.sum(np.array(req["a"], dtype=float))
    if op == "np_std":
        return np.std(np.array(req["a"], dtype=float))
    if op == "sturges":
        a = np.array(req["a"], dtype=float)
        edges = np.histogram_bin_edges(a, bins="sturges")
        return [list(edges), list(np.histogram(a, edges)[0].astype(float))]
    if op == "chisquare":
        r = stats.chisquare(np.array(req["obs"], dtype=float), np.array(req["exp"], dtype=float))
        return [r.statistic, r.pvalue]
    if op == "chi2_sf":
        return stats.chi2.sf(req["x"], req["df"])
    if op == "ndtr":
        return special.ndtr(req["x"])
    if op == "evidently":
        # Columns from two CSV files, missing values dropped per side, as Evidently does.
        ref_df = pd.read_csv(req["ref"])
        cur_df = pd.read_csv(req["cur"])
        col = req["column"]
        ref = ref_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        cur = cur_df[col].replace([np.inf, -np.inf], np.nan).dropna()
        kind = req.get("type") or evidently_type(ref_df[col], cur_df[col])
        method = req.get("method") or default_method(kind, ref, cur)
        score = evidently_stat(ref, cur, kind != "categorical", method)
        return {"type": kind, "method": method, "statistic": score[0], "pValue": score[1],
                "missingReference": int(ref_df[col].shape[0] - ref.shape[0]),
                "missingCurrent": int(cur_df[col].shape[0] - cur.shape[0])}
    raise ValueError(op)


def main():
    with open(sys.argv[1]) as f:
        reqs = json.load(f)
    out = [enc(run(r)) for r in reqs]
    with open(sys.argv[2], "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
