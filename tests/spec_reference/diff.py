#!/usr/bin/env python3
"""Differential test: parindex `score -f json` vs the Python reference (ref.py).

usage: python3 tests/spec_reference/diff.py N SEED [--invalid-rate R] [--no-min] [--show K]
Cases are written under $SPEC_REFERENCE_WORK (a temporary folder by default)/cases/SEED-I/. Discrepancies are grouped by signature,
the first case of each signature is minimised into $SPEC_REFERENCE_WORK/min/<sig>/ (with run.sh).
"""
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import ref  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("PARINDEX_BIN", os.path.join(HERE, "..", "..", "target", "debug", "parindex"))
ROOT = os.environ.get("SPEC_REFERENCE_WORK", tempfile.mkdtemp(prefix="spec-reference-"))


def run_bin(args):
    for attempt in range(6):
        if os.path.exists(BIN):
            try:
                p = subprocess.run([BIN, "score"] + args, capture_output=True, timeout=60)
                return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
            except OSError:
                pass
        time.sleep(60)
    raise SystemExit("binary missing")


def jdiff(e, g, path, out):
    if isinstance(e, dict) and isinstance(g, dict):
        for k in list(e.keys()) + [k for k in g if k not in e]:
            if k not in e or k not in g:
                out.append((path + "." + k, e.get(k, "<absent>"), g.get(k, "<absent>")))
            else:
                jdiff(e[k], g[k], path + "." + k, out)
        if list(e.keys()) == list(g.keys()):
            pass
        elif set(e.keys()) == set(g.keys()):
            out.append((path + "<keyorder>", list(e.keys()), list(g.keys())))
    elif isinstance(e, list) and isinstance(g, list):
        if path.endswith(".units"):
            ei = [u["id"] for u in e]
            gi = [u.get("id") for u in g]
            if ei != gi:
                out.append((path + "<order>", ei, gi))
            gm = {u.get("id"): u for u in g}
            for u in e:
                if u["id"] in gm:
                    jdiff(u, gm[u["id"]], path + "[%s]" % u["id"], out)
                else:
                    out.append((path + "[%s]" % u["id"], "present", "<absent>"))
            return
        if len(e) != len(g):
            out.append((path + "<len>", len(e), len(g)))
        for i, (a, b) in enumerate(zip(e, g)):
            key = a.get("id") if isinstance(a, dict) else i
            jdiff(a, b, path + "[%s]" % key, out)
    else:
        if e != g or type(e) != type(g):
            out.append((path, e, g))


def signature(diffs):
    """generic signature of a discrepancy: paths with ids removed"""
    sigs = set()
    for p, _, _ in diffs:
        sigs.add(re.sub(r"\[[^\]]*\]", "[]", p))
    return tuple(sorted(sigs))


# ---------------------------------------------------------------- invalid mutations
def leaf_list(case):
    return list(gen.all_leaves(case["crit"]["components"]))


def inject_invalid(case, rng):
    kinds = ["bad_value", "appraised_range", "appraised_na", "a_over_0", "unknown_crit", "dup_row",
             "points_range", "parent_row", "unlisted_unit", "parent_max", "dup_id", "all_na",
             "count_fraction", "band_over_max", "per_item_zero", "target_zero", "level_frac",
             "kind_on_child"]
    k = rng.choice(kinds)
    crit = case["crit"]
    uids = list(case["evidence"].keys())
    u = rng.choice(uids)
    rows = case["evidence"][u]["rows"]
    leaves = leaf_list(case)
    leaf = rng.choice(leaves)

    def set_row(lid, **kw):
        for r in rows:
            if r["criterion"] == lid:
                r.clear()
                r.update(criterion=lid, **kw)
                return
        rows.append(dict(criterion=lid, **kw))
    if k == "bad_value":
        kd = leaf["rule"]["kind"]
        v = {"binary": "maybe", "levels": "khong_co_nhan", "count": "abc"}.get(kd, "abc")
        set_row(leaf["id"], value=v, evidence="x")
    elif k == "appraised_range":
        set_row(leaf["id"], value="", appraised=gen.dec_str(gen.F(leaf["max"]) + 1))
    elif k == "appraised_na":
        set_row(leaf["id"], value=rng.choice(["N/A", "0/0", "KPS"]), appraised="0")
    elif k == "a_over_0":
        cand = [l for l in leaves if l["rule"]["kind"] in ("bands", "ratio")]
        if not cand:
            return inject_invalid(case, rng)
        set_row(rng.choice(cand)["id"], value="5/0", evidence="x")
    elif k == "unknown_crit":
        rows.append({"criterion": "99.9", "value": "1"})
    elif k == "dup_row":
        if not rows:
            return inject_invalid(case, rng)
        rows.append(copy.deepcopy(rng.choice(rows)))
    elif k == "points_range":
        cand = [l for l in leaves if l["rule"]["kind"] == "points"]
        if not cand:
            return inject_invalid(case, rng)
        l = rng.choice(cand)
        set_row(l["id"], value=gen.dec_str(gen.F(l["max"]) + gen.F(1, 2)), evidence="x")
    elif k == "parent_row":
        parents = [n for n in gen.all_nodes(crit["components"]) if "children" in n]
        if not parents:
            return inject_invalid(case, rng)
        rows.append({"criterion": rng.choice(parents)["id"], "value": "1"})
    elif k == "unlisted_unit":
        if case["units_mode"] == "none":
            return inject_invalid(case, rng)
        case["evidence"]["ghost"] = {"style": ".", "rows": [{"criterion": leaf["id"], "value": ""}]}
    elif k == "parent_max":
        parents = [n for n in gen.all_nodes(crit["components"]) if "children" in n]
        if not parents:
            return inject_invalid(case, rng)
        p = rng.choice(parents)
        p["max"] = gen.dec_str(gen.node_max(p) + gen.F(1, 4))
    elif k == "dup_id":
        nodes = list(gen.all_nodes(crit["components"]))
        if len(nodes) < 2:
            return inject_invalid(case, rng)
        a, b = rng.sample(nodes, 2)
        # rename b's id to a's id (children of b keep their ids)
        b["id"] = a["id"]
        b["title"] = "dup"
        # rows might now be ambiguous; keep
    elif k == "all_na":
        crit["na"] = "exclude"
        for n in gen.all_nodes(crit["components"]):
            n.pop("na", None)
        case["evidence"][u]["rows"] = [{"criterion": l["id"], "value": "N/A"} for l in leaves]
    elif k == "count_fraction":
        cand = [l for l in leaves if l["rule"]["kind"] in ("count", "deduction")]
        if not cand:
            return inject_invalid(case, rng)
        set_row(rng.choice(cand)["id"], value="2,5", evidence="x")
    elif k in ("band_over_max", "per_item_zero", "target_zero", "level_frac"):
        want = {"band_over_max": "bands", "per_item_zero": "count", "target_zero": "ratio",
                "level_frac": "levels"}[k]
        l = leaf
        mx = gen.F(l["max"])
        if want == "bands":
            l["rule"] = {"kind": "bands", "bands": [("50", gen.dec_str(mx + gen.F(1, 100)))]}
        elif want == "count":
            l["rule"] = {"kind": rng.choice(["count", "deduction"]), "per_item": "0"}
        elif want == "ratio":
            l["rule"] = {"kind": "ratio", "target": "0"}
        else:
            l["rule"] = {"kind": "levels", "levels": [("tot", "1.5"), ("kha", "0.5")]}
        for e in case["evidence"].values():
            e["rows"] = [r for r in e["rows"] if r["criterion"] != l["id"]]
    elif k == "kind_on_child":
        kids = [n for c in crit["components"] for n in gen.all_nodes(c.get("children", []))]
        if not kids:
            return inject_invalid(case, rng)
        rng.choice(kids)["kind"] = "bonus"
    return k


# ---------------------------------------------------------------- one case
def check(case, d, wseed):
    """returns (kind, info): kind in ok / diff / exit / both_err"""
    if os.path.exists(d):
        shutil.rmtree(d)
    args, paths = gen.write_case(case, d, random.Random(wseed))
    try:
        exp = ref.compute(case, paths)
        experr = None
    except ref.Invalid as e:
        exp, experr = None, str(e)
    except (KeyError, ValueError) as e:  # malformed model (e.g. dup ids) -> treat as invalid
        exp, experr = None, "model: %r" % e
    rc, out, err = run_bin(args)
    info = {"args": args, "rc": rc, "stderr": err[-2000:], "experr": experr}
    if exp is None:
        if rc == 1:
            return "both_err", info
        info["got"] = out[:3000]
        return "exit", dict(info, sig=("ref_error_bin_rc%d" % rc,))
    if rc != 0:
        return "exit", dict(info, sig=("bin_rc%d_ref_ok" % rc,))
    try:
        got = json.loads(out)
    except ValueError:
        return "exit", dict(info, sig=("bad_json",))
    diffs = []
    jdiff(exp, got, "", diffs)
    if not diffs:
        return "ok", info
    info["diffs"] = diffs
    info["sig"] = signature(diffs)
    return "diff", info


# ---------------------------------------------------------------- minimiser
def minimise(case, sig, d, wseed, budget=400):
    def still(c):
        try:
            kind, info = check(c, d, wseed)
        except Exception:
            return False
        return kind in ("diff", "exit") and set(info["sig"]) & set(sig)

    cur = copy.deepcopy(case)
    steps = 0

    def candidates(c):
        # remove a unit
        for i in range(len(c["units"])):
            n = copy.deepcopy(c)
            uid = n["units"].pop(i)["id"]
            n["evidence"].pop(uid, None)
            if n["units"] or n["evidence"]:
                yield n
        # remove components / children
        def paths(nodes, pre):
            for i, nd in enumerate(nodes):
                yield pre + (i,)
                if "children" in nd:
                    yield from paths(nd["children"], pre + (i,))
        for p in list(paths(c["crit"]["components"], ())):
            n = copy.deepcopy(c)
            lst = n["crit"]["components"]
            parents = []
            for j in p[:-1]:
                parents.append(lst[j])
                lst = lst[j]["children"]
            if len(lst) <= 1:
                continue
            removed = lst.pop(p[-1])
            for par in parents:
                if par.get("max") is not None:
                    par["max"] = gen.dec_str(gen.node_max(par))
            gone = {x["id"] for x in gen.all_nodes([removed])}
            for e in n["evidence"].values():
                e["rows"] = [r for r in e["rows"] if r["criterion"] not in gone]
            yield n
        # collapse a parent with one child into... skip; remove rows
        for uid, e in c["evidence"].items():
            for i in range(len(e["rows"])):
                n = copy.deepcopy(c)
                n["evidence"][uid]["rows"].pop(i)
                yield n
        # drop optional things
        for key in ("classes", "period", "drop_file"):
            if c.get(key) or c["crit"].get(key):
                n = copy.deepcopy(c)
                n.pop(key, None)
                n["crit"].pop(key, None)
                yield n
        for nd_i, nd in enumerate(gen.all_nodes(c["crit"]["components"])):
            for key in ("owner", "na", "evreq", "max"):
                if key in nd and (key != "max" or "children" in nd):
                    n = copy.deepcopy(c)
                    list(gen.all_nodes(n["crit"]["components"]))[nd_i].pop(key)
                    yield n
        for uid, e in c["evidence"].items():
            for i, r in enumerate(e["rows"]):
                for key in ("note", "evidence", "self_score", "appraised"):
                    if key in r:
                        n = copy.deepcopy(c)
                        n["evidence"][uid]["rows"][i].pop(key)
                        yield n
        for mode in ("none",):
            if c["units_mode"] != mode:
                n = copy.deepcopy(c)
                n["units_mode"] = mode
                for u in n["units"]:
                    u["group"] = "all"
                    u["name"] = u["id"]
                yield n
        if c["layout"] != "perunit_files":
            n = copy.deepcopy(c)
            n["layout"] = "perunit_files"
            if n["units_mode"] == "infolder":
                n["units_mode"] = "u"
            yield n

    progress = True
    while progress and steps < budget:
        progress = False
        for n in candidates(cur):
            steps += 1
            if steps >= budget:
                break
            if still(n):
                cur = n
                progress = True
                break
    check(cur, d, wseed)
    return cur


def dump_repro(case, d, wseed, info):
    """write run.sh and a text summary; return text"""
    kind, inf = check(case, d, wseed)  # (re)writes the files
    args, _ = gen.write_case(case, d, random.Random(wseed))
    cmd = "%s score %s" % (BIN, " ".join("'%s'" % a for a in args))
    open(os.path.join(d, "run.sh"), "w").write("#!/bin/sh\n" + cmd + "\n")
    txt = ["### command", cmd]
    for root, _, files in os.walk(d):
        for f in sorted(files):
            if f.endswith((".yaml", ".csv")):
                p = os.path.join(root, f)
                txt += ["### " + os.path.relpath(p, d), open(p, encoding="utf-8").read().rstrip("\n")]
    txt.append("### result: " + kind)
    for p, e, g in inf.get("diffs", [])[:12]:
        txt.append("%s: ref=%s bin=%s" % (p, json.dumps(e, ensure_ascii=False), json.dumps(g, ensure_ascii=False)))
    if kind == "exit":
        txt.append("bin rc=%s stderr=%s ref_error=%s" % (inf["rc"], inf["stderr"].strip()[:600], inf["experr"]))
    t = "\n".join(txt)
    open(os.path.join(d, "REPRO.txt"), "w").write(t + "\n")
    return t


def main():
    a = sys.argv[1:]
    n = int(a[0]) if a else 100
    seed = int(a[1]) if len(a) > 1 else 1
    inv_rate = float(a[a.index("--invalid-rate") + 1]) if "--invalid-rate" in a else 0.2
    do_min = "--no-min" not in a
    stats = {"ok": 0, "diff": 0, "exit": 0, "both_err": 0}
    valid_run = invalid_run = 0
    inv_kinds = {}
    sigs = {}
    for i in range(n):
        rng = random.Random(seed * 1000003 + i)
        case = gen.gen_case(rng, "t%d-%d" % (seed, i))
        inv = None
        if rng.random() < inv_rate:
            inv = inject_invalid(case, rng)
        wseed = seed * 7919 + i
        d = os.path.join(ROOT, "cases", "%d-%d" % (seed, i))
        kind, info = check(case, d, wseed)
        if inv:
            invalid_run += 1
            inv_kinds.setdefault(inv, [0, 0])
            inv_kinds[inv][0] += 1
            if kind == "both_err":
                inv_kinds[inv][1] += 1
        elif info.get("experr") is None:
            valid_run += 1
        stats[kind] += 1
        if kind in ("diff", "exit"):
            s = info["sig"]
            if inv:
                s = tuple(s) + ("inject:" + inv,)
            if s not in sigs:
                sigs[s] = {"count": 0, "first": (i, case, wseed, info, inv)}
            sigs[s]["count"] += 1
        else:
            shutil.rmtree(d, ignore_errors=True)
    print("cases: %d (valid-by-ref %d, injected-invalid %d) stats=%s" % (n, valid_run, invalid_run, stats))
    print("injected invalid kinds (count, bin exit 1 & ref error):", inv_kinds)
    os.makedirs(os.path.join(ROOT, "min"), exist_ok=True)
    for k, (s, v) in enumerate(sorted(sigs.items(), key=lambda kv: -kv[1]["count"])):
        i, case, wseed, info, inv = v["first"]
        print("\n==== signature %d (%d cases, first case %d-%d, injected=%s)" % (k, v["count"], seed, i, inv))
        print("   ", s)
        for p, e, g in info.get("diffs", [])[:6]:
            print("    %s: ref=%s bin=%s" % (p, json.dumps(e, ensure_ascii=False), json.dumps(g, ensure_ascii=False)))
        if info.get("experr") or info.get("rc"):
            print("    bin rc=%s; ref error=%s; bin stderr=%s" % (info["rc"], info["experr"], info["stderr"].strip()[:300]))
        if do_min:
            md = os.path.join(ROOT, "min", "%d-%d" % (seed, i))
            m = minimise(case, info["sig"], md, wseed)
            print("    minimised -> %s/REPRO.txt" % md)
            print("\n".join("      " + l for l in dump_repro(m, md, wseed, info).splitlines()))
    failed = sum(v["count"] for v in sigs.values())
    print("%d passed, %d failed" % (n - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
