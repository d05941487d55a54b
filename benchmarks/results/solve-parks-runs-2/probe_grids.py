import sys, time
import numpy as np, highspy
from benchmarks.bench_solve import case_data
from solvers.lp import build_model
from solvers.highs import HighsDirect
from solvers.highs_blocks import _dual_infeasibility
import solvers.highs_coarse as hc
park = sys.argv[1]; years = int(sys.argv[2]); args=[a for a in sys.argv[3:] if a!="nosolve"]; nosolve="nosolve" in sys.argv
grids = [None if g=="cold" else tuple(int(x) for x in g.split(",")) for g in args]
data = case_data(park, years, 8760, None)
d = HighsDirect(build_model(data), lp_path="years")
for b in d._blocks.years:
    sub = d._lp.take(b.cols, b.rows); lab = d._labels.take(b.cols, b.rows)
    for g in grids:
        h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("time_limit", 60.0)
        h.passModel(sub.highs_lp())
        if g is None:
            info={"iterations":0,"seconds":0}; md=sd=sp=0
        else:
            basis, info = hc.coarse_basis(sub, lab, hours_per_run=g)
            h.setBasis(basis)
            md = _dual_infeasibility(h); i = h.getInfo(); sd = i.sum_dual_infeasibilities; sp = i.sum_primal_infeasibilities
        if nosolve:
            print(f"year {b.year} grid {g} runit {info['iterations']} run_s {info['seconds']:.2f} maxd {md:.3g} maxc {np.abs(sub.cost).max():.3g}", flush=True); continue
        t = time.perf_counter(); h.run(); w = time.perf_counter() - t
        print(f"year {b.year} grid {g} runit {info['iterations']} run_s {info['seconds']:.2f} maxd {md:.3g} sumd {sd:.3g} sump {sp:.3g} maxc {np.abs(sub.cost).max():.3g} -> it {h.getInfo().simplex_iteration_count} {w:.1f}s {h.getModelStatus().name}", flush=True)
