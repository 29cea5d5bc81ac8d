#!/usr/bin/env python3
"""Pick the few fuzzer-found inputs worth committing to tests/fuzz/<target>/.

`cargo fuzz cmin` keeps every input that adds a coverage feature: over a thousand files for
binary_to_term. This keeps far fewer: from a libFuzzer merge control file (made with
`-merge=1 -use_counters=0 -merge_control_file=CTL`, seeds directory listed before the scratch
corpus), it greedily takes the input adding the most edges not yet covered by the seeds or by
inputs already taken, while it adds at least MIN_GAIN edges, up to MAX files.

usage: pick_corpus.py CTL SEED_DIR OUT_DIR MAX [MIN_GAIN=3]
"""
import os
import shutil
import sys


def main():
    ctl, seed_dir, out_dir, max_n = sys.argv[1:5]
    max_n = int(max_n)
    min_gain = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    lines = open(ctl).read().split("\n")
    n = int(lines[0])
    files = lines[2:2 + n]
    cov = {}
    for line in lines[2 + n:]:
        p = line.split()
        if p and p[0] == "COV":
            cov[int(p[1])] = set(p[2:])
    seed_dir = os.path.normpath(seed_dir)
    is_seed = [os.path.normpath(os.path.dirname(f)) == seed_dir for f in files]
    covered = set()
    for i, f in enumerate(files):
        if is_seed[i]:
            covered |= cov.get(i, set())
    cand = {i: cov.get(i, set()) - covered for i in range(n) if not is_seed[i]}
    chosen = []
    while cand and len(chosen) < max_n:
        best = max(cand, key=lambda i: (len(cand[i]), -os.path.getsize(files[i])))
        if len(cand[best]) < min_gain:
            break
        new = cand.pop(best)
        chosen.append(best)
        for i in cand:
            cand[i] -= new
    os.makedirs(out_dir, exist_ok=True)
    for i in chosen:
        shutil.copy(files[i], os.path.join(out_dir, os.path.basename(files[i])))
    print(f"{len(chosen)} inputs copied to {out_dir}")


if __name__ == "__main__":
    main()
