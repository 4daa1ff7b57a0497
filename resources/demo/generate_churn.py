"""Generates the synthetic telco-churn demo data: churn.csv (training) and churn_current.csv (a later month).

Run with: /usr/bin/python3 resources/demo/generate_churn.py   (numpy and pandas; fixed seeds, so the output is
byte-for-byte reproducible). Churn follows a known logistic model, so a classifier has a real signal to find
(holdout AUC around 0.8). The "current" month raises prices and shifts customers towards electronic checks:
two columns drift, the rest do not, which is what the drift-check demo shows.
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))

CONTRACTS = ["Month-to-month", "One year", "Two year"]
PAYMENTS = ["Electronic check", "Mailed check", "Bank transfer", "Credit card"]
INTERNET = ["DSL", "Fiber optic", "None"]


def generate(n: int, seed: int, price_shift: float = 0.0, echeck_share: float = 0.30, id_start: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    contract = rng.choice(CONTRACTS, n, p=[0.52, 0.25, 0.23])
    other = (1 - echeck_share) / 3
    payment = rng.choice(PAYMENTS, n, p=[echeck_share, other, other, other])
    internet = rng.choice(INTERNET, n, p=[0.35, 0.44, 0.21])
    senior = (rng.random(n) < 0.16).astype(int)
    paperless = np.where(rng.random(n) < 0.59, "yes", "no")

    # Longer contracts go with longer tenure, as in real telco data.
    tenure_scale = np.select([contract == "Month-to-month", contract == "One year"], [14.0, 32.0], 48.0)
    tenure = np.clip(rng.exponential(tenure_scale), 0, 72).round().astype(int)
    base = np.select([internet == "Fiber optic", internet == "DSL"], [85.0, 58.0], 24.0)
    monthly = np.clip(base + rng.normal(0, 11, n) + price_shift, 18.0, 130.0).round(2)
    total = (monthly * tenure * rng.normal(1.0, 0.04, n)).round(2)
    support_calls = rng.poisson(0.8 + 0.6 * (internet == "Fiber optic") + 0.4 * senior)

    logit = (
        -1.9
        + 1.3 * (contract == "Month-to-month") - 0.9 * (contract == "Two year")
        - 0.035 * tenure
        + 0.018 * (monthly - 65)
        + 0.38 * support_calls
        + 0.55 * (payment == "Electronic check")
        + 0.35 * (internet == "Fiber optic")
        + 0.30 * senior
        + 0.20 * (paperless == "yes")
    )
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)

    df = pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(id_start, id_start + n)],
        "tenure": tenure,
        "monthly_charges": monthly,
        "total_charges": total,
        "support_calls": support_calls,
        "senior_citizen": senior,
        "contract": contract,
        "payment_method": payment,
        "internet_service": internet,
        "paperless_billing": paperless,
        "churned": churned,
    })
    # New customers have no bill yet: a few blanks, as in the real data set, for the imputation path.
    df.loc[(df["tenure"] == 0) & (rng.random(n) < 0.5), "total_charges"] = np.nan
    return df


def main() -> None:
    train = generate(5000, seed=20240501)
    current = generate(2000, seed=20240601, price_shift=11.0, echeck_share=0.55, id_start=5001)
    train.to_csv(os.path.join(HERE, "churn.csv"), index=False)
    current.to_csv(os.path.join(HERE, "churn_current.csv"), index=False)
    for name, df in (("churn.csv", train), ("churn_current.csv", current)):
        print(f"{name}: {len(df)} rows, churn rate {df['churned'].mean():.1%}, "
              f"{int(df['total_charges'].isna().sum())} blank total_charges")


if __name__ == "__main__":
    main()
