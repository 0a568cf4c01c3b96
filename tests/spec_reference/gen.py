"""Random case generator: criteria model (+ YAML text), units and evidence CSVs."""
import copy
import csv
import io
import os
from fractions import Fraction as F

LABEL_POOL = ["xuat_sac", "tot", "kha", "hoan_thanh", "khong_hoan_thanh", "Tốt", "Đạt", "Xuất sắc",
              "trung_binh", "chưa đạt"]
YES_SP = ["yes", "y", "true", "1", "có", "co", "đạt"]
NO_SP = ["no", "n", "false", "0", "không", "khong", "không đạt"]
NA_SP = ["N/A", "NA", "không áp dụng", "không phát sinh", "KPS", "n/a", "Không phát sinh", "kps",
         "Không Áp Dụng", "na"]
OWNERS = ["Phòng Nội vụ", "Văn phòng HĐND và UBND", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch",
          "Office: A, B"]
GROUP_POOL = ["huyen", "xa", "so", "ban"]
UNIT_POOL = ["bac-son", "binh-gia", "cao-loc", "chi-lang", "dinh-lap", "huu-lung", "loc-binh",
             "van-lang", "van-quan", "trang-dinh", "u1", "u2", "u10", "A", "b", "Z9"]


def dec_str(x):
    """exact decimal string of a Fraction with a terminating decimal expansion"""
    x = F(x)
    neg = x < 0
    x = abs(x)
    ip = int(x)
    fr = x - ip
    digs = ""
    while fr and len(digs) < 12:
        fr *= 10
        d = int(fr)
        digs += str(d)
        fr -= d
    s = str(ip) + ("." + digs if digs else "")
    return ("-" if neg else "") + s


def rand_dec(rng, lo, hi, maxdec):
    nd = rng.randint(0, maxdec)
    q = 10 ** nd
    return F(rng.randint(int(lo * q), int(hi * q)), q)


def randcase(rng, s):
    c = rng.random()
    if c < 0.4:
        return s
    if c < 0.55:
        return s.upper()
    if c < 0.7:
        return s.lower()
    if c < 0.8:
        return s.title()
    return "".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in s)


def fmt_num(rng, x, style, ndec=None, allow_thousands=True):
    """format a Fraction x (terminating) as office text in decimal style '.' or ','"""
    s = dec_str(x)
    ip, _, fp = s.partition(".")
    if ndec is not None and len(fp) < ndec:
        fp = fp + "0" * (ndec - len(fp))
    th = "," if style == "." else "."
    if allow_thousands and len(ip) > 3 and rng.random() < 0.6:
        groups = []
        while len(ip) > 3:
            groups.insert(0, ip[-3:])
            ip = ip[:-3]
        groups.insert(0, ip)
        if fp or len(groups) > 2:
            ip = th.join(groups)
        else:
            ip = "".join(groups)
    return ip + (style + fp if fp else "")


# ----------------------------------------------------------------- criteria
def gen_rule(rng, mx):
    k = rng.choice(["binary", "levels", "bands", "ratio", "count", "deduction", "points"])
    r = {"kind": k}
    if k == "levels":
        labs = rng.sample(LABEL_POOL, rng.randint(2, 4))
        fr = [F(1), F(3, 4), F(1, 2), F(0), F(1, 4), F(3, 10), F(33, 100), F(2, 3) and F(667, 1000)]
        r["levels"] = [(l, dec_str(rng.choice(fr))) for l in labs]
    elif k == "bands":
        n = rng.randint(1, 3)
        mins = rng.sample([0, 10, 20, 30, 50, 70, 80, 85.5, 90, 95, 99, 99.5, 100], n)
        bands = []
        for m in mins:
            pts = rand_dec(rng, 0, 1, 2) * mx
            pts = F(round(pts * 100), 100)
            if pts > mx:
                pts = mx
            bands.append((dec_str(F(str(m))), dec_str(pts)))
        rng.shuffle(bands)
        r["bands"] = bands
    elif k == "ratio":
        if rng.random() < 0.6:
            r["target"] = dec_str(F(str(rng.choice([60, 80, 85, 99, 99.5, 100, 30, 5000, 0.5, 12.5, 1500000]))))
    elif k in ("count", "deduction"):
        r["per_item"] = dec_str(F(str(rng.choice([0.25, 0.5, 1, 0.3, 0.1, 2, 0.125]))))
    return r


BIG = [False]


def gen_leaf(rng, nid):
    mx = rand_dec(rng, 0.25, 5, rng.choice([0, 1, 2, 2]))
    if BIG[0]:
        mx = mx * BIG[0]
    if mx == 0 and rng.random() < 0.7:
        mx = F(1)
    if rng.random() < 0.02:
        mx = F(0)
    return {"id": nid, "title": "Tiêu chí " + nid, "max": dec_str(mx), "rule": gen_rule(rng, mx)}


def node_max(n):
    if "children" in n:
        return sum((node_max(c) for c in n["children"]), F(0))
    return F(n["max"])


def gen_node(rng, nid, depth, maxdepth):
    if depth >= maxdepth or rng.random() < (0.25 if depth == 1 else 0.55):
        n = gen_leaf(rng, nid)
    else:
        kids = [gen_node(rng, "%s.%d" % (nid, i + 1), depth + 1, maxdepth)
                for i in range(rng.randint(1, 4))]
        n = {"id": nid, "title": "Nhóm " + nid, "children": kids}
        if rng.random() < 0.5:
            n["max"] = dec_str(node_max(n))
    if rng.random() < 0.25:
        n["owner"] = rng.choice(OWNERS)
    if rng.random() < 0.12:
        n["na"] = rng.choice(["exclude", "full_marks", "zero"])
    if rng.random() < 0.12:
        n["evreq"] = rng.random() < 0.6
    return n


def gen_crit(rng, cid):
    BIG[0] = rng.choice([0, 0, 0, 0, 10, 50])
    c = {"id": cid, "title": "Bộ chỉ số: thử %s" % cid, "components": []}
    if rng.random() < 0.85:
        c["places"] = rng.choice([0, 1, 2, 2, 2, 3, 4])
    if rng.random() < 0.7:
        c["na"] = rng.choice(["exclude", "full_marks", "zero"])
    if rng.random() < 0.6:
        c["evreq"] = rng.random() < 0.4
    if rng.random() < 0.8:
        c["rank_by"] = rng.choice(["exact", "rounded"])
    maxdepth = rng.randint(1, 3)
    nb = rng.randint(1, 4)
    i = 0
    for _ in range(nb):
        i += 1
        c["components"].append(gen_node(rng, str(i), 1, maxdepth))
    for kind in ("bonus", "penalty"):
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
            i += 1
            n = gen_node(rng, str(i), 1, min(maxdepth, 2))
            n["kind"] = kind
            if "children" in n and rng.random() < 0.5:
                n["max"] = dec_str(node_max(n))
            c["components"].append(n)
    return c


def gen_classes(rng, groups):
    def lst():
        mins = sorted(rng.sample([0, 50, 70, 80, 90, 85.5, 95, 99.99, 60, 75], rng.randint(1, 5)),
                      reverse=True)
        if rng.random() < 0.7 and 0 not in mins:
            mins.append(0)
        out = [(dec_str(F(str(m))), "Loại %s" % dec_str(F(str(m)))) for m in mins]
        rng.shuffle(out)
        return out
    r = rng.random()
    if r < 0.15:
        return None
    cl = {}
    if rng.random() < 0.85:
        cl["default"] = lst()
    for g in groups:
        if rng.random() < 0.4:
            cl[g] = lst()
    return cl or None


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_text(crit):
    L = ["id: " + q(crit["id"]), "title: " + q(crit["title"])]
    if "places" in crit:
        L.append("places: %d" % crit["places"])
    if "na" in crit:
        L.append("not_applicable: " + crit["na"])
    if "evreq" in crit:
        L.append("evidence_required: " + ("true" if crit["evreq"] else "false"))
    if "rank_by" in crit:
        L.append("rank_by: " + crit["rank_by"])
    if crit.get("classes"):
        L.append("classes:")
        for g, lst in crit["classes"].items():
            L.append("  %s:" % q(g))
            for m, lab in lst:
                L.append("    - { min: %s, label: %s }" % (m, q(lab)))
    L.append("components:")

    def node(n, ind):
        p = " " * ind
        L.append(p + "- id: " + q(n["id"]))
        p2 = p + "  "
        L.append(p2 + "title: " + q(n["title"]))
        if n.get("kind"):
            L.append(p2 + "kind: " + n["kind"])
        if n.get("max") is not None:
            L.append(p2 + "max: " + n["max"])
        if "owner" in n:
            L.append(p2 + "owner: " + q(n["owner"]))
        if "na" in n:
            L.append(p2 + "not_applicable: " + n["na"])
        if "evreq" in n:
            L.append(p2 + "evidence_required: " + ("true" if n["evreq"] else "false"))
        if "children" in n:
            L.append(p2 + "children:")
            for c in n["children"]:
                node(c, ind + 4)
        else:
            r = n["rule"]
            parts = ["kind: " + r["kind"]]
            if "levels" in r:
                parts.append("levels: { " + ", ".join("%s: %s" % (q(l), f) for l, f in r["levels"]) + " }")
            if "bands" in r:
                parts.append("bands: [ " + ", ".join("{ min: %s, points: %s }" % b for b in r["bands"]) + " ]")
            if "target" in r:
                parts.append("target: " + r["target"])
            if "per_item" in r:
                parts.append("per_item: " + r["per_item"])
            L.append(p2 + "rule: { " + ", ".join(parts) + " }")
    for c in crit["components"]:
        node(c, 2)
    return "\n".join(L) + "\n"


def all_leaves(nodes):
    for n in nodes:
        if "children" in n:
            yield from all_leaves(n["children"])
        else:
            yield n


def all_nodes(nodes):
    for n in nodes:
        yield n
        yield from all_nodes(n.get("children", []))


# ----------------------------------------------------------------- evidence values
def gen_value(rng, leaf, style):
    r = leaf["rule"]
    k = r["kind"]
    mx = F(leaf["max"])
    if k == "binary":
        return randcase(rng, rng.choice(YES_SP + NO_SP))
    if k == "levels":
        return randcase(rng, rng.choice(r["levels"])[0])
    if k in ("count", "deduction"):
        return str(rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 12, 40]))
    if k == "points":
        v = rand_dec(rng, 0, 1, 3) * mx
        v = F(int(v * 1000), 1000)
        return fmt_num(rng, v, style)
    # bands / ratio: a number in the rule's unit
    if k == "ratio":
        t = F(r.get("target", "100"))
        v = t * rand_dec(rng, 0, F(13, 10), 3)
        if rng.random() < 0.07:
            v = F(rng.choice([1, 2, 5, 12]), 1000)  # tiny: rounds to 0 at low places
    else:
        m = F(rng.choice(r["bands"])[0])
        v = max(F(0), m + rand_dec(rng, -3, 3, 2)) if rng.random() < 0.7 else rand_dec(rng, 0, 110, 2)
    c = rng.random()
    if c < 0.06 and v <= 200:
        b = rng.choice([39079, 1234567, 45000])
        a = int(round(v * b / 100))
        return "%s/%s" % (fmt_num(rng, F(a), style), fmt_num(rng, F(b), style))
    if c < 0.12:
        # a decimal with a thousands separator: 39.079,5 / 39,079.5 / 1.234.567
        v = F(rng.choice([39079, 1234567, 2500, 100000]) + rng.choice([0, F(1, 2), F(25, 100)]))
        s = fmt_num(rng, v, style, allow_thousands=False)
        th = "," if style == "." else "."
        ip, _, fp = dec_str(v).partition(".")
        groups = []
        while len(ip) > 3:
            groups.insert(0, ip[-3:])
            ip = ip[:-3]
        groups.insert(0, ip)
        if fp or len(groups) > 2:
            return th.join(groups) + (style + fp if fp else "")
        return s
    if c < 0.25 and v <= 200:
        b = rng.choice([4, 7, 18, 25, 32, 39079, 1000, 3, 120000])
        a = int(round(v * b / 100))
        sa = fmt_num(rng, F(a), style)
        sb = fmt_num(rng, F(b), style)
        return "%s/%s" % (sa, sb)
    v = F(round(v * 1000), 1000)
    s = fmt_num(rng, v, style)
    if c > 0.75:
        s += "%"
    return s


def gen_rows(rng, crit, style):
    rows = []
    for leaf in all_leaves(crit["components"]):
        c = rng.random()
        if c < 0.07:
            continue  # missing row
        row = {"criterion": leaf["id"]}
        mx = F(leaf["max"])
        c2 = rng.random()
        if c2 < 0.10:
            if leaf["rule"]["kind"] in ("bands", "ratio", "points") and rng.random() < 0.4:
                row["value"] = "0/0"
            else:
                row["value"] = rng.choice(NA_SP)
        elif c2 < 0.15:
            row["value"] = ""
        else:
            row["value"] = gen_value(rng, leaf, style)
        if row["value"] not in NA_SP and row["value"] != "0/0" and rng.random() < 0.1:
            a = F(int(rand_dec(rng, 0, 1, 2) * mx * 100), 100)
            row["appraised"] = fmt_num(rng, a, style, allow_thousands=False)
        if rng.random() < 0.6:
            s = F(int(rand_dec(rng, 0, 1, 3) * mx * 1000), 1000)
            row["self_score"] = fmt_num(rng, s, style, allow_thousands=False)
        if rng.random() < 0.75:
            row["evidence"] = rng.choice(["Kế hoạch 206/KH-UBND ngày 28/6/2023", "BC 12", "x; y, z"])
        if rng.random() < 0.2:
            row["note"] = rng.choice(["giải trình", "thẩm định: trừ điểm", "a \"q\""])
        rows.append(row)
    if rng.random() < 0.3:
        rng.shuffle(rows)
    return rows


def gen_case(rng, cid="t"):
    crit = gen_crit(rng, cid)
    ngroups = rng.choice([1, 2, 2, 3, 3])
    groups = rng.sample(GROUP_POOL, ngroups)
    crit["classes"] = gen_classes(rng, groups)
    if not crit["classes"]:
        del crit["classes"]
    nunits = rng.randint(2, 8)
    uids = rng.sample(UNIT_POOL, nunits)
    units = [{"id": u, "name": rng.choice(["UBND huyện " + u, u.upper(), "Sở, ngành " + u]),
              "group": rng.choice(groups)} for u in uids]
    case = {"crit": crit, "units": units,
            "units_mode": rng.choice(["u", "u", "infolder", "none"]),
            "layout": rng.choice(["perunit_dir", "perunit_files", "long_file", "long_dir"]),
            "period": rng.choice([None, "2024-Q3", "2023-9T", "năm 2024"]),
            "files": {}}
    if case["units_mode"] == "none":
        for u in units:
            u["group"] = "all"
            u["name"] = u["id"]
    if case["units_mode"] == "infolder" and case["layout"] not in ("perunit_dir", "long_dir"):
        case["units_mode"] = "u"
    ev = {}
    for u in uids:
        style = rng.choice([".", ","])
        ev[u] = {"style": style, "rows": gen_rows(rng, crit, style)}
    # ties and near-ties
    if nunits >= 2 and rng.random() < 0.35:
        a, b = rng.sample(uids, 2)
        ev[b] = copy.deepcopy(ev[a])
        ua = next(u for u in units if u["id"] == a)
        ub = next(u for u in units if u["id"] == b)
        ub["group"] = ua["group"]
        places = crit.get("places", 2)
        if rng.random() < 0.5:
            # near tie by one unit in the last place of an appraised cell
            base_ids = {l["id"]: l for c in crit["components"] if not c.get("kind") for l in all_leaves([c])}
            rows = [r for r in ev[b]["rows"] if r["criterion"] in base_ids
                    and r.get("value", "") not in NA_SP + ["0/0"] and F(base_ids[r["criterion"]]["max"]) >= 1]
            if rows:
                r = rng.choice(rows)
                mx = F(base_ids[r["criterion"]]["max"])
                av = F(int(mx / 2 * 10 ** places), 10 ** places)
                r["appraised"] = fmt_num(rng, av, ev[b]["style"], allow_thousands=False)
                for ra in ev[a]["rows"]:
                    if ra["criterion"] == r["criterion"]:
                        ra["appraised"] = fmt_num(rng, av + F(1, 10 ** places), ev[a]["style"], allow_thousands=False)
        elif rng.random() < 0.5:
            # near tie: tweak one numeric value slightly
            for row in ev[b]["rows"]:
                leaf = next(l for l in all_leaves(crit["components"]) if l["id"] == row["criterion"])
                if leaf["rule"]["kind"] in ("ratio", "points") and row.get("value") and \
                        row["value"][0].isdigit() and "/" not in row["value"] and not row.get("appraised"):
                    row["value"] = row["value"].rstrip("%")
                    try:
                        import ref
                        v = ref.parse_value_number(row["value"])
                    except Exception:
                        continue
                    if v >= F(1, 1000):
                        row["value"] = dec_str(v - F(1, 1000))
                        break
    # a low scorer: base leaves at their worst, so that penalties may floor the total at 0
    if rng.random() < 0.15:
        u = rng.choice(uids)
        base_ids = {l["id"] for c in crit["components"] if not c.get("kind") for l in all_leaves([c])}
        for row in ev[u]["rows"]:
            if row["criterion"] in base_ids:
                leaf = next(l for l in all_leaves(crit["components"]) if l["id"] == row["criterion"])
                k = leaf["rule"]["kind"]
                row.pop("appraised", None)
                if k == "levels":
                    row["value"] = min(leaf["rule"]["levels"], key=lambda x: F(x[1]))[0]
                else:
                    row["value"] = {"binary": "không", "deduction": "99", "count": "0"}.get(k, "0")
    if rng.random() < 0.05:
        ev[rng.choice(uids)]["rows"] = []  # header-only evidence file
    case["evidence"] = ev
    if case["layout"].startswith("perunit") and rng.random() < 0.1 and case["units_mode"] != "none":
        case["drop_file"] = rng.choice(uids)  # a listed unit with no evidence file
    return case


# ----------------------------------------------------------------- writing
def csv_text(rng_fields, header, rows, delim, bom, crlf):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n" if crlf else "\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    t = buf.getvalue()
    return ("\ufeff" if bom else "") + t


def write_case(case, d, rng):
    """Write files under directory d; return (argv_tail, ref_paths). Deterministic given rng."""
    os.makedirs(d, exist_ok=True)
    crit_p = os.path.join(d, "crit.yaml")
    open(crit_p, "w").write(yaml_text(case["crit"]))
    evd = os.path.join(d, "ev")
    os.makedirs(evd, exist_ok=True)
    args = ["-c", crit_p]
    units_path = None
    if case["units_mode"] in ("u", "infolder"):
        delim = rng.choice([",", ";", "\t"])
        uh = ["id", "name", "group", "ghi_chu"]
        if rng.random() < 0.3:
            rng.shuffle(uh)
        text = csv_text(None, uh,
                        [dict(u, ghi_chu="x") for u in case["units"]], delim, rng.random() < 0.3, False)
        units_path = os.path.join(d, "units.csv") if case["units_mode"] == "u" else os.path.join(evd, "units.csv")
        open(units_path, "w", newline="").write(text)
        if case["units_mode"] == "u":
            args += ["-u", units_path]
    if case.get("period"):
        args += ["--period", case["period"]]
    args += ["-f", "json"]
    evpaths = []
    opt = ["self_score", "appraised", "evidence", "note", "title"]
    if case["layout"].startswith("perunit"):
        for u in case["units"]:
            uid = u["id"]
            if uid == case.get("drop_file") or uid not in case["evidence"]:
                continue
            e = case["evidence"][uid]
            need = {k for r in e["rows"] for k in r}
            hdr = ["criterion", "value"] + [k for k in opt if k in need or rng.random() < 0.3]
            hdr = hdr[:1] + rng.sample(hdr[1:], len(hdr) - 1) if rng.random() < 0.3 else hdr
            p = os.path.join(evd, uid + ".csv")
            open(p, "w", newline="").write(csv_text(None, hdr, e["rows"], rng.choice([",", ";", "\t"]),
                                                    rng.random() < 0.3, rng.random() < 0.2))
            evpaths.append((p, "perunit"))
        # extra evidence for units not listed (invalid cases add these)
        for uid, e in case["evidence"].items():
            if uid not in [u["id"] for u in case["units"]]:
                p = os.path.join(evd, uid + ".csv")
                open(p, "w", newline="").write(csv_text(None, ["criterion", "value"], e["rows"], ",", False, False))
                evpaths.append((p, "perunit"))
    else:
        rows = []
        for uid, e in case["evidence"].items():
            if uid == case.get("drop_file"):
                continue
            for r in e["rows"]:
                rows.append(dict(r, unit=uid))
        if rng.random() < 0.3:
            rng.shuffle(rows)
        need = {k for r in rows for k in r}
        hdr = ["unit", "criterion", "value"] + [k for k in opt if k in need or rng.random() < 0.3]
        if rng.random() < 0.3:
            hdr = rng.sample(hdr, len(hdr))
        p = os.path.join(evd, "evidence.csv")
        open(p, "w", newline="").write(csv_text(None, hdr, rows, rng.choice([",", ";", "\t"]),
                                                rng.random() < 0.3, rng.random() < 0.2))
        evpaths.append((p, "long"))
    if case["layout"].endswith("_dir"):
        args.append(evd)
        evpaths.sort()
    else:
        args += [p for p, _ in evpaths]
    return args, {"units": units_path, "evidence": evpaths}
