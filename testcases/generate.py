#!/usr/bin/env python3
"""Regenerates readings.csv of the golden replay cases (deterministic). See README.md."""
import os, random
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))
HERE = os.path.dirname(os.path.abspath(__file__))

PLANT_CONFIG = """# Golden case: {title}
detection:
  timezone: "+08:00"
  equipment:
    - {{id: fan1,  template: fan,       debounce: 30s, offlineAfter: 15s}}
    - {{id: cond1, template: condenser, debounce: 30s, offlineAfter: 15s}}
    - {{id: esp1,  template: esp,       debounce: 30s, offlineAfter: 15s}}
    - {{id: line1, template: meter,     debounce: 30s, offlineAfter: 15s}}
  facilities:
    - {{id: tf1, equipment: [fan1, cond1, esp1], production: [line1], grace: 60s}}
"""

def t(h, m, s=0):
    return datetime(2026, 11, 20, h, m, s, tzinfo=TZ)

def between(x, a, b):
    return a <= x < b

def plant(name, title, start, end, line, fan, cond, esp, online=lambda dev, x: True, step=5):
    rnd = random.Random(name)
    rows = ["time,point,value,quality"]
    x = start
    while x < end:
        iso = x.isoformat()
        vals = [
            ("line1", "line1.kw", (400 if line(x) else 5) + rnd.gauss(0, 2)),
            ("fan1", "fan1.freq", (49 + rnd.gauss(0, 0.05)) if fan(x) else 0.0),
            ("cond1", "cond1.current", (32 + rnd.gauss(0, 0.3)) if cond(x) else 0.0),
            ("cond1", "cond1.outlet_temp", (10 if cond(x) else 28) + rnd.gauss(0, 0.1)),
            ("esp1", "esp1.kv", {"run": 60, "abnormal": 25, "stop": 0}[esp(x)] + (rnd.gauss(0, 0.3) if esp(x) != "stop" else 0)),
            ("esp1", "esp1.spark_rate", 0 if esp(x) == "stop" else 15 + rnd.randint(-2, 2)),
        ]
        for dev, point, v in vals:
            o = online(dev, x)
            if o is None:
                continue                      # no row at all (reading never recorded)
            rows.append(f"{iso},{point},{round(v, 2)}" if o else f"{iso},{point},,comm_fault")
        x += timedelta(seconds=step)
    write(name, PLANT_CONFIG.format(title=title), rows)

def write(name, config, rows):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.yaml"), "w") as f:
        f.write(config)
    with open(os.path.join(d, "readings.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")

# 1. the seeds' episode: condenser, fan and ESP drop out within a minute of each other at 10:15, all back at 10:42
plant("outage-27min", "condenser, fan and ESP drop out 10:15-10:42 while production runs -> one 27 min outage",
      t(10, 0), t(11, 0),
      line=lambda x: True,
      fan=lambda x: not between(x, t(10, 15, 20), t(10, 42)),
      cond=lambda x: not between(x, t(10, 15), t(10, 42)),
      esp=lambda x: "abnormal" if between(x, t(10, 15, 40), t(10, 42)) else "run")

# 2. the fan drops out for 10 s every 20 s (shorter than the 30 s debounce) -> no event
plant("flapping-no-event", "fan flapping faster than the debounce -> no event",
      t(10, 0), t(10, 40),
      line=lambda x: True,
      fan=lambda x: not (between(x, t(10, 5), t(10, 25)) and (x.second // 10) % 2 == 1),
      cond=lambda x: True, esp=lambda x: "run", step=1)

# 3. production stops at 18:00, treatment follows at 18:02 -> planned shutdown, no outage
plant("planned-shutdown-no-outage", "production stops first, treatment follows -> no outage",
      t(17, 50), t(19, 0),
      line=lambda x: x < t(18, 0),
      fan=lambda x: x < t(18, 2), cond=lambda x: x < t(18, 2),
      esp=lambda x: "run" if x < t(18, 2) else "stop")

# 4. fan1 answers comm_fault 10:20-10:35; esp1 rows are simply missing 10:25-10:30 -> two data gaps, no outage
plant("comm-loss-data-gap", "communication loss -> OFFLINE and data_gap events, never an outage",
      t(10, 0), t(10, 50),
      line=lambda x: True, fan=lambda x: True, cond=lambda x: True, esp=lambda x: "run",
      online=lambda dev, x: (False if dev == "fan1" and between(x, t(10, 20), t(10, 35))
                             else None if dev == "esp1" and between(x, t(10, 25), t(10, 30)) else True))

# 5. VOC rolling 10-minute average climbs past 80 % then 100 % of the 60 mg/m3 limit, then falls back
def voc():
    rnd = random.Random("voc")
    rows = ["time,point,value,quality"]
    x = t(9, 0)
    while x < t(11, 0):
        m = (x - t(9, 0)).total_seconds() / 60
        base = 30 if m < 20 else 52 if m < 45 else 72 if m < 65 else 30
        rows.append(f"{x.isoformat()},stack1.voc,{round(base + rnd.gauss(0, 1.5), 2)}")
        x += timedelta(seconds=10)
    write("voc-warning-then-alarm", """# Golden case: VOC rolling average passes 80 % (warn) then 100 % (alarm) of the permit limit
detection:
  timezone: "+08:00"
  warnings:
    - {point: stack1.voc, limit: 60, window: 10m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05}
""", rows)

voc()
