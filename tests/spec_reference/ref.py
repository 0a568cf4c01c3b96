"""Independent reference implementation of parindex SPEC §2-§4 and `score -f json` (§5).

Input: a case model (see gen.py) for the criteria tree (the YAML text is generated from the
same model), and the evidence/units CSV files read from disk with the stdlib csv module.
Output: the expected JSON document (python dict), or the string "ERROR" (+ list of reasons).
"""
import csv
import io
import os
from fractions import Fraction as F

TOOL = "parindex 0.1.0"
YES = {"yes", "y", "true", "1", "có", "co", "đạt"}
NO = {"no", "n", "false", "0", "không", "khong", "không đạt"}
NA = {"n/a", "na", "không áp dụng", "không phát sinh", "kps"}


ROUND_NA_POINTS = os.environ.get("ROUND_NA_POINTS", "1") == "1"


class Invalid(Exception):
    pass


def round_half_away(x, places):
    x = F(x)
    q = F(10) ** places
    sign = -1 if x < 0 else 1
    n = (abs(x) * q + F(1, 2)).__floor__()
    return F(sign * n) / q


def fmt(x, places):
    r = round_half_away(x, places)
    neg = r < 0
    r = abs(r)
    n = int(r * 10 ** places)
    s = str(n).rjust(places + 1, "0")
    if places:
        s = s[:-places] + "." + s[-places:]
    return ("-" if neg else "") + s


def parse_plain(s):
    s = s.strip()
    if s == "":
        raise Invalid("empty number")
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    nd, nc = s.count("."), s.count(",")
    if nd and nc:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        th = "," if dec == "." else "."
        if s.count(dec) != 1:
            raise Invalid("bad number")
        s = s.replace(th, "").replace(dec, ".")
    elif nd > 1:
        s = s.replace(".", "")
    elif nc > 1:
        s = s.replace(",", "")
    elif nc == 1:
        s = s.replace(",", ".")
    if not s or not all(c.isdigit() or c == "." for c in s) or s in (".",) or s.count(".") > 1:
        raise Invalid("bad number %r" % s)
    if s.startswith(".") or s.endswith("."):
        raise Invalid("bad number %r" % s)
    return sign * F(s)


def is_na(v):
    t = v.strip()
    if t.lower() in NA:
        return True
    if "/" in t:
        a, _, b = t.rstrip("%").partition("/")
        try:
            return parse_plain(a) == 0 and parse_plain(b) == 0
        except Invalid:
            return False
    return False


def parse_value_number(v):
    t = v.strip()
    if t.endswith("%"):
        t = t[:-1].strip()
    if "/" in t:
        a, _, b = t.partition("/")
        a, b = parse_plain(a), parse_plain(b)
        if b == 0:
            raise Invalid("a/0")
        return a / b * 100
    return parse_plain(t)


def apply_rule(rule, mx, v):
    k = rule["kind"]
    if k == "binary":
        t = v.strip().lower()
        if t in YES:
            return mx
        if t in NO:
            return F(0)
        raise Invalid("binary %r" % v)
    if k == "levels":
        t = v.strip().lower()
        for lab, frac in rule["levels"]:
            if lab.lower() == t:
                return F(frac) * mx
        raise Invalid("level %r" % v)
    x = parse_value_number(v)
    if k == "bands":
        for b in sorted(rule["bands"], key=lambda b: -F(b[0])):
            if F(b[0]) <= x:
                return F(b[1])
        return F(0)
    if k == "ratio":
        tgt = F(rule.get("target", "100"))
        return mx * min(x / tgt, F(1))
    if k in ("count", "deduction"):
        if x.denominator != 1 or x < 0:
            raise Invalid("not whole %r" % v)
        pi = F(rule["per_item"])
        if k == "count":
            return min(x * pi, mx)
        return max(mx - x * pi, F(0))
    if k == "points":
        if x < 0 or x > mx:
            raise Invalid("points out of range")
        return x
    raise AssertionError(k)


def read_csv(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.splitlines()[0] if text else ""
    delim = max([",", ";", "\t"], key=lambda d: first.count(d))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    header = [h.strip() for h in rows[0]]
    out = []
    # line numbers: assume no embedded newlines (the generator never writes any)
    for i, r in enumerate(rows[1:], start=2):
        if not r or all(c == "" for c in r):
            continue
        out.append((i, dict(zip(header, r))))
    return out


def nominal(n):
    if "children" in n:
        return sum((nominal(c) for c in n["children"]), F(0))
    return F(n["max"])


def leaves_of(nodes, inherit):
    """Yield (leaf, owner, na_policy, ev_req, component) in file order."""
    for n in nodes:
        own = n.get("owner", inherit["owner"])
        na = n.get("na", inherit["na"])
        ev = n.get("evreq", inherit["ev"])
        ctx = {"owner": own, "na": na, "ev": ev, "comp": inherit.get("comp") or n}
        if "children" in n:
            yield from leaves_of(n["children"], ctx)
        else:
            yield n, own, na, ev, ctx["comp"]


def compute(case, paths):
    """paths: dict with 'units' (path or None) and 'evidence' list of (path, kind) where kind is
    'perunit' or 'long'. Returns dict or raises Invalid."""
    crit = case["crit"]
    places = crit.get("places", 2)
    errs = []
    leaves = list(leaves_of(crit["components"], {"owner": None, "na": crit.get("na", "exclude"),
                                                  "ev": crit.get("evreq", False), "comp": None}))
    leaf_by_id = {l[0]["id"]: l for l in leaves}
    all_ids = set()

    def walk(ns):
        for n in ns:
            all_ids.add(n["id"])
            walk(n.get("children", []))
    walk(crit["components"])

    # load checks (SPEC §2, §4 validation)
    seen = []
    def check_nodes(ns, top):
        for n in ns:
            if n["id"] in seen:
                errs.append("duplicate id %s" % n["id"])
            seen.append(n["id"])
            if n.get("kind") and not top:
                errs.append("kind below component")
            if "children" in n:
                check_nodes(n["children"], False)
                if n.get("max") is not None and F(n["max"]) != nominal(n):
                    errs.append("parent max %s" % n["id"])
            else:
                r, mx = n["rule"], F(n["max"])
                if mx < 0:
                    errs.append("neg max")
                for b in r.get("bands", []):
                    if F(b[1]) > mx or F(b[1]) < 0:
                        errs.append("band points > max %s" % n["id"])
                if "per_item" in r and F(r["per_item"]) <= 0:
                    errs.append("per_item")
                if "target" in r and F(r["target"]) <= 0:
                    errs.append("target")
                for _, fr in r.get("levels", []):
                    if not 0 <= F(fr) <= 1:
                        errs.append("level fraction")
    check_nodes(crit["components"], True)

    # units
    units = None
    if paths["units"]:
        units = []
        for ln, r in read_csv(paths["units"]):
            units.append({"id": r["id"].strip(), "name": r["name"], "group": r["group"].strip()})
    # evidence rows
    ev = {}  # (unit, crit) -> row
    met = []
    for p, kind in paths["evidence"]:
        for ln, r in read_csv(p):
            u = r["unit"].strip() if kind == "long" else os.path.splitext(os.path.basename(p))[0]
            if u not in met:
                met.append(u)
            c = r.get("criterion", "").strip()
            if c not in all_ids:
                errs.append("%s:%d unknown criterion" % (p, ln)); continue
            if c not in leaf_by_id:
                errs.append("%s:%d parent row" % (p, ln)); continue
            if (u, c) in ev:
                errs.append("%s:%d duplicate" % (p, ln)); continue
            ev[(u, c)] = (p, ln, r)
        if kind == "perunit":
            u = os.path.splitext(os.path.basename(p))[0]
            if u not in met:
                met.append(u)
    if units is None:
        units = [{"id": u, "name": u, "group": "all"} for u in sorted(met)]
    else:
        known = {u["id"] for u in units}
        for u in met:
            if u not in known:
                errs.append("unit %s not in units file" % u)

    results = []
    for u in units:
        lres = []
        self_sum = None
        for leaf, owner, na, evreq, comp in leaves:
            mx = F(leaf["max"])
            row = ev.get((u["id"], leaf["id"]))
            r = row[2] if row else {}
            where = "%s:%d" % (row[0], row[1]) if row else "?"
            value = (r.get("value") or "")
            appr = (r.get("appraised") or "").strip()
            ss = (r.get("self_score") or "").strip()
            evid = (r.get("evidence") or "").strip()
            ssv = None
            if ss:
                try:
                    ssv = parse_plain(ss)
                except Invalid as e:
                    errs.append(where + " self_score " + str(e))
                    ssv = F(0)
                self_sum = (self_sum or F(0)) + ssv
            vstrip = value.strip()
            rec = {"id": leaf["id"], "self_score": ssv, "value": value if vstrip else None,
                   "owner": owner, "comp": comp}
            if vstrip and is_na(vstrip):
                if appr:
                    errs.append(where + " appraised on N/A")
                rec["status"] = "not_applicable"
                if na == "exclude":
                    rec["points"], rec["max"] = F(0), F(0)
                elif na == "full_marks":
                    # AMBIGUITY A1: does step 4 (rounding) apply to a full_marks N/A leaf?
                    # Set ROUND_NA_POINTS=0 in the environment for the unrounded reading.
                    rec["points"] = round_half_away(mx, places) if ROUND_NA_POINTS else mx
                    rec["max"] = mx
                else:
                    rec["points"], rec["max"] = F(0), mx
                lres.append(rec)
                continue
            rec["max"] = mx
            if appr:
                try:
                    a = parse_plain(appr)
                except Invalid as e:
                    errs.append(where + " appraised " + str(e)); a = F(0)
                if a < 0 or a > mx:
                    errs.append(where + " appraised out of range")
                res, st = a, "appraised"
                # value, if any, must still be readable
                if vstrip:
                    try:
                        apply_rule(leaf["rule"], mx, vstrip)
                    except Invalid as e:
                        errs.append(where + " value " + str(e))
            elif not vstrip:
                res, st = F(0), "missing"
            else:
                try:
                    res = apply_rule(leaf["rule"], mx, vstrip)
                except Invalid as e:
                    errs.append(where + " value " + str(e)); res = F(0)
                st = "scored"
                if evreq and res > 0 and not evid:
                    res, st = F(0), "no_evidence"
            rec["points"] = round_half_away(res, places)
            rec["status"] = st
            lres.append(rec)
        # aggregate
        comps = []
        base_p = base_m = bonus = penalty = F(0)
        for c in crit["components"]:
            ls = [l for l in lres if l["comp"] is c]
            p = sum((l["points"] for l in ls), F(0))
            m = sum((l["max"] for l in ls), F(0))
            kind = c.get("kind", "base")
            if kind == "base":
                base_p += p
                base_m += m
                idx = fmt(p / m * 100, places) if m != 0 else None
            else:
                capped = min(p, nominal(c))
                if kind == "bonus":
                    bonus += capped
                else:
                    penalty += capped
                idx = None
            comps.append({"id": c["id"], "title": c["title"], "kind": kind,
                          "points": fmt(p, places), "max": fmt(m, places), "index": idx})
        if base_m == 0:
            errs.append("unit %s base max 0" % u["id"])
            exact = F(0)
        else:
            total = max(base_p + bonus - penalty, F(0))
            exact = total / base_m * 100
        total = max(base_p + bonus - penalty, F(0))
        results.append({"u": u, "exact": exact, "rounded": round_half_away(exact, places),
                        "total": total, "base_m": base_m, "bonus": bonus, "penalty": penalty,
                        "self": self_sum, "comps": comps, "leaves": lres})
    if errs:
        raise Invalid("; ".join(errs[:5]))

    # rank + class
    rank_by = crit.get("rank_by", "exact")
    groups = []
    for r in results:
        if r["u"]["group"] not in groups:
            groups.append(r["u"]["group"])
    classes = crit.get("classes") or {}
    out_units = []
    for g in groups:
        rs = [r for r in results if r["u"]["group"] == g]
        key = (lambda r: r["exact"]) if rank_by == "exact" else (lambda r: r["rounded"])
        for r in rs:
            r["rank"] = 1 + sum(1 for o in rs if key(o) > key(r))
            lst = classes.get(g, classes.get("default"))
            cl = None
            if lst:
                for b in sorted(lst, key=lambda b: -F(b[0])):
                    if F(b[0]) <= r["rounded"]:
                        cl = b[1]
                        break
            r["class"] = cl
        rs.sort(key=lambda r: (r["rank"], r["u"]["id"]))
        for r in rs:
            out_units.append({
                "id": r["u"]["id"], "name": r["u"]["name"], "group": g,
                "points": fmt(r["total"], places), "max": fmt(r["base_m"], places),
                "index": fmt(r["exact"], places),
                "bonus": fmt(r["bonus"], places), "penalty": fmt(r["penalty"], places),
                "self_points": fmt(r["self"], places) if r["self"] is not None else None,
                "rank": r["rank"], "group_size": len(rs), "class": r["class"],
                "components": r["comps"],
                "leaves": [{"id": l["id"], "status": l["status"], "points": fmt(l["points"], places),
                            "max": fmt(l["max"], places),
                            "self_score": fmt(l["self_score"], places) if l["self_score"] is not None else None,
                            "value": l["value"], "owner": l["owner"]} for l in r["leaves"]],
            })
    return {"tool": TOOL, "criteria": {"id": crit["id"], "title": crit["title"]},
            "period": case.get("period"), "places": places, "units": out_units}
