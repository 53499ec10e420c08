#!/usr/bin/env python3
"""Writes noisy-hour.csv: one hour of CPU % of two CPU burners on a busy 2-core machine, a sample every 5 s.

Each burner wants a whole core; the machine's other load (a random walk, in cores) takes its share of the two
cores, and the scheduler and the sampling add noise. Three stretches stand out: minutes 10-14 a build starves the
burners (under the warning level), minutes 25-31 the machine is otherwise idle (both burners near 100 %, a
sustained critical breach), minutes 40-43 burner-2 is paused. Deterministic: same seed, same file.
"""
import random

random.seed(16)
INTERVAL, SAMPLES = 5, 720
load = 0.6
rows = ["seconds,burner-1,burner-2"]
for i in range(SAMPLES):
    t = i * INTERVAL
    minute = t / 60
    load = min(1.4, max(0.2, load + random.gauss(0, 0.08)))
    other = 1.9 if 10 <= minute < 14 else 0.0 if 25 <= minute < 31 else load
    share = min(1.0, 2.0 / (2.0 + other))
    values = []
    for burner in (1, 2):
        if burner == 2 and 40 <= minute < 43:
            cpu = abs(random.gauss(0.3, 0.2))
        else:
            cpu = 100 * share + random.gauss(0, 10 if other > 0 else 2)
        values.append(f"{min(100.0, max(0.0, cpu)):.1f}")
    rows.append(f"{t}," + ",".join(values))

with open(__file__.replace(".py", ".csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
