#!/usr/bin/env python3
"""Writes testcases/hj212/<case>/frame.txt with an independent Python CRC (cross-check of the Java codec).
expected.json is written by HjGoldenTest with -Dhj212.golden.write=true; review the diff before committing."""
import os

def crc(b):  # HJ 212-2017 appendix A
    c = 0xFFFF
    for x in b:
        c = (c >> 8) ^ x
        for _ in range(8):
            l = c & 1; c >>= 1
            if l: c ^= 0xA001
    return "%04X" % c

def modbus(b):  # CRC-16/MODBUS, a variant some platforms use
    c = 0xFFFF
    for x in b:
        c ^= x
        for _ in range(8):
            l = c & 1; c >>= 1
            if l: c ^= 0xA001
    return "%04X" % c

def frame(d, length=None, c=None):
    b = d.encode()
    return "##%04d" % (len(b) if length is None else length) + d + (crc(b) if c is None else c) + "\r\n"

MN = "010000A8900016F000169DC0"
VEC = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
ZH = "QN=20260101000000000;ST=32;CN=3020;PW=123456;MN=%s;Flag=5;CP=&&DataTime=20260101000000;PolId=w01018;Info=设备正常&&" % MN
cases = {
    "appendix-1062-vector": frame(VEC),
    "appendix-prose-misprint-1c08": frame(VEC, c="1C08"),
    "realtime-2011": frame("QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=%s;Flag=5;CP=&&DataTime=20160801085857;"
                           "w01018-Rtd=13.6,w01018-Flag=N;w00000-Rtd=6.2,w00000-Flag=B&&" % MN),
    "minute-2051": frame("QN=20260101101600001;ST=31;CN=2051;PW=123456;MN=%s;Flag=5;CP=&&DataTime=20260101101500;"
                         "a21026-Cou=0.12,a21026-Min=10.1,a21026-Avg=11.5,a21026-Max=12.9,a21026-Flag=N&&" % MN),
    "data-answer-9014": frame("QN=20260101101600001;ST=91;CN=9014;PW=123456;MN=%s;Flag=4;CP=&&&&" % MN),
    "chinese-text-bytes": frame(ZH),
    "chinese-text-length-in-chars": frame(ZH, length=len(ZH)),
    "crc-lower-case": frame(VEC, c=crc(VEC.encode()).lower()),
    "crc-modbus-variant": frame(VEC, c=modbus(VEC.encode())),
    "bad-qn": frame("QN=201608010858;ST=32;CN=1062;PW=100000;MN=%s;Flag=5;CP=&&RtdInterval=30&&" % MN),
    "split-part-2-of-3": frame("QN=20260101101500123;ST=31;CN=2011;PW=123456;MN=%s;Flag=7;PNUM=3;PNO=2;"
                               "CP=&&DataTime=20260101101500;a21026-Rtd=11.5,a21026-Flag=N&&" % MN),
}
# Issue 22: the agent's data flags in 2011 (Hj212FlagGoldenTest builds these from readings and equipment states)
RT = "QN=20261207005010000;ST=31;CN=2011;PW=123456;MN=%s;Flag=5;CP=&&DataTime=20261207005010;" % MN
cases.update({
    "flag-F-equipment-stopped": frame(RT + "e30101-Rtd=4.073,e30101-Flag=F;e30102-Rtd=0.5,e30102-Flag=F&&"),
    "flag-D-equipment-abnormal": frame(RT + "e30101-Rtd=131.2,e30101-Flag=D;e30102-Rtd=49.9,e30102-Flag=D&&"),
    "flag-B-no-data": frame(RT + "e30101-Flag=B;e30102-Flag=B&&"),
    "flag-T-out-of-range": frame(RT + "e30101-Flag=T;e30102-Rtd=49.9,e30102-Flag=N&&"),
})
here = os.path.dirname(os.path.abspath(__file__))
for name, text in cases.items():
    os.makedirs(os.path.join(here, name), exist_ok=True)
    with open(os.path.join(here, name, "frame.txt"), "w", newline="") as f:
        f.write(text)
