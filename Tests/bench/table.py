#!/usr/bin/env python3
"""Prints the benchmark table from the tab-separated rows run.sh collected.

    table.py RESULTS.tsv

Row kinds (first column), then case name, then:
  wrk    req/s, p50 µs, p99 µs, CPU µs/request, errors, target req/s (or -), note
  cgi    mean µs, p50 µs, p99 µs, CPU µs/run, errors, target ms (or -), note
  lat    p50 µs, p99 µs, requests, target p50 ms, target p99 ms (or -), note (one request at a time)
  rss    MB (max over workers), target MB, note
  ratio  value (0..1), target (or -), note
  rate   items/s, target items/s (or -), note (a throughput that is not HTTP, e.g. mail intake)
  na     note
The "ratio" column is always oriented so that >= 1.00 means the target is met.
"""
import sys


def ms(us):
    return "%.2f ms" % (float(us) / 1000.0)


def num(x):
    return "-" if x in ("", "-") else x


def main():
    rows, notes, missed = [], [], 0
    for line in open(sys.argv[1], encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        kind, case = f[0], f[1]
        if kind == "wrk":
            rps, p50, p99, cpu, errors, target, note = f[2:9]
            ratio = ""
            if target != "-":
                r = float(rps) / float(target)
                ok = r >= 1.0 and (not note.startswith("no-errors") or int(errors) == 0)
                ratio = "%.2f %s" % (r, "ok" if ok else "MISS")
                missed += not ok
                target = ">= %s/s" % format(int(target), ",")
                if note.startswith("no-errors"):
                    target += ", 0 errors"
                    note = note[len("no-errors"):].lstrip("; ")
            rows.append([case, format(round(float(rps)), ","), ms(p50), ms(p99), num(cpu), errors,
                         target if target != "-" else "", ratio])
        elif kind == "cgi":
            mean, p50, p99, cpu, errors, target, note = f[2:9]
            ratio = ""
            if target != "-":
                r = float(target) * 1000.0 / float(mean)
                ratio = "%.2f %s" % (r, "ok" if r >= 1.0 else "MISS")
                missed += r < 1.0
                target = "<= %s ms (mean)" % target
            rows.append([case + " (mean %s)" % ms(mean), format(round(1e6 / float(mean)), ","), ms(p50), ms(p99),
                         num(cpu), errors, target if target != "-" else "", ratio])
        elif kind == "lat":
            p50, p99, count, t50, t99, note = f[2:8]
            r = float(t50) * 1000.0 / float(p50)
            target = "p50 <= %s ms" % t50
            if t99 != "-":
                r = min(r, float(t99) * 1000.0 / float(p99))
                target += ", p99 <= %s ms" % t99
            missed += r < 1.0
            rows.append([case + " (%s requests)" % count, "", ms(p50), ms(p99), "", "0", target,
                         "%.2f %s" % (r, "ok" if r >= 1.0 else "MISS")])
        elif kind == "rss":
            mb, target, note = f[2:5]
            r = float(target) / float(mb)
            missed += r < 1.0
            rows.append([case + ": %.1f MB" % float(mb), "", "", "", "", "", "<= %s MB" % target,
                         "%.2f %s" % (r, "ok" if r >= 1.0 else "MISS")])
        elif kind in ("ratio", "rate"):
            value, target, note = f[2:5]
            ratio, shown = "", ""
            if target != "-":
                r = float(value) / float(target)
                ratio = "%.2f %s" % (r, "ok" if r >= 1.0 else "MISS")
                missed += r < 1.0
                shown = ">= %d%%" % round(float(target) * 100) if kind == "ratio" else ">= %s/s" % format(int(target), ",")
            if kind == "ratio":
                rows.append([case + ": %d%%" % round(float(value) * 100), "", "", "", "", "", shown, ratio])
            else:
                rows.append([case, format(round(float(value)), ","), "-", "-", "-", "-", shown, ratio])
        else:
            note = f[2]
            rows.append([case, note, "", "", "", "", "", ""])
        if kind != "na" and note:
            notes.append("%s: %s" % (case, note))

    head = ["case", "req/s", "p50", "p99", "CPU µs/req", "errors", "target", "ratio"]
    # A row whose req/s cell is a long note spans the remaining columns.
    width = [max(len(r[i]) for r in [head] + [r for r in rows if r[2] or i < 1]) for i in range(len(head))]
    right = {1, 2, 3, 4, 5}

    def fmt(r):
        if not r[2] and r[1] and not r[6]:
            return "  ".join([r[0].ljust(width[0]), r[1]])
        return "  ".join(c.rjust(width[i]) if i in right else c.ljust(width[i]) for i, c in enumerate(r)).rstrip()

    print(fmt(head))
    print("  ".join("-" * w for w in width))
    for r in rows:
        print(fmt(r))
    for n in notes:
        print("  * " + n)
    print("targets missed: %d" % missed)


if __name__ == "__main__":
    main()
