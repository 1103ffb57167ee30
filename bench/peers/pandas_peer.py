"""The peer in pandas + statsmodels (vectorised): headcount, flows and the focus
country's yearly AI wage premium with firm-clustered errors, from the clean tables
bench/peers.bench.ts exports (positions.csv, users.csv), by the definitions of
docs/methods.md. Reading and computing are timed apart.

usage: /usr/bin/python3 pandas_peer.py IN_DIR OUT_DIR YEAR_FROM YEAR_TO FOCUS
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

indir, outdir, y0, y1, focus = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
FE = ["seniority", "role", "industry", "highest_degree", "start_year"]

t = time.perf_counter()
pos = pd.read_csv(
    f"{indir}/positions.csv",
    dtype={"uid": "int64", "pid_rank": "int64", "country": "string", "rcid": "string", "role": "string",
           "industry": "string", "seniority": "string", "salary": "float64", "weight": "float64"},
    parse_dates=["startdate", "enddate"],
)
users = pd.read_csv(f"{indir}/users.csv", dtype={"uid": "int64", "ai": "int8", "highest_degree": "string"})
t_read = time.perf_counter() - t

t = time.perf_counter()
timing = {}
pos = pos.sort_values(["uid", "startdate", "pid_rank"], kind="stable").reset_index(drop=True)
pos = pos.merge(users, on="uid", how="left")
pos["ai"] = pos["ai"].fillna(0).astype("int8")
first = pos.groupby("uid", sort=False)["startdate"].transform("min")
pos["exp"] = (pos["startdate"] - first).dt.days / 365.25

# Primary position of each user at each year end: the active one with the latest
# (startdate, pid_rank), i.e. the last active row in the sorted order.
parts = []
for year in range(y0, y1 + 1):
    ye = pd.Timestamp(year, 12, 31)
    act = pos[(pos["startdate"] <= ye) & (pos["enddate"].isna() | (pos["enddate"] >= ye))]
    parts.append(act.drop_duplicates("uid", keep="last").assign(year=year))
prim = pd.concat(parts, ignore_index=True)
group = np.where(prim["ai"] == 1, "ai", "non_ai")
headcount = prim.assign(group=group).groupby(["country", "year", "group"]).size().rename("persons").reset_index()
timing["headcount"] = time.perf_counter() - t

t1 = time.perf_counter()
prev = pos.groupby("uid", sort=False)["country"].shift()
mv = pos[prev.notna() & (prev != pos["country"])].assign(origin=prev, year=lambda d: d["startdate"].dt.year)
mv = mv[(mv["year"] >= y0) & (mv["year"] <= y1)]
mv = mv.assign(group=np.where(mv["ai"] == 1, "ai", "non_ai"))
inflow = mv.groupby(["country", "year", "group"]).size().rename("inflow")
outflow = mv.groupby(["origin", "year", "group"]).size().rename("outflow")
outflow.index = outflow.index.set_names(["country", "year", "group"])
flows = pd.concat([inflow, outflow], axis=1).fillna(0).astype("int64").reset_index()
timing["flows"] = time.perf_counter() - t1

t1 = time.perf_counter()
s = prim[(prim["country"] == focus) & (prim["salary"] > 0) & prim["exp"].notna()].copy()
s["ln_salary"] = np.log(s["salary"])
s["exp2"] = s["exp"] ** 2
s["seniority"] = s["seniority"].fillna("unknown")
s["role"] = s["role"].fillna("<NA>")
s["industry"] = s["industry"].fillna("<NA>")
deg = s["highest_degree"].str.strip()
s["highest_degree"] = deg.where(deg.notna() & (deg != ""), "unknown")
s["start_year"] = s["startdate"].dt.year.astype(str)
s["cluster"] = s["rcid"].where(s["rcid"].notna(), "pid:" + s["pid_rank"].astype(str))
rows = []
for year, d in s.groupby("year", sort=True):
    if d["ai"].nunique() < 2:
        continue
    X = pd.concat([d[["ai", "exp", "exp2"]].astype(float),
                   pd.get_dummies(d[FE].astype(str), drop_first=True, dtype=float)], axis=1)
    X = sm.add_constant(X, has_constant="add")
    groups = pd.factorize(d["cluster"])[0]
    fit = sm.OLS(d["ln_salary"].to_numpy(), X).fit(cov_type="cluster", cov_kwds={"groups": groups})
    rows.append({"year": int(year), "estimate": float(fit.params["ai"]), "se": float(fit.bse["ai"]), "n": int(len(d))})
premium = pd.DataFrame(rows)
timing["premium"] = time.perf_counter() - t1
t_compute = time.perf_counter() - t

headcount.to_csv(f"{outdir}/headcount.csv", index=False)
flows.to_csv(f"{outdir}/flows.csv", index=False)
premium.to_csv(f"{outdir}/premium.csv", index=False, float_format="%.17g")
with open(f"{outdir}/timings.json", "w") as f:
    json.dump({"read": t_read, "compute": t_compute, **timing, "positions": int(len(pos))}, f)
