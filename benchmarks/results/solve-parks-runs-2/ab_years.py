import sys, json, time
park = sys.argv[1]
from benchmarks.bench_solve import measure
try:
    from benchmarks.bench_solve import case_data
    data = case_data(park, 3, 8760, None)
except ImportError:
    from benchmarks.util import lp_data
    data = lp_data(3, 8760, scenario=park)
r = measure(data, sys.argv[2])
print(json.dumps({k: r[k] for k in ("path", "seconds", "cpu_s", "status", "objective", "iterations", "run_start")}), flush=True)
